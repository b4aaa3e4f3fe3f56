import type { Remote } from '../store/slice';

/**
 * The loading and error states every list shares. Renders nothing once data is there and no
 * error is pending, so callers render their table or empty state below it.
 */
export function RemoteStatus({ remote, what, onRetry }: { remote: Remote<unknown>; what: string; onRetry(): void }) {
  if (remote.error) {
    return (
      <div className="banner banner-error" role="alert">
        <span>
          Could not load {what}: {remote.error}
        </span>
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }
  if (remote.loading && remote.data === null) {
    return (
      <p className="loading" role="status" aria-live="polite">
        Loading {what}…
      </p>
    );
  }
  return null;
}
