import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';
import type { SecretVault } from './secret-vault';

/** What a move did, in counts and ids only (never a value). */
export interface VaultMoveResult {
  moved: number;
  /** Secrets whose value the old backend no longer held: nothing to move, as before. */
  missing: string[];
  /** Copies the old backend kept after the switch (its delete failed); harmless, and logged. */
  leftBehind: number;
}

export type MovableVault = SecretVault & {
  /**
   * Re-stores every secret in `target` so that none can be lost midway: all are written to the
   * target and read back; only then is `commit` run (which records the new backend) and the vault
   * switched; only after that are the old copies removed. Any failure before the switch deletes
   * what was copied and leaves the old backend as it was. Writes wait while a move runs.
   */
  move(target: SecretVault, secretIds: readonly string[], commit: () => Promise<void>): Promise<VaultMoveResult>;
};

/** A vault whose backend can be moved while the gateway runs; reads and writes go to the current one. */
export function createMovableVault(initial: SecretVault, log: Logger): MovableVault {
  let current = initial;
  let moving: Promise<unknown> = Promise.resolve();
  const afterMove = async <T>(work: () => Promise<T>): Promise<T> => {
    await moving.catch(() => undefined);
    return work();
  };

  async function copyAll(target: SecretVault, secretIds: readonly string[], copied: string[], missing: string[]): Promise<void> {
    for (const secretId of secretIds) {
      const value = await current.get(secretId);
      if (value === null) {
        missing.push(secretId);
        continue;
      }
      copied.push(secretId);
      await target.set(secretId, value);
      if ((await target.get(secretId)) !== value)
        throw new AppError('vault_unavailable', `Secret ${secretId} read back differently from the ${target.backend} vault`, undefined, 30);
    }
  }

  async function run(target: SecretVault, secretIds: readonly string[], commit: () => Promise<void>): Promise<VaultMoveResult> {
    const copied: string[] = [];
    const missing: string[] = [];
    try {
      await copyAll(target, secretIds, copied, missing);
      await commit();
    } catch (error) {
      for (const secretId of copied) {
        await target
          .delete(secretId)
          .catch((undo: unknown) =>
            log.warn('could not remove a copy after a failed vault move', { secretId, message: (undo as Error).message.slice(0, 200) }),
          );
      }
      throw error;
    }
    const old = current;
    current = target;
    let leftBehind = 0;
    for (const secretId of copied) {
      try {
        await old.delete(secretId);
      } catch (error) {
        leftBehind++;
        log.warn('could not remove a moved secret from the old vault', { secretId, message: (error as Error).message.slice(0, 200) });
      }
    }
    return { moved: copied.length, missing, leftBehind };
  }

  return {
    get backend() {
      return current.backend;
    },
    get description() {
      return current.description;
    },
    get warning() {
      return current.warning;
    },
    set: (secretId, value) => afterMove(() => current.set(secretId, value)),
    get: (secretId) => current.get(secretId),
    delete: (secretId) => afterMove(() => current.delete(secretId)),
    move(target, secretIds, commit) {
      const done = moving.catch(() => undefined).then(() => run(target, secretIds, commit));
      moving = done;
      return done;
    },
  };
}
