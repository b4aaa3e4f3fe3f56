import { AppError } from '../../../shared/errors';
import type { Secret } from '../../../shared/operations';
import { isoNow, type Clock } from '../clock';
import type { Store } from '../db/store';
import { withUniqueAs409 } from '../db/unique-violation';
import { newId } from '../ids';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { Actor } from '../operations/actor';
import type { SecretVault } from '../secrets/secret-vault';
import { listScope, targetProject, visibleOr404 } from './actor-scope';
import type { AuditService } from './audit-service';
import type { ProjectsService } from './projects-service';
import { secretFingerprint } from './secret-fingerprint';

/**
 * Secret metadata in SQLite, values in the vault. Every write touches the vault first and the
 * database second, undoing the vault write if the database refuses: a vault failure (503) leaves
 * the database unchanged, and no row ever points at a value that was never stored.
 */
export function createSecretsService(deps: {
  store: Store;
  vault: SecretVault;
  clock: Clock;
  log: Logger;
  audit: AuditService;
  projects: ProjectsService;
  events: EventBus;
}) {
  const { store, vault, clock, log, audit, projects, events } = deps;
  const repo = store.secrets;
  const nameTaken = (name: string) => `A secret named "${name}" already exists in this project`;

  async function get(actor: Actor, id: string): Promise<Secret> {
    return visibleOr404(actor, await repo.get(id), `Secret ${id}`);
  }

  /** Best effort: the vault write is undone, and a failure to undo is logged (by id, never value). */
  async function undo(what: string, secretId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      log.error('could not undo a vault write', { what, secretId, message: (error as Error).message.slice(0, 200) });
    }
  }

  return {
    get,
    /** Metadata by id regardless of actor, for other services' checks. */
    find: (id: string): Promise<Secret | null> => repo.get(id),
    list(actor: Actor, input: { limit: number; cursor?: string; projectId?: string }) {
      return repo.list({ projectId: listScope(actor, input.projectId), cursor: input.cursor, limit: input.limit });
    },
    async create(actor: Actor, input: { projectId?: string; name: string; value: string }): Promise<Secret> {
      const projectId = await targetProject(actor, input.projectId, projects.defaultProjectId);
      await projects.assertExists(actor, projectId);
      if (await repo.idByName(projectId, input.name)) throw new AppError('conflict', nameTaken(input.name), { field: 'name' });
      const now = isoNow(clock);
      const secret = {
        id: newId('secret'),
        projectId,
        name: input.name,
        fingerprint: secretFingerprint(input.value),
        backend: vault.backend,
        createdAt: now,
        updatedAt: now,
        rotatedAt: null,
      };
      await vault.set(secret.id, input.value);
      try {
        await store.transaction(async (tx) => {
          await withUniqueAs409(nameTaken(input.name), { field: 'name' }, () => tx.secrets.insert(secret));
          await audit.record(tx, actor, 'secrets:CreateSecret', { type: 'secret', id: secret.id, projectId }, ['name', 'value']);
        });
      } catch (error) {
        await undo('create', secret.id, () => vault.delete(secret.id));
        throw error;
      }
      return get(actor, secret.id);
    },
    async rotate(actor: Actor, input: { secretId: string; value: string }): Promise<Secret> {
      const secret = await get(actor, input.secretId);
      const previous = await vault.get(secret.id);
      await vault.set(secret.id, input.value);
      try {
        await store.transaction(async (tx) => {
          if (!(await tx.secrets.get(secret.id))) throw new AppError('not_found', `Secret ${secret.id} not found`);
          await tx.secrets.rotate(secret.id, secretFingerprint(input.value), vault.backend, isoNow(clock));
          await audit.record(tx, actor, 'secrets:RotateSecret', { type: 'secret', id: secret.id, projectId: secret.projectId }, ['value']);
        });
      } catch (error) {
        await undo('rotate', secret.id, () => (previous === null ? vault.delete(secret.id) : vault.set(secret.id, previous)));
        throw error;
      }
      events.emit('secret.changed', { secretId: secret.id });
      return get(actor, secret.id);
    },
    async delete(actor: Actor, input: { secretId: string; force?: boolean }) {
      const secret = await get(actor, input.secretId);
      if (secret.linkedProviderIds.length > 0 && !input.force) {
        throw new AppError(
          'conflict',
          `Secret ${secret.id} is linked to ${secret.linkedProviderIds.length} AI provider(s); unlink them or delete with force=true`,
          {
            linkedProviderIds: secret.linkedProviderIds,
          },
        );
      }
      // Vault first: if it fails, nothing changed. The row goes right after, in one transaction.
      await vault.delete(secret.id);
      events.emit('secret.changed', { secretId: secret.id });
      await store.transaction(async (tx) => {
        const now = isoNow(clock);
        for (const providerId of await tx.aiProviders.idsLinkedTo(secret.id)) {
          await audit.record(
            tx,
            actor,
            'aiProviders:UpdateAiProvider',
            { type: 'aiProvider', id: providerId, projectId: secret.projectId },
            ['secretId'],
          );
        }
        await tx.aiProviders.unlinkSecret(secret.id, now);
        await tx.secrets.delete(secret.id);
        await audit.record(tx, actor, 'secrets:DeleteSecret', { type: 'secret', id: secret.id, projectId: secret.projectId });
      });
      return { id: secret.id, deleted: true as const };
    },
    /**
     * The secret's value, for the proxy and adapters in the main process only. No operation
     * exposes it. 404 for an unknown id; 503 when the vault is unavailable or lost the value.
     */
    async readValue(secretId: string): Promise<string> {
      const secret = await repo.get(secretId);
      if (!secret) throw new AppError('not_found', `Secret ${secretId.slice(0, 64)} not found`);
      const value = await vault.get(secret.id);
      if (value === null) {
        throw new AppError(
          'vault_unavailable',
          `The value of secret ${secret.id} ("${secret.name}") is missing from the ${vault.backend} vault; rotate it to store it again`,
          undefined,
          30,
        );
      }
      return value;
    },
  };
}
export type SecretsService = ReturnType<typeof createSecretsService>;
