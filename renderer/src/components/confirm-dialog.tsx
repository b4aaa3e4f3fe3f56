import { useState, type ReactNode } from 'react';
import { errorMessage } from '../store/slice';
import { Dialog } from './dialog';
import { ErrorBanner } from './error-banner';

/**
 * A confirmation before something destructive: what will happen (children), then Cancel — focused,
 * so Enter is safe — or the action. A failed action keeps the dialog open and shows why.
 */
export function ConfirmDialog({
  title,
  confirmLabel,
  onConfirm,
  onClose,
  children,
}: {
  title: string;
  confirmLabel: string;
  onConfirm(): Promise<unknown>;
  onClose(): void;
  children: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  return (
    <Dialog title={title} onClose={onClose}>
      {children}
      <ErrorBanner message={error} />
      <div className="form-actions">
        <button type="button" className="secondary" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => onConfirm().then(onClose, (e: unknown) => setError(errorMessage(e)))}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
