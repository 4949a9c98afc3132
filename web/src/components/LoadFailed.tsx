import { Alert } from "./Alert";

// What a list or panel shows when its first load failed: why, and a way to
// try again without reloading the page.
export function LoadFailed({ message, onRetry }: { message: string; onRetry: () => void }) {
  return (
    <div className="load-failed">
      <Alert message={message} />
      <button type="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
