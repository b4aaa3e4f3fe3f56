import type { ProviderTestState } from '../../store/providers-slice';

/** The last connection test: reachability, auth, model and latency, in words. */
export function TestResult({ state }: { state: ProviderTestState | undefined }) {
  if (!state) return <span className="muted">Not tested</span>;
  if (state.running) return <span role="status">Testing…</span>;
  if ('error' in state) return <span className="text-danger">Test failed: {state.error}</span>;
  const r = state.result;
  const details = [
    r.reachable ? null : 'unreachable',
    r.authenticated === null ? null : r.authenticated ? 'key accepted' : 'key rejected',
    r.modelKnown === null ? null : r.modelKnown ? 'model found' : 'model not found',
  ].filter(Boolean);
  return (
    <span className="test-result" title={r.message}>
      <span className={r.ok ? 'text-ok' : 'text-danger'}>
        {r.ok ? '✓ Connected' : '✗ Failed'}
        {r.latencyMs === null ? '' : ` · ${Math.round(r.latencyMs)} ms`}
      </span>
      <span className="test-details">{details.join(' · ') || r.message}</span>
    </span>
  );
}
