// A transfer's progress as a bar and in words, for screen readers too.

export interface Transfer {
  what: string;
  done: number;
  total: number;
}

export function TransferProgress({ transfer }: { transfer?: Transfer }) {
  if (!transfer) return null;
  const percent = transfer.total ? Math.round((transfer.done / transfer.total) * 100) : 0;
  return (
    <p className="transfer">
      <progress value={transfer.done} max={transfer.total || 1} aria-label={transfer.what} /> {transfer.what}: {percent}%
    </p>
  );
}
