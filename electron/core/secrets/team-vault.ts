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

/**
 * Provider keys in the team database, AES-256-GCM under a data key per secret wrapped by the team
 * key. A machine whose key is wrong is refused here, before it serves anything; one without a key
 * starts, and every read or write of a value says how to join.
 */
export async function openTeamVault(storage: TeamVaultStorage, onMachine: TeamKeyOnMachine): Promise<SecretVault> {
  if ('key' in onMachine) {
    const stored = await storage.readKeyCheck();
    if (stored && !sameKeyCheck(stored, onMachine.key.check)) throw new TeamKeyMismatchError(onMachine.source);
  }
  const requireKey = (): TeamKey => {
    if ('missing' in onMachine) throw new VaultUnavailableError(onMachine.missing);
    return onMachine.key;
  };
  /** Why a key that worked at start-up no longer fits: the team was never initialised, or the key was rotated elsewhere. */
  const refusal = async (source: string): Promise<VaultUnavailableError> => {
    const stored = await storage.readKeyCheck();
    return stored ? new TeamKeyMismatchError(source) : new VaultUnavailableError(teamNotInitialised);
  };
  return {
    backend: 'team',
    description: 'key' in onMachine ? `team (key ${onMachine.source})` : 'team (no team key on this machine)',
    warning: 'missing' in onMachine ? onMachine.missing : null,
    async set(secretId, value) {
      const key = requireKey();
      if (!(await storage.write(sealSecret(key, secretId, value), key.check))) throw await refusal(sourceOf(onMachine));
    },
    async get(secretId) {
      const key = requireKey();
      const sealed = await storage.read(secretId);
      if (!sealed) return null;
      const value = openSecret(key, sealed);
      if (value !== null) return value;
      const stored = await storage.readKeyCheck();
      if (!stored || !sameKeyCheck(stored, key.check)) throw await refusal(sourceOf(onMachine));
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
