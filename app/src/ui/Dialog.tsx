// A modal dialog on the platform's <dialog>: showModal() makes the rest of the page inert, so
// focus stays inside; Escape closes it and focus returns to what opened it. `open` alone decides:
// Escape asks the owner to close, and a `close` event arriving after the dialog was opened again
// (it is dispatched later, as a task) is ignored. The dialog follows `open` in a layout effect,
// in the same turn as the render: a passive effect runs after paint in Preact, which left a
// window where that late `close` event found the dialog not yet reopened.

import { type ReactNode, useId, useLayoutEffect, useRef } from 'react';

export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useLayoutEffect(() => {
    const dialog = ref.current!;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClose={() => {
        if (!ref.current?.open) onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {open && children}
    </dialog>
  );
}
