import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Who holds a data directory: written when a gateway starts, its address added once it listens. */
interface LockHolder {
  pid: number;
  address: string | null;
}

/** Thrown when another live process already serves this data directory. */
export class GatewayAlreadyRunningError extends Error {
  constructor(dataDir: string, holder: LockHolder) {
    const where = holder.address ? `at ${holder.address}` : '(still starting)';
    super(
      `Another Switchboard gateway (pid ${holder.pid}) is already serving ${dataDir} ${where}. ` +
        'Two gateways on one data directory would each keep their own limits and spend; stop it first or use another --data-dir. ' +
        'The other switchboard commands and `switchboard mcp` work beside it.',
    );
    this.name = 'GatewayAlreadyRunningError';
  }
}

export interface GatewayLock {
  /** Records where this gateway listens, for the message a second one prints. */
  setAddress(address: string): void;
  /** Removes the lock if it is still this process's. */
  release(): void;
}

const lockName = 'gateway.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, just not ours to signal
  }
}

function readHolder(file: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return Number.isInteger(parsed.pid) ? { pid: parsed.pid!, address: typeof parsed.address === 'string' ? parsed.address : null } : null;
  } catch {
    return null;
  }
}

/** Writes `holder` whole to a temporary file, then moves it into place: readers never see half a lock. */
function writeWhole(file: string, holder: LockHolder, place: (from: string, to: string) => void): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(holder), { mode: 0o600 });
  try {
    place(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/**
 * One gateway per data directory: its tallies (rate windows, spend so far) live in its memory, so
 * a second one would let a cap pass twice. The lock is created atomically (a hard link fails when
 * the name exists); a lock whose process is gone (kill -9, a crash) is stale and taken over.
 */
export function acquireGatewayLock(dataDir: string): GatewayLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, lockName);
  const mine: LockHolder = { pid: process.pid, address: null };
  for (let attempt = 0; ; attempt++) {
    try {
      writeWhole(file, mine, linkSync);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 2) throw error;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw new GatewayAlreadyRunningError(dataDir, holder);
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  const stillMine = () => readHolder(file)?.pid === process.pid;
  return {
    setAddress(address) {
      mine.address = address;
      if (stillMine()) writeWhole(file, mine, renameSync);
    },
    release() {
      if (stillMine()) rmSync(file, { force: true });
    },
  };
}
