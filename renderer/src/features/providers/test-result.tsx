import type { ProviderTestState } from '../../store/providers-slice';

/** The last connection test: reachability, auth, model and latency, in words. */
export function TestResult({ state }: { state: ProviderTestState | undefined }) {
  if (!state) return <span className="muted">Not tested</span>;
  if (state.running) return <span role="status">Testing…</span>;
  if ('error' in state) return <span className="text-danger">Test failed: {state.error}</span>;
  const r = state.result;
  const parts = [
    r.reachable ? 'reachable' : 'unreachable',
    r.authenticated === null ? null : r.authenticated ? 'key accepted' : 'key rejected',
    r.modelKnown === null ? null : r.modelKnown ? 'model found' : 'model not found',
    r.latencyMs === null ? null : `${Math.round(r.latencyMs)} ms`,
  ].filter(Boolean);
  return (
    <span className={r.ok ? 'text-ok' : 'text-danger'} title={r.message}>
      {r.ok ? '✓ Connected' : '✗ Failed'} · {parts.join(' · ')}
    </span>
  );
}
