/**
 * `npm run bench`: the proxy benchmark (direct vs bare pass-through vs Switchboard on SQLite and on
 * PostgreSQL), then sustained usage writes on each store. `BENCH_STORES=sqlite` leaves PostgreSQL
 * out. The store's micro-benchmarks run separately: `node --import tsx tests/bench/store-auth.ts`,
 * `npm run bench:usage`.
 */
import { runProxyBench } from './proxy/proxy-bench';
import { runUsageWritesBench } from './usage-writes';

await runProxyBench();
await runUsageWritesBench({ postgres: (process.env.BENCH_STORES ?? 'sqlite,postgres').split(',').includes('postgres') });
