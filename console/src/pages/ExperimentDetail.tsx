import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  Breadcrumb,
  BreadcrumbItem,
  Button,
  Flex,
  FlexItem,
  Label,
  LabelGroup,
  PageSection,
  Pagination,
  SearchInput,
  Title,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { Machine } from '../api';
import { AsOf, ConfirmModal, Empty, ErrorAlert, OperationProgress, StateLabel } from '../components';
import { useSession } from '../context';
import { formatTime, targetOf, useAsync, useOnEvents } from '../hooks';
import { CancelOperationButton, useLiveOperations } from '../operations';

/** Instances that carry every tag of a space-separated filter (as the API's ?tag=T&tag=U). */
export function filterByTags(instances: Machine[], filter: string): Machine[] {
  const wanted = filter.split(/\s+/).filter((t) => t !== '');
  if (wanted.length === 0) return instances;
  return instances.filter((m) => wanted.every((t) => (m.tags ?? []).includes(t)));
}

export default function ExperimentDetail() {
  const { name = '' } = useParams();
  const { api, canWrite } = useSession();
  const navigate = useNavigate();
  const [filter, setFilter] = useState('');
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(50);
  const [destroying, setDestroying] = useState(false);
  const detail = useAsync(() => api.experiment(name), [api, name], 15_000);
  const mine = (t: string | undefined) => {
    const x = targetOf(t);
    return x?.kind === 'experiments' && x.name === name;
  };
  useOnEvents((e) => mine(e.data.operation?.target), detail.reload, 1000);
  const ops = useLiveOperations(100);
  const running = (ops.data ?? []).filter((o) => o.state === 'running' && mine(o.target));

  const instances = useMemo(() => filterByTags(detail.data?.instances ?? [], filter), [detail.data, filter]);
  const shown = instances.slice((page - 1) * perPage, page * perPage);

  return (
    <PageSection data-testid="page-experiment">
      <Breadcrumb>
        <BreadcrumbItem>
          <Link to="/experiments">Experiments</Link>
        </BreadcrumbItem>
        <BreadcrumbItem isActive>{name}</BreadcrumbItem>
      </Breadcrumb>
      <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsCenter' }}>
        <FlexItem>
          <Title headingLevel="h1" data-testid="experiment-name">
            {name}
          </Title>
          {detail.data && <small data-testid="experiment-created">created {formatTime(detail.data.createdAt)}</small>}
        </FlexItem>
        <FlexItem>
          <AsOf asOf={detail.asOf} loading={detail.loading} />{' '}
          {canWrite && detail.data && (
            <Button variant="danger" onClick={() => setDestroying(true)} data-testid="destroy-experiment">
              Destroy
            </Button>
          )}
        </FlexItem>
      </Flex>
      <ErrorAlert error={detail.error} testId="experiment-error" />

      {running.length > 0 && (
        <Table variant="compact" aria-label="Running operations" data-testid="experiment-operations">
          <Thead>
            <Tr>
              <Th>Running</Th>
              <Th width={40}>Progress</Th>
              <Th screenReaderText="Actions" />
            </Tr>
          </Thead>
          <Tbody>
            {running.map((o) => (
              <Tr key={o.id} data-testid={`operation-row-${o.id}`}>
                <Td>
                  {o.kind} <small>{o.id}</small>
                </Td>
                <Td>
                  <OperationProgress op={o} />
                </Td>
                <Td isActionCell>
                  <CancelOperationButton op={o} />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}

      {detail.data && (
        <>
          <Title headingLevel="h2" style={{ marginTop: '1rem' }}>
            Instances ({detail.data.instances.length})
          </Title>
          <Toolbar>
            <ToolbarContent>
              <ToolbarItem>
                <SearchInput
                  placeholder="Filter by tags (all must match)"
                  value={filter}
                  onChange={(_e, v) => {
                    setFilter(v);
                    setPage(1);
                  }}
                  onClear={() => setFilter('')}
                  aria-label="Filter instances by tags"
                  data-testid="instance-filter"
                />
              </ToolbarItem>
              <ToolbarItem variant="pagination">
                <Pagination
                  isCompact
                  itemCount={instances.length}
                  page={page}
                  perPage={perPage}
                  onSetPage={(_e, p) => setPage(p)}
                  onPerPageSelect={(_e, pp) => {
                    setPerPage(pp);
                    setPage(1);
                  }}
                  data-testid="instances-pagination"
                />
              </ToolbarItem>
            </ToolbarContent>
          </Toolbar>
          {instances.length === 0 ? (
            <Empty testId="instances-empty">{filter ? 'No instance carries all these tags.' : 'No instance: provision some.'}</Empty>
          ) : (
            <Table variant="compact" aria-label="Instances" data-testid="instances-table">
              <Thead>
                <Tr>
                  <Th>Id</Th>
                  <Th>State</Th>
                  <Th>Cloud</Th>
                  <Th>Address</Th>
                  <Th>Image / flavor</Th>
                  <Th>Tags</Th>
                  <Th>Created</Th>
                </Tr>
              </Thead>
              <Tbody>
                {shown.map((m) => (
                  <Tr key={m.id} data-testid={`instance-row-${m.id}`}>
                    <Td dataLabel="Id">{m.id}</Td>
                    <Td dataLabel="State">
                      <StateLabel state={m.state} testId={`instance-state-${m.id}`} />
                      {m.stateReason && <small> {m.stateReason}</small>}
                    </Td>
                    <Td dataLabel="Cloud">{m.cloud}</Td>
                    <Td dataLabel="Address">
                      {m.publicHost ? `${m.sshUser ? m.sshUser + '@' : ''}${m.publicHost}${m.sshPort ? ':' + m.sshPort : ''}` : '—'}
                    </Td>
                    <Td dataLabel="Image / flavor">
                      {m.image ?? '—'} / {m.flavor ?? '—'}
                    </Td>
                    <Td dataLabel="Tags">
                      <LabelGroup numLabels={5}>
                        {(m.tags ?? []).map((t) => (
                          <Label key={t} isCompact onClick={() => setFilter((f) => (f.split(/\s+/).includes(t) ? f : `${f} ${t}`.trim()))}>
                            {t}
                          </Label>
                        ))}
                      </LabelGroup>
                    </Td>
                    <Td dataLabel="Created">{formatTime(m.createdAt)}</Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </>
      )}
      {canWrite && (
        <ConfirmModal
          isOpen={destroying}
          title={`Destroy experiment ${name}?`}
          confirmLabel="Destroy"
          testId="confirm-destroy-experiment"
          onClose={() => setDestroying(false)}
          onConfirm={async () => {
            const op = await api.destroyExperiment(name);
            navigate('/experiments', { state: { destroyOp: op } });
          }}
        >
          This deprovisions the {detail.data?.instances.length ?? 0} instance(s) of experiment <b>{name}</b>, then forgets the
          experiment. It cannot be undone.
        </ConfirmModal>
      )}
    </PageSection>
  );
}
