// Small pieces the pages share: errors, liveness, states, progress, confirmation.

import { ReactNode, useState } from 'react';
import {
  Alert,
  Button,
  Content,
  EmptyState,
  EmptyStateBody,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  Progress,
  ProgressSize,
  Spinner,
} from '@patternfly/react-core';
import { describeError, Operation } from './api';
import { useEvents } from './context';

/** The API's detail for a failure, in the page (never a blank screen). */
export function ErrorAlert({ error, title, testId }: { error: unknown; title?: string; testId?: string }) {
  if (!error) return null;
  return (
    <Alert isInline variant="danger" title={title ?? 'Request failed'} data-testid={testId ?? 'error'}>
      {describeError(error)}
    </Alert>
  );
}

/** "as of" time of the data shown, with a spinner while it is being read again. */
export function AsOf({ asOf, loading, testId }: { asOf: Date | null; loading: boolean; testId?: string }) {
  return (
    <Content component="small" data-testid={testId ?? 'as-of'}>
      {asOf ? `as of ${asOf.toLocaleTimeString()}` : 'loading'} {loading && <Spinner size="sm" aria-label="loading" />}
    </Content>
  );
}

/** Whether the live event stream is connected. */
export function ConnectionBadge() {
  const { state, detail } = useEvents();
  const status = state === 'open' ? 'success' : state === 'closed' ? 'danger' : 'warning';
  const text = state === 'open' ? 'live' : state === 'closed' ? 'not live' : state === 'connecting' ? 'connecting' : 'reconnecting';
  return (
    <Label status={status} isCompact data-testid="connection-badge" data-state={state} title={detail ?? undefined}>
      {text}
    </Label>
  );
}

const STATE_STATUS: Record<string, 'success' | 'warning' | 'danger' | 'info' | undefined> = {
  running: 'success',
  succeeded: 'success',
  ready: 'success',
  done: 'success',
  pending: 'info',
  starting: 'info',
  created: 'info',
  'setting-up': 'info',
  resizing: 'info',
  stopping: 'warning',
  stopped: 'warning',
  cancelled: 'warning',
  terminated: undefined,
  failed: 'danger',
};

export function StateLabel({ state, testId }: { state: string | null | undefined; testId?: string }) {
  const s = (state ?? 'unknown').toLowerCase();
  const status = STATE_STATUS[s];
  return (
    <Label isCompact status={status} color={status ? undefined : 'grey'} data-testid={testId ?? 'state'} data-state={s}>
      {s}
    </Label>
  );
}

export function OperationProgress({ op }: { op: Operation }) {
  const value = op.total > 0 ? Math.round((100 * op.done) / op.total) : op.state === 'running' ? 0 : 100;
  return (
    <Progress
      value={value}
      size={ProgressSize.sm}
      title={`${op.done}/${op.total}`}
      aria-label={`progress of ${op.id}`}
      measureLocation="outside"
      label={`${op.done}/${op.total}`}
      variant={op.state === 'failed' ? 'danger' : op.state === 'succeeded' ? 'success' : undefined}
      data-testid="operation-progress"
    />
  );
}

export function Empty({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <EmptyState variant="xs" data-testid={testId ?? 'empty'}>
      <EmptyStateBody>{children}</EmptyStateBody>
    </EmptyState>
  );
}

/**
 * Asks before a destructive action and names what it destroys; runs it, shows its error in the
 * dialog when it fails, and closes once it succeeded.
 */
export function ConfirmModal(props: {
  isOpen: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  testId: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const close = () => {
    setError(null);
    props.onClose();
  };
  return (
    <Modal variant="small" isOpen={props.isOpen} onClose={close} aria-labelledby={`${props.testId}-title`} data-testid={props.testId}>
      <ModalHeader title={props.title} labelId={`${props.testId}-title`} titleIconVariant="warning" />
      <ModalBody>
        {props.children}
        <ErrorAlert error={error} testId={`${props.testId}-error`} />
      </ModalBody>
      <ModalFooter>
        <Button
          variant="danger"
          isLoading={busy}
          isDisabled={busy}
          data-testid={`${props.testId}-confirm`}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await props.onConfirm();
              close();
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          {props.confirmLabel}
        </Button>
        <Button variant="link" onClick={close} data-testid={`${props.testId}-cancel`}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
