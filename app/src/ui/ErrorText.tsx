/** An error in words (not only colour), announced as it appears. */
export function ErrorText({ error }: { error?: string }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      <strong>Error:</strong> {error}
    </p>
  );
}
