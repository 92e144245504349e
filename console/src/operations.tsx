// Operations held live: a list read from GET /operations, kept current by the event stream's
// operation.progress / operation.finished events (which carry the whole Operation).

import { useState } from 'react';
import { Button } from '@patternfly/react-core';
import { Operation } from './api';
import { ConfirmModal } from './components';
import { useSession } from './context';
import { NubisEvent } from './events';
import { Loaded, useAsync, useEventListener } from './hooks';

/** Replaces or adds an operation in a newest-first list. */
export function mergeOperation(list: Operation[], op: Operation): Operation[] {
  const i = list.findIndex((o) => o.id === op.id);
  if (i >= 0) {
    const copy = list.slice();
    copy[i] = op;
    return copy;
  }
  return [op, ...list];
}

export function isOperationEvent(e: NubisEvent): boolean {
  return e.type === 'operation.progress' || e.type === 'operation.finished';
}

/** The newest operations, updated live. */
export function useLiveOperations(limit = 100): Loaded<Operation[]> {
  const { api } = useSession();
  const ops = useAsync(async () => (await api.operations(0, limit)).items, [api, limit], 30_000);
  const { update } = ops;
  useEventListener((e) => {
    const op = e.data.operation;
    if (isOperationEvent(e) && op) update((list) => mergeOperation(list ?? [], op).slice(0, Math.max(limit, 1)));
  });
  return ops;
}

/** Cancel, for operators and admins, with a confirmation naming the operation. */
export function CancelOperationButton({ op, onDone }: { op: Operation; onDone?: (o: Operation) => void }) {
  const { api, canWrite } = useSession();
  const [open, setOpen] = useState(false);
  if (!canWrite || op.state !== 'running') return null;
  return (
    <>
      <Button
        variant="secondary"
        isDanger
        size="sm"
        isDisabled={op.cancelRequested}
        onClick={() => setOpen(true)}
        data-testid={`cancel-operation-${op.id}`}
      >
        {op.cancelRequested ? 'Cancelling' : 'Cancel'}
      </Button>
      <ConfirmModal
        isOpen={open}
        title="Cancel operation?"
        confirmLabel="Cancel operation"
        testId="confirm-cancel-operation"
        onClose={() => setOpen(false)}
        onConfirm={async () => {
          const o = await api.cancelOperation(op.id);
          onDone?.(o);
        }}
      >
        Cancel <b>{op.kind}</b> on <b>{op.target}</b> ({op.id}), {op.done} of {op.total} done? The work stops at its
        next interruptible step; what it has done so far stays done.
      </ConfirmModal>
    </>
  );
}
