import { useState } from 'react';
import type { ProviderTestResult } from '../../../../shared/operations';
import { formatRelative } from '../../components/format';
import type { ProviderTestState } from '../../store/providers-slice';

/** The checks a test makes, each in words: passed, failed, or not known from this answer. */
export function testChecks(r: ProviderTestResult): string[] {
  return [
    r.reachable ? 'reachable' : 'unreachable',
    r.authenticated === null ? null : r.authenticated ? 'key accepted' : 'key rejected',
    r.modelKnown === null ? null : r.modelKnown ? 'model known' : 'model not listed',
    r.latencyMs === null ? null : `${Math.round(r.latencyMs)} ms`,
  ].filter((check): check is string => check !== null);
}

/** The last connection test, on the screen: each check, and a failure's reason in full. */
export function TestResult({ state }: { state: ProviderTestState | undefined }) {
  const [now] = useState(Date.now);
  if (!state) return <span className="muted">Not tested</span>;
  if (state.running) return <span role="status">Testing…</span>;
  if ('error' in state) return <span className="text-danger">Test failed: {state.error}</span>;
  const r = state.result;
  return (
    <span className="test-result">
      <span className={r.ok ? 'text-ok' : 'text-danger'}>{r.ok ? '✓ Connected' : '✗ Failed'}</span>
      <span className="test-details">{testChecks(r).join(' · ')}</span>
      {!r.ok && <span className="test-reason">{r.message}</span>}
      <span className="cell-detail">tested {formatRelative(r.testedAt, now)}</span>
    </span>
  );
}
