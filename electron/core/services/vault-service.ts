import { AppError } from '../../../shared/errors';
import type { MovableBackend, VaultMove, VaultState } from '../../../shared/operations';
import type { Store } from '../db/store';
import type { Actor } from '../operations/actor';
import { fileVaultKeyProblem, openVaultBackend, type VaultChoice, type VaultPlace } from '../secrets/choose-vault';
import { isKeychainReachable } from '../secrets/keychain-vault';
import type { MovableVault } from '../secrets/movable-vault';
import { readRecordedBackend, writeRecordedBackend } from '../secrets/recorded-backend';
import type { SecretVault } from '../secrets/secret-vault';
import type { AuditService } from './audit-service';

/** How this gateway's own vault may be moved; absent when the vault is not this gateway's to move. */
export interface VaultMoveSetup {
  vault: MovableVault;
  place: VaultPlace;
  /** SWITCHBOARD_VAULT: a choice other than `auto` pins the backend, so a move would not survive a restart. */
  choice: VaultChoice;
}

const labels: Record<MovableBackend, string> = {
  keychain: 'the OS keychain',
  file: 'the encrypted file (key file or SWITCHBOARD_MASTER_KEY)',
};

const pageSize = 500;

/**
 * The vault backend in use and the move between the OS keychain and the encrypted file. A move
 * copies and checks every value before it switches, records the backend for the next start, and is
 * audited; it never reads a value into anything but the two vaults.
 */
export function createVaultService(deps: { store: Store; vault: SecretVault; audit: AuditService; movable: VaultMoveSetup | null }) {
  const { store, vault, audit, movable } = deps;

  function notMovable(): string | null {
    if (vault.backend === 'team')
      return 'This gateway runs on a team database: secrets live in it, under the team key, for every gateway; there is no local backend to move them to.';
    if (!movable) return 'This vault was given to Switchboard by its host; it cannot be moved from here.';
    if (movable.choice !== 'auto')
      return `SWITCHBOARD_VAULT=${movable.choice} is set, which chooses the backend at every start: unset it to move the secrets.`;
    return null;
  }

  async function unavailable(backend: MovableBackend, place: VaultPlace): Promise<string | null> {
    if (backend === 'keychain')
      return (await isKeychainReachable()) ? null : 'No OS keychain (Secret Service, macOS Keychain, Credential Manager) answers here.';
    return fileVaultKeyProblem(place);
  }

  async function state(): Promise<VaultState> {
    const reason = notMovable();
    const others = MovableBackendList.filter((backend) => backend !== vault.backend);
    const targets =
      reason || !movable
        ? []
        : await Promise.all(
            others.map(async (backend) => ({ backend, label: labels[backend], unavailable: await unavailable(backend, movable.place) })),
          );
    return { backend: vault.backend, description: vault.description, warning: vault.warning, notMovable: reason, targets };
  }

  async function allSecretIds(): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.secrets.list({ projectId: null, cursor, limit: pageSize });
      ids.push(...page.items.map((secret) => secret.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  }

  async function move(actor: Actor, to: MovableBackend): Promise<VaultMove> {
    const reason = notMovable();
    if (reason || !movable) throw new AppError('conflict', reason ?? 'The vault cannot be moved here');
    if (vault.backend === to) throw new AppError('conflict', `The secrets are already in ${labels[to]}`, { field: 'to' });
    const problem = await unavailable(to, movable.place);
    if (problem) throw new AppError('conflict', `Cannot move the secrets to ${labels[to]}: ${problem}`, { field: 'to' });
    const target = openVaultBackend(to, movable.place);
    const dataDir = movable.place.dataDir;
    const before = readRecordedBackend(dataDir);
    const result = await movable.vault.move(target, await allSecretIds(), async () => {
      writeRecordedBackend(dataDir, to);
      try {
        await store.transaction(async (tx) => {
          await tx.secrets.moveBackend(to);
          await audit.record(tx, actor, 'system:MoveVault', { type: 'vault', id: to, projectId: null }, ['backend']);
        });
      } catch (error) {
        writeRecordedBackend(dataDir, before);
        throw error;
      }
    });
    return { vault: await state(), moved: result.moved, missing: result.missing.length };
  }

  return { state, move };
}
export type VaultService = ReturnType<typeof createVaultService>;

const MovableBackendList: MovableBackend[] = ['keychain', 'file'];
