/**
 * Child process for the pretenuring test (run with --allow-natives-syntax): optionally turns
 * pretenuring off (directly, or by starting a real gateway), makes one object literal's objects
 * survive their young collections, as requests that overlap a collection do, then prints how many
 * of that literal's next 1,000 objects V8 allocated straight into the old generation.
 */
import { bootCore } from '../../electron/core/boot';
import { startLocalServer } from '../../electron/core/gateway/local-server';
import { createMemoryLogger } from '../../electron/core/log';
import { stopPretenuring } from '../../electron/core/proxy/pretenuring';
import { createMemoryVault } from '../../electron/core/secrets/memory-vault';
import { makeTempDir } from './temp-dir';

const mode = process.argv[2];
if (mode === 'flag') stopPretenuring();
let stop = async () => {};
if (mode === 'gateway') {
  const temp = makeTempDir();
  const core = await bootCore({ dataDir: temp.dir, mode: 'headless', log: createMemoryLogger('warn'), vault: createMemoryVault() });
  const server = await startLocalServer(core, { port: 0, uiDir: temp.dir });
  stop = async () => {
    await server.close(0);
    core.close();
    temp.cleanup();
  };
}

const young = new Function('o', 'return %InYoungGeneration(o)') as (o: unknown) => boolean;
const make = (i: number) => ({ i, at: 'x' });
const kept: unknown[] = [];
for (let i = 0; i < 2_000_000; i++) kept.push(make(i));
let bornOld = 0;
for (let i = 0; i < 1000; i++) if (!young(make(i))) bornOld++;
await stop();
process.stdout.write(`${bornOld} of 1000 born old (${kept.length} kept)\n`);
