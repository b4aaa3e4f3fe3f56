import { type SecretVault, VaultUnavailableError } from './secret-vault';
import { openSecret, sameKeyCheck, sealSecret, type SealedSecret, type TeamKey } from './team-key';

/**
 * Where the team vault keeps its blobs: the team database (a port, so that this folder stays free
 * of SQL; db/postgres/team-vault-repo.ts fills it).
 */
export interface TeamVaultStorage {
  /** The stored key-check value; null before `switchboard team init`. */
  readKeyCheck(): Promise<Buffer | null>;
  read(secretId: string): Promise<SealedSecret | null>;
  /**
   * Inserts or replaces, only while the stored key check is `keyCheck` (one statement), so a
   * machine still holding a rotated-out key cannot write blobs nobody else can open. False when it
   * is not.
   */
  write(sealed: SealedSecret, keyCheck: Buffer): Promise<boolean>;
  remove(secretId: string): Promise<void>;
}

/** This machine's team key, and where it came from (`from SWITCHBOARD_TEAM_KEY`, `in this machine's OS keychain`). */
export type TeamKeyOnMachine = { key: TeamKey; source: string } | { missing: string };

export const teamNotInitialised =
  'The team database has no team key yet: run `switchboard team init` once, as an admin, to create it (it is shown once; each machine then runs `switchboard team join`).';

/** The key this machine holds is not the team's: said at start-up and whenever a blob will not open because of it. */
export class TeamKeyMismatchError extends VaultUnavailableError {
  constructor(source: string) {
    super(
      `The team key ${source} does not match the team database's key-check value: it is not this team's key, or the key was rotated since. ` +
        'Run `switchboard team join` with the current team key (from the admin who ran `switchboard team init` or `team rotate-key`), or correct SWITCHBOARD_TEAM_KEY.',
    );
    this.name = 'TeamKeyMismatchError';
  }
}

/** A team vault that can be told another process may have replaced the team key (`team rotate-key`). */
export interface TeamVault extends SecretVault {
  /** Looks at the team's key check again before the next read or write; the change feed calls it. */
  keyMayHaveChanged(): void;
}

/**
 * Provider keys in the team database, AES-256-GCM under a data key per secret wrapped by the team
 * key. A machine whose key is wrong is refused here, before it serves anything; one without a key
 * starts, and every read or write of a value says how to join.
 *
 * The unwrapped team key is the one thing held in memory (data keys are unwrapped per read). When
 * the team's key check no longer matches it (rotated by another process), `lookUpKey` is asked
 * again: a keychain that `team join` or `team rotate-key` updated gives the new key and this
 * gateway carries on without a restart; a stale SWITCHBOARD_TEAM_KEY gets the mismatch error.
 */
export async function openTeamVault(
  storage: TeamVaultStorage,
  onMachine: TeamKeyOnMachine,
  lookUpKey?: () => Promise<TeamKeyOnMachine>,
): Promise<TeamVault> {
  if ('key' in onMachine) {
    const stored = await storage.readKeyCheck();
    if (stored && !sameKeyCheck(stored, onMachine.key.check)) throw new TeamKeyMismatchError(onMachine.source);
  }
  let held = onMachine;
  let recheck = false;
  let catchingUp: Promise<boolean> | null = null;

  /** True when the key held changed: the stored check differed from it and the machine now holds the matching key. */
  const catchUp = (): Promise<boolean> =>
    (catchingUp ??= (async () => {
      try {
        if (!lookUpKey) return false;
        const stored = await storage.readKeyCheck();
        if (!stored || ('key' in held && sameKeyCheck(stored, held.key.check))) return false;
        const found = await lookUpKey();
        if (!('key' in found) || !sameKeyCheck(stored, found.key.check)) return false;
        held = found;
        return true;
      } finally {
        catchingUp = null;
      }
    })());
  const requireKey = async (): Promise<TeamKey> => {
    if (recheck || 'missing' in held) {
      recheck = false;
      await catchUp();
    }
    if ('missing' in held) throw new VaultUnavailableError(held.missing);
    return held.key;
  };
  /** Why a key that worked at start-up no longer fits: the team was never initialised, or the key was rotated elsewhere. */
  const refusal = async (): Promise<VaultUnavailableError> => {
    const stored = await storage.readKeyCheck();
    return stored ? new TeamKeyMismatchError(sourceOf(held)) : new VaultUnavailableError(teamNotInitialised);
  };
  const write = async (secretId: string, value: string): Promise<boolean> => {
    const key = await requireKey();
    return storage.write(sealSecret(key, secretId, value), key.check);
  };
  const read = async (secretId: string): Promise<string | null | undefined> => {
    const key = await requireKey();
    const sealed = await storage.read(secretId);
    if (!sealed) return null;
    return openSecret(key, sealed) ?? undefined;
  };
  return {
    backend: 'team',
    get description() {
      return 'key' in held ? `team (key ${held.source})` : 'team (no team key on this machine)';
    },
    get warning() {
      return 'missing' in held ? held.missing : null;
    },
    keyMayHaveChanged() {
      recheck = true;
    },
    async set(secretId, value) {
      if (await write(secretId, value)) return;
      if ((await catchUp()) && (await write(secretId, value))) return;
      throw await refusal();
    },
    async get(secretId) {
      let value = await read(secretId);
      if (value === undefined && (await catchUp())) value = await read(secretId);
      if (value !== undefined) return value;
      const stored = await storage.readKeyCheck();
      if (!stored || !('key' in held) || !sameKeyCheck(stored, held.key.check)) throw await refusal();
      throw new VaultUnavailableError(
        `The team vault's value of secret ${secretId} does not open under the team key: it was altered or copied from another secret. Rotate the secret to store it again.`,
      );
    },
    async delete(secretId) {
      await storage.remove(secretId);
    },
  };
}

function sourceOf(onMachine: TeamKeyOnMachine): string {
  return 'source' in onMachine ? onMachine.source : 'on this machine';
}
