import { useEffect, useState } from 'react';
import type { BodyCapture, CapturedBody, RequestBodies } from '../../../../shared/operations';
import { useApi } from '../../api/api-context';
import { ApiError } from '../../api/api-error';

type Loaded =
  | { state: 'loading' }
  | { state: 'kept'; bodies: RequestBodies; capture: BodyCapture | null }
  | { state: 'none'; capture: BodyCapture | null }
  | { state: 'refused'; message: string };

/**
 * A request's captured bodies in the detail panel, when its project keeps them: redacted, at most
 * 64 KiB each, with how long this project keeps them. Reading them takes `requests:ReadBodies`.
 */
export function RequestBodiesSection({ requestId, projectId }: { requestId: string; projectId: string }) {
  const api = useApi();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  useEffect(() => {
    let current = true;
    const capture = api.call('getBodyCapture', { projectId }).catch(() => null);
    api.call('getRequestBodies', { requestId }).then(
      async (bodies) => current && setLoaded({ state: 'kept', bodies, capture: await capture }),
      async (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && error.code === 'not_found') setLoaded({ state: 'none', capture: await capture });
        else setLoaded({ state: 'refused', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [api, requestId, projectId]);

  return (
    <section className="request-bodies" aria-label="Request and response bodies">
      <h3>Bodies</h3>
      {loaded.state === 'loading' && <p role="status">Loading…</p>}
      {loaded.state === 'refused' && <p className="field-hint">Bodies are not shown: {loaded.message}</p>}
      {loaded.state === 'none' && (
        <p className="field-hint">
          {loaded.capture?.enabled
            ? `Bodies are kept for this project for ${loaded.capture.days} days; none were kept for this request (sent before capture was on, or expired).`
            : 'This project does not keep request bodies (Settings → Request bodies turns it on).'}
        </p>
      )}
      {loaded.state === 'kept' && (
        <>
          <p className="field-hint">
            {loaded.capture?.enabled
              ? `Bodies are kept for this project for ${loaded.capture.days} days`
              : 'This project no longer captures bodies'}
            ; this request&apos;s until {new Date(loaded.bodies.expiresAt).toLocaleString()}. Keys and tokens are redacted.
          </p>
          <BodyView label="Request body" body={loaded.bodies.request} />
          <BodyView label="Response body" body={loaded.bodies.response} />
        </>
      )}
    </section>
  );
}

function BodyView({ label, body }: { label: string; body: CapturedBody | null }) {
  if (!body) return <p className="field-hint">{label}: none (no upstream answered).</p>;
  return (
    <details>
      <summary>
        {label} ({body.bytes.toLocaleString('en')} bytes{body.truncated ? ', truncated' : ''})
      </summary>
      <pre className="body-text">{body.text}</pre>
    </details>
  );
}
