import { ApiError } from '../api/api-error';

/** A save refused because someone else changed the record since this form read it (412). */
export function isStaleEdit(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'precondition_failed';
}

/**
 * Says that someone else changed the record and offers to load their version; the user's edits
 * are not re-sent over it, since that would silently undo the other change.
 */
export function StaleEditNotice({ what, onReload, onDismiss }: { what: string; onReload(): void; onDismiss?(): void }) {
  return (
    <div className="banner banner-error" role="alert">
      <p>
        Someone else changed {what} since you opened it, so your change was not saved. Reload to see their version, then apply your change
        again.
      </p>
      <div className="form-actions">
        {onDismiss && (
          <button type="button" className="secondary" onClick={onDismiss}>
            Keep my edits
          </button>
        )}
        <button type="button" onClick={onReload}>
          Reload
        </button>
      </div>
    </div>
  );
}
