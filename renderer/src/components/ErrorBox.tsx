/** A failed call, shown with its message (never swallowed) and an optional retry. */
export function ErrorBox({ title, message, onRetry, testId }: { title: string; message: string; onRetry?: () => void; testId?: string }) {
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      <strong>{title}</strong>
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
