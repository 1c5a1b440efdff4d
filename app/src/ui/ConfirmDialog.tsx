// Says what an irreversible step does before the wallet is asked: the consequences, then one
// button that signs and one that leaves everything as it is.

import type { ReactNode } from 'react';
import { Dialog } from './Dialog.tsx';
import { ErrorText } from './ErrorText.tsx';
import { useAction } from './useAction.ts';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirm: string;
  cancel: string;
  /** Announced while the wallet and the chain work, and once it is done. */
  progress: string;
  done: string;
  act: () => Promise<unknown>;
  /** Called with whether the step went through. */
  onClose: (acted: boolean) => void;
}

export function ConfirmDialog({ title, children, confirm, cancel, progress, done, act, onClose }: ConfirmDialogProps) {
  const action = useAction();
  const run = async () => {
    if (await action.run(progress, async () => (await act(), true), done)) onClose(true);
  };
  return (
    <Dialog open title={title} onClose={() => onClose(false)}>
      {children}
      <ErrorText error={action.error} />
      <div className="actions">
        <button type="button" onClick={run} disabled={action.pending}>
          {confirm}
        </button>
        <button type="button" onClick={() => onClose(false)}>
          {cancel}
        </button>
      </div>
    </Dialog>
  );
}
