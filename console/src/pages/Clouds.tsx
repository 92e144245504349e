import { useState } from 'react';
import { Button, Flex, FlexItem, Label, LabelGroup, PageSection, Pagination, Title } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { AsOf, Empty, ErrorAlert } from '../components';
import { useSession } from '../context';
import { useAsync } from '../hooks';

export default function Clouds() {
  const { api } = useSession();
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(20);
  const clouds = useAsync(() => api.clouds((page - 1) * perPage, perPage), [api, page, perPage], 30_000);
  const items = clouds.data?.items ?? [];
  return (
    <PageSection data-testid="page-clouds">
      <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsCenter' }}>
        <FlexItem>
          <Title headingLevel="h1">Clouds</Title>
        </FlexItem>
        <FlexItem>
          <AsOf asOf={clouds.asOf} loading={clouds.loading} />{' '}
          <Button variant="link" onClick={clouds.reload} data-testid="clouds-refresh">
            Refresh
          </Button>
        </FlexItem>
      </Flex>
      <ErrorAlert error={clouds.error} testId="clouds-error" />
      {clouds.data && items.length === 0 && <Empty testId="clouds-empty">No cloud is configured.</Empty>}
      {items.length > 0 && (
        <Table aria-label="Clouds" data-testid="clouds-table">
          <Thead>
            <Tr>
              <Th>Name</Th>
              <Th>Provider type</Th>
              <Th>State</Th>
              <Th>Settings</Th>
              <Th>Credentials</Th>
            </Tr>
          </Thead>
          <Tbody>
            {items.map((c) => (
              <Tr key={c.name} data-testid={`cloud-row-${c.name}`}>
                <Td dataLabel="Name" data-testid="cloud-name">
                  {c.name}
                </Td>
                <Td dataLabel="Provider type" data-testid="cloud-type">
                  {c.type}
                </Td>
                <Td dataLabel="State" data-testid="cloud-state">
                  <Label isCompact status={c.available ? 'success' : 'danger'}>
                    {c.available ? 'available' : 'unavailable'}
                  </Label>{' '}
                  {c.status}
                </Td>
                <Td dataLabel="Settings">
                  <LabelGroup numLabels={4}>
                    {Object.entries(c.settings ?? {}).map(([k, v]) => (
                      <Label key={k} isCompact>
                        {k}={v}
                      </Label>
                    ))}
                  </LabelGroup>
                </Td>
                <Td dataLabel="Credentials">
                  {/* write-only: only which ones are set */}
                  {(c.credentials ?? []).length === 0
                    ? '—'
                    : c.credentials.map((k) => (
                        <Label key={k} isCompact color="green">
                          {k}: set
                        </Label>
                      ))}
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {clouds.data && clouds.data.total > perPage && (
        <Pagination
          itemCount={clouds.data.total}
          page={page}
          perPage={perPage}
          onSetPage={(_e, p) => setPage(p)}
          onPerPageSelect={(_e, pp) => {
            setPerPage(pp);
            setPage(1);
          }}
          data-testid="clouds-pagination"
        />
      )}
    </PageSection>
  );
}
