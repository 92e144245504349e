import { useEffect, useMemo } from 'react';
import { Link } from 'react-router-dom';
import {
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Flex,
  FlexItem,
  Gallery,
  Label,
  List,
  ListItem,
  PageSection,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { Machine, all } from '../api';
import { AsOf, Empty, ErrorAlert, OperationProgress, StateLabel } from '../components';
import { useEvents, useSession } from '../context';
import { NubisEvent } from '../events';
import { formatTime, targetOf, useAsync, useOnEvents } from '../hooks';
import { CancelOperationButton, isOperationEvent, useLiveOperations } from '../operations';

const INSTANCE_STATES = ['pending', 'running', 'stopping', 'stopped', 'terminated'];

/** Instances and nodes counted by cloud and state: { cloud: { state: n } }. */
export function countByCloudAndState(machines: Machine[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const m of machines) {
    const byState = (out[m.cloud] ??= {});
    const s = (m.state ?? 'unknown').toLowerCase();
    byState[s] = (byState[s] ?? 0) + 1;
  }
  return out;
}

function summary(e: NubisEvent): string {
  const d = e.data;
  if (d.operation) {
    const op = d.operation;
    return `${op.kind} ${op.target}: ${op.state} (${op.done}/${op.total})${op.error ? ` — ${op.error.detail}` : ''}`;
  }
  const parts = [d.cluster, d.phase, d.node, d.state, d.message].filter((x) => x != null && x !== '');
  return parts.join(' · ');
}

function ProvidersAndClouds() {
  const { api } = useSession();
  const { state } = useEvents();
  // The event stream has no provider events (yet): providers are read again every 10 s, after
  // events that follow a change (cluster phases, finished operations) and when the stream reconnects.
  const providers = useAsync(async () => (await api.providers()).items, [api], 10_000);
  const clouds = useAsync(() => all((o, l) => api.clouds(o, l)), [api], 30_000);
  useOnEvents(
    (e) => e.type === 'operation.finished' || e.type === 'cluster.phase',
    () => {
      providers.reload();
      clouds.reload();
    },
  );
  const { reload: reloadProviders } = providers;
  useEffect(() => {
    if (state === 'open') reloadProviders();
  }, [state, reloadProviders]);

  const deployed = new Set((providers.data ?? []).map((p) => p.type));
  return (
    <>
      <Card data-testid="dashboard-clouds">
        <CardHeader actions={{ actions: <AsOf asOf={clouds.asOf} loading={clouds.loading} testId="clouds-as-of" /> }}>
          <CardTitle>
            <Link to="/clouds">Clouds</Link>
          </CardTitle>
        </CardHeader>
        <CardBody>
          <ErrorAlert error={clouds.error} testId="clouds-error" />
          {clouds.data && clouds.data.length === 0 && <Empty testId="clouds-empty">No cloud is configured.</Empty>}
          {clouds.data && clouds.data.length > 0 && (
            <Table variant="compact" aria-label="Clouds" data-testid="clouds-table">
              <Thead>
                <Tr>
                  <Th>Cloud</Th>
                  <Th>Provider type</Th>
                  <Th>State</Th>
                </Tr>
              </Thead>
              <Tbody>
                {clouds.data.map((c) => (
                  <Tr key={c.name} data-testid={`cloud-row-${c.name}`}>
                    <Td dataLabel="Cloud">{c.name}</Td>
                    <Td dataLabel="Provider type">
                      {c.type}{' '}
                      {providers.data && !deployed.has(c.type) && (
                        <Label isCompact status="warning" data-testid={`cloud-provider-missing-${c.name}`}>
                          not deployed
                        </Label>
                      )}
                    </Td>
                    <Td dataLabel="State" data-testid={`cloud-state-${c.name}`}>
                      <Label isCompact status={c.available ? 'success' : 'danger'}>
                        {c.available ? 'available' : 'unavailable'}
                      </Label>{' '}
                      {c.status}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </CardBody>
      </Card>
      <Card data-testid="dashboard-providers">
        <CardHeader actions={{ actions: <AsOf asOf={providers.asOf} loading={providers.loading} testId="providers-as-of" /> }}>
          <CardTitle>Provider types deployed</CardTitle>
        </CardHeader>
        <CardBody>
          <ErrorAlert error={providers.error} testId="providers-error" />
          {providers.data && providers.data.length === 0 && <Empty testId="providers-empty">No provider is deployed.</Empty>}
          <List isPlain data-testid="provider-list">
            {(providers.data ?? []).map((p) => (
              <ListItem key={p.type} data-testid={`provider-${p.type}`}>
                <b>{p.type}</b> {p.description && <span>— {p.description}</span>}{' '}
                {p.bundle && <Label isCompact>{p.bundle}</Label>}
              </ListItem>
            ))}
          </List>
        </CardBody>
      </Card>
    </>
  );
}

function Instances() {
  const { api } = useSession();
  // There is no one list of every machine in the API: read each experiment's instances and each
  // cluster's nodes (Nubis's records; what the clouds themselves report is on the Clouds page).
  const machines = useAsync(
    async () => {
      const [experiments, clusters] = await Promise.all([
        all((o, l) => api.experiments(o, l)),
        all((o, l) => api.clusters(o, l)),
      ]);
      const lists = await Promise.all([
        ...experiments.map((x) => all((o, l) => api.experimentInstances(x.name, o, l))),
        ...clusters.map((c) => all((o, l) => api.clusterNodes(c.name, o, l))),
      ]);
      return lists.flat();
    },
    [api],
    30_000,
  );
  useOnEvents(
    (e) => e.type === 'operation.finished' || e.type === 'cluster.node' || e.type === 'cluster.phase',
    machines.reload,
    1000,
  );
  const counts = useMemo(() => countByCloudAndState(machines.data ?? []), [machines.data]);
  const clouds = Object.keys(counts).sort();
  const states = [
    ...INSTANCE_STATES,
    ...Array.from(new Set(clouds.flatMap((c) => Object.keys(counts[c])))).filter((s) => !INSTANCE_STATES.includes(s)),
  ];
  return (
    <Card data-testid="dashboard-instances">
      <CardHeader actions={{ actions: <AsOf asOf={machines.asOf} loading={machines.loading} testId="instances-as-of" /> }}>
        <CardTitle>Instances and nodes</CardTitle>
      </CardHeader>
      <CardBody>
        <ErrorAlert error={machines.error} testId="instances-error" />
        {machines.data && clouds.length === 0 && <Empty testId="instances-empty">No instance or node.</Empty>}
        {clouds.length > 0 && (
          <Table variant="compact" aria-label="Instances by state and cloud" data-testid="instances-table">
            <Thead>
              <Tr>
                <Th>Cloud</Th>
                {states.map((s) => (
                  <Th key={s}>{s}</Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {clouds.map((c) => (
                <Tr key={c} data-testid={`instances-row-${c}`}>
                  <Td dataLabel="Cloud">{c}</Td>
                  {states.map((s) => (
                    <Td key={s} dataLabel={s} data-testid={`instances-${c}-${s}`}>
                      {counts[c][s] ?? 0}
                    </Td>
                  ))}
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </CardBody>
    </Card>
  );
}

function OperationsCard() {
  const ops = useLiveOperations(100);
  const running = (ops.data ?? []).filter((o) => o.state === 'running');
  const failures = (ops.data ?? []).filter((o) => o.state === 'failed').slice(0, 5);
  return (
    <>
      <Card data-testid="dashboard-operations">
        <CardHeader actions={{ actions: <AsOf asOf={ops.asOf} loading={ops.loading} testId="operations-as-of" /> }}>
          <CardTitle>
            <Link to="/operations">Running operations</Link>
          </CardTitle>
        </CardHeader>
        <CardBody>
          <ErrorAlert error={ops.error} testId="operations-error" />
          {ops.data && running.length === 0 && <Empty testId="operations-empty">Nothing is running.</Empty>}
          {running.length > 0 && (
            <Table variant="compact" aria-label="Running operations" data-testid="running-operations">
              <Thead>
                <Tr>
                  <Th>Operation</Th>
                  <Th>Target</Th>
                  <Th width={30}>Progress</Th>
                  <Th screenReaderText="Actions" />
                </Tr>
              </Thead>
              <Tbody>
                {running.map((o) => (
                  <Tr key={o.id} data-testid={`operation-row-${o.id}`}>
                    <Td dataLabel="Operation">
                      {o.kind} <small>{o.id}</small>
                    </Td>
                    <Td dataLabel="Target">{target(o.target)}</Td>
                    <Td dataLabel="Progress">
                      <OperationProgress op={o} />
                    </Td>
                    <Td isActionCell>
                      <CancelOperationButton op={o} onDone={(n) => ops.update((l) => (l ?? []).map((x) => (x.id === n.id ? n : x)))} />
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </CardBody>
      </Card>
      <Card data-testid="dashboard-failures">
        <CardHeader>
          <CardTitle>Recent failures</CardTitle>
        </CardHeader>
        <CardBody>
          {ops.data && failures.length === 0 && <Empty testId="failures-empty">No recent failure.</Empty>}
          <List isPlain data-testid="failure-list">
            {failures.map((o) => (
              <ListItem key={o.id} data-testid={`failure-${o.id}`}>
                <b>{o.kind}</b> {target(o.target)} at {formatTime(o.finishedAt)}: {o.error?.detail ?? 'failed'}
              </ListItem>
            ))}
          </List>
        </CardBody>
      </Card>
    </>
  );
}

function target(t: string) {
  const x = targetOf(t);
  if (x?.kind === 'experiments') return <Link to={`/experiments/${encodeURIComponent(x.name)}`}>{t}</Link>;
  return t;
}

function EventFeed() {
  const { recent, state } = useEvents();
  return (
    <Card data-testid="dashboard-events" isFullHeight>
      <CardHeader>
        <CardTitle>Live events</CardTitle>
      </CardHeader>
      <CardBody style={{ maxHeight: '24rem', overflowY: 'auto' }}>
        {recent.length === 0 && (
          <Empty testId="events-empty">{state === 'open' ? 'No event since this page opened.' : 'Connecting to the event stream.'}</Empty>
        )}
        <List isPlain data-testid="event-feed" aria-live="polite">
          {recent.map((e, i) => (
            <ListItem key={`${e.id ?? 'x'}-${i}`} data-testid="event-item" data-event-type={e.type}>
              <Flex spaceItems={{ default: 'spaceItemsSm' }} flexWrap={{ default: 'nowrap' }}>
                <FlexItem>
                  <small>{new Date(e.data.time ?? Date.now()).toLocaleTimeString()}</small>
                </FlexItem>
                <FlexItem>
                  <Label isCompact color={isOperationEvent(e) ? 'blue' : 'purple'}>
                    {e.type}
                  </Label>
                </FlexItem>
                <FlexItem>{summary(e)}</FlexItem>
                {e.data.state && (
                  <FlexItem>
                    <StateLabel state={String(e.data.operation?.state ?? e.data.state)} testId="event-state" />
                  </FlexItem>
                )}
              </Flex>
            </ListItem>
          ))}
        </List>
      </CardBody>
    </Card>
  );
}

export default function Dashboard() {
  return (
    <PageSection data-testid="page-dashboard">
      <Title headingLevel="h1" style={{ marginBottom: '1rem' }}>
        Dashboard
      </Title>
      <Gallery hasGutter minWidths={{ default: '100%', lg: '28rem' }}>
        <ProvidersAndClouds />
        <Instances />
        <OperationsCard />
        <EventFeed />
      </Gallery>
    </PageSection>
  );
}
