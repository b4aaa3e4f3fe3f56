/**
 * `npm run bench`: the proxy benchmark (direct vs bare pass-through vs Switchboard). The store's
 * micro-benchmarks run separately: `node --import tsx tests/bench/store-auth.ts`, `npm run bench:usage`.
 */
import { runProxyBench } from './proxy/proxy-bench';

await runProxyBench();
