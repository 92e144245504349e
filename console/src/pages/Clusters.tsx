import { useState } from 'react';
import { Flex, FlexItem, PageSection, Pagination, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { AsOf, Empty, ErrorAlert, StateLabel } from '../components';
import { useSession } from '../context';
import { formatTime, useAsync, useOnEvents } from '../hooks';

/** Clusters as GET /clusters lists them, kept current by cluster phase and node events. */
export default function Clusters() {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(20);
  const list = useAsync(() => api.clusters((page - 1) * perPage, perPage), [api, page, perPage], 30_000);
  useOnEvents((e) => e.type === 'cluster.phase' || e.type === 'cluster.node', list.reload, 1000);
  const items = list.data?.items ?? [];
  return (
    <PageSection data-testid="page-clusters">
      <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsCenter' }}>
        <FlexItem>
          <Title headingLevel="h1">Clusters</Title>
        </FlexItem>
        <FlexItem>
          <AsOf asOf={list.asOf} loading={list.loading} />
        </FlexItem>
      </Flex>
      <ErrorAlert error={list.error} testId="clusters-error" />
      {list.data && items.length === 0 && <Empty testId="clusters-empty">No cluster yet.</Empty>}
      {items.length > 0 && (
        <Table aria-label="Clusters" data-testid="clusters-table">
          <Thead>
            <Tr>
              <Th>Name</Th>
              <Th>Template</Th>
              <Th>State</Th>
              <Th>Setup</Th>
              <Th>Created</Th>
            </Tr>
          </Thead>
          <Tbody>
            {items.map((c) => (
              <Tr key={c.name} data-testid={`cluster-row-${c.name}`}>
                <Td dataLabel="Name">{c.name}</Td>
                <Td dataLabel="Template">{c.template}</Td>
                <Td dataLabel="State">
                  <StateLabel state={c.state} testId={`cluster-state-${c.name}`} />
                  {c.stateReason && <small> {c.stateReason}</small>}
                </Td>
                <Td dataLabel="Setup">
                  {c.setup ? <StateLabel state={c.setup} testId={`cluster-setup-${c.name}`} /> : '—'}
                  {c.setupMessage && <small> {c.setupMessage}</small>}
                </Td>
                <Td dataLabel="Created">{formatTime(c.createdAt)}</Td>
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
          data-testid="clusters-pagination"
        />
      )}
    </PageSection>
  );
}
