import { FormEvent, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import {
  Alert,
  AlertActionCloseButton,
  Button,
  Flex,
  FlexItem,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  PageSection,
  Pagination,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { Operation } from '../api';
import { AsOf, ConfirmModal, Empty, ErrorAlert, OperationProgress } from '../components';
import { useSession } from '../context';
import { formatTime, targetOf, useAsync, useEventListener, useOnEvents } from '../hooks';

/** The experiment names the API takes (checked there too; this only spares a round trip). */
export const EXPERIMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,47}$/;

function CreateExperiment({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const { api } = useSession();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const valid = EXPERIMENT_NAME.test(name);
  const close = () => {
    setName('');
    setError(null);
    onClose();
  };
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      const created = await api.createExperiment(name);
      close();
      navigate(`/experiments/${encodeURIComponent(created.name)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal variant="small" isOpen={isOpen} onClose={close} aria-labelledby="create-experiment-title" data-testid="create-experiment-modal">
      <ModalHeader title="Create an experiment" labelId="create-experiment-title" />
      <ModalBody>
        <Form id="create-experiment-form" onSubmit={submit}>
          <FormGroup label="Name" isRequired fieldId="experiment-name">
            <TextInput
              id="experiment-name"
              isRequired
              value={name}
              validated={name === '' || valid ? 'default' : 'error'}
              onChange={(_e, v) => setName(v)}
              data-testid="experiment-name-input"
              autoFocus
            />
            <FormHelperText>
              <HelperText>
                <HelperTextItem variant={name === '' || valid ? 'default' : 'error'}>
                  Up to 48 letters, digits, ".", "_" and "-", starting with a letter or digit.
                </HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
        </Form>
        <ErrorAlert error={error} testId="create-experiment-error" />
      </ModalBody>
      <ModalFooter>
        <Button
          variant="primary"
          type="submit"
          form="create-experiment-form"
          isLoading={busy}
          isDisabled={busy || !valid}
          data-testid="create-experiment-submit"
        >
          Create
        </Button>
        <Button variant="link" onClick={close} data-testid="create-experiment-cancel">
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

export default function Experiments() {
  const { api, canWrite } = useSession();
  const [page, setPage] = useState(1);
  const [perPage, setPerPage] = useState(20);
  const [creating, setCreating] = useState(false);
  const [destroying, setDestroying] = useState<string | null>(null);
  const location = useLocation();
  // a destroy started on the experiment's own page is followed here
  const [destroyOps, setDestroyOps] = useState<Operation[]>(() => {
    const op = (location.state as { destroyOp?: Operation } | null)?.destroyOp;
    return op ? [op] : [];
  });
  const list = useAsync(() => api.experiments((page - 1) * perPage, perPage), [api, page, perPage], 30_000);
  useOnEvents((e) => e.type === 'operation.finished' && targetOf(e.data.operation?.target)?.kind === 'experiments', list.reload);
  useEventListener((e) => {
    const op = e.data.operation;
    if (op) setDestroyOps((ops) => ops.map((o) => (o.id === op.id ? op : o)));
  });
  const items = list.data?.items ?? [];

  return (
    <PageSection data-testid="page-experiments">
      <Flex justifyContent={{ default: 'justifyContentSpaceBetween' }} alignItems={{ default: 'alignItemsCenter' }}>
        <FlexItem>
          <Title headingLevel="h1">Experiments</Title>
        </FlexItem>
        <FlexItem>
          <AsOf asOf={list.asOf} loading={list.loading} />{' '}
          {canWrite && (
            <Button variant="primary" onClick={() => setCreating(true)} data-testid="create-experiment">
              Create experiment
            </Button>
          )}
        </FlexItem>
      </Flex>
      <ErrorAlert error={list.error} testId="experiments-error" />
      {destroyOps.map((op) => (
        <Alert
          key={op.id}
          isInline
          variant={op.state === 'failed' ? 'danger' : op.state === 'succeeded' ? 'success' : 'info'}
          title={`Destroying ${targetOf(op.target)?.name}: ${op.state}`}
          actionClose={<AlertActionCloseButton onClose={() => setDestroyOps((ops) => ops.filter((o) => o.id !== op.id))} />}
          data-testid={`destroy-status-${targetOf(op.target)?.name}`}
        >
          <OperationProgress op={op} />
          {op.error && <div>{op.error.detail}</div>}
        </Alert>
      ))}
      {list.data && items.length === 0 && <Empty testId="experiments-empty">No experiment yet.</Empty>}
      {items.length > 0 && (
        <Table aria-label="Experiments" data-testid="experiments-table">
          <Thead>
            <Tr>
              <Th>Name</Th>
              <Th>Created</Th>
              {canWrite && <Th screenReaderText="Actions" />}
            </Tr>
          </Thead>
          <Tbody>
            {items.map((x) => (
              <Tr key={x.name} data-testid={`experiment-row-${x.name}`}>
                <Td dataLabel="Name">
                  <Link to={`/experiments/${encodeURIComponent(x.name)}`} data-testid={`experiment-link-${x.name}`}>
                    {x.name}
                  </Link>
                </Td>
                <Td dataLabel="Created">{formatTime(x.createdAt)}</Td>
                {canWrite && (
                  <Td isActionCell>
                    <Button variant="secondary" isDanger size="sm" onClick={() => setDestroying(x.name)} data-testid={`destroy-experiment-${x.name}`}>
                      Destroy
                    </Button>
                  </Td>
                )}
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
          data-testid="experiments-pagination"
        />
      )}
      {canWrite && <CreateExperiment isOpen={creating} onClose={() => setCreating(false)} />}
      {canWrite && (
        <ConfirmModal
          isOpen={destroying != null}
          title={`Destroy experiment ${destroying}?`}
          confirmLabel="Destroy"
          testId="confirm-destroy-experiment"
          onClose={() => setDestroying(null)}
          onConfirm={async () => {
            const op = await api.destroyExperiment(destroying!);
            setDestroyOps((ops) => [op, ...ops.filter((o) => o.id !== op.id)]);
          }}
        >
          This deprovisions every instance of experiment <b>{destroying}</b> on its cloud, then forgets the experiment.
          It cannot be undone.
        </ConfirmModal>
      )}
    </PageSection>
  );
}
