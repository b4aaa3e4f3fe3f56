import { useState } from 'react';
import { useApi } from '../api/api-context';

/**
 * Browser sessions only (the desktop window has none): ends the session on the gateway, then
 * reloads onto the sign-in page, which says how to get a new link.
 */
export function SignOutButton({ signOut = defaultSignOut }: { signOut?: () => Promise<void> }) {
  const api = useApi();
  const [failed, setFailed] = useState(false);
  if (api.transport !== 'http') return null;
  return (
    <div className="sign-out">
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setFailed(false);
          signOut().then(
            () => location.assign('/'),
            () => setFailed(true),
          );
        }}
      >
        Sign out
      </button>
      {failed && <p role="alert">Could not sign out: Switchboard did not answer.</p>}
    </div>
  );
}

async function defaultSignOut(): Promise<void> {
  const response = await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`Switchboard answered ${response.status}`);
}
