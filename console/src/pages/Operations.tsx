import { useState } from 'react';
import { Flex, FlexItem, PageSection, Pagination, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { AsOf, Empty, ErrorAlert, OperationProgress, StateLabel } from '../components';
import { useSession } from '../context';
import { formatTime, useAsync, useEventListener } from '../hooks';
import { CancelOperationButton, isOperationEvent } from '../operations';

/** Operations, newest first (GET /operations), with live progress and cancel. */
export default function Operations() {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(50);
  const list = useAsync(() => api.operations((page - 1) * perPage, perPage), [api, page, perPage], 30_000);
  const { update, reload } = list;
  useEventListener((e) => {
    const op = e.data.operation;
    if (!isOperationEvent(e) || !op) return;
    const known = (list.data?.items ?? []).some((o) => o.id === op.id);
    if (known) update((p) => p && { ...p, items: p.items.map((o) => (o.id === op.id ? op : o)) });
    // a new operation shifts the pages: read the first page again
    if (!known && page === 1) reload();
  });
  const items = list.data?.items ?? [];
  return (
    <PageSection data-testid="page-operations">
      <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsCenter' }}>
        <FlexItem>
          <Title headingLevel="h1">Operations</Title>
        </FlexItem>
        <FlexItem>
          <AsOf asOf={list.asOf} loading={list.loading} />
        </FlexItem>
      </Flex>
      <ErrorAlert error={list.error} testId="operations-error" />
      {list.data && items.length === 0 && <Empty testId="operations-empty">No operation is kept (finished ones are kept 24 h).</Empty>}
      {items.length > 0 && (
        <Table variant="compact" aria-label="Operations" data-testid="operations-table">
          <Thead>
            <Tr>
              <Th>Id</Th>
              <Th>Kind</Th>
              <Th>Target</Th>
              <Th>User</Th>
              <Th>State</Th>
              <Th width={20}>Progress</Th>
              <Th>Started</Th>
              <Th>Finished</Th>
              <Th screenReaderText="Actions" />
            </Tr>
          </Thead>
          <Tbody>
            {items.map((o) => (
              <Tr key={o.id} data-testid={`operation-row-${o.id}`}>
                <Td dataLabel="Id">{o.id}</Td>
                <Td dataLabel="Kind">{o.kind}</Td>
                <Td dataLabel="Target">{o.target}</Td>
                <Td dataLabel="User">{o.user}</Td>
                <Td dataLabel="State">
                  <StateLabel state={o.state} testId={`operation-state-${o.id}`} />
                  {o.error && <div><small>{o.error.detail}</small></div>}
                </Td>
                <Td dataLabel="Progress">
                  <OperationProgress op={o} />
                </Td>
                <Td dataLabel="Started">{formatTime(o.createdAt)}</Td>
                <Td dataLabel="Finished">{formatTime(o.finishedAt)}</Td>
                <Td isActionCell>
                  <CancelOperationButton op={o} onDone={(n) => update((p) => p && { ...p, items: p.items.map((x) => (x.id === n.id ? n : x)) })} />
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {list.data && list.data.total > perPage && (
        <Pagination
          itemCount={list.data.total}
          page={page}
          perPage={perPage}
          onSetPage={(_e, p) => setPage(p)}
          onPerPageSelect={(_e, pp) => {
            setPerPage(pp);
            setPage(1);
          }}
          data-testid="operations-pagination"
        />
      )}
    </PageSection>
  );
}
