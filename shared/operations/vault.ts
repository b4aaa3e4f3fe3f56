import { z } from 'zod';
import { defineOperation } from './define';
import { VaultBackend } from './system';

/** A backend the secrets can be moved between on this gateway's own data directory. */
export const MovableBackend = z.enum(['keychain', 'file']);
export type MovableBackend = z.infer<typeof MovableBackend>;

/** Where secret values live now, and where they could be moved. */
export const VaultState = z.object({
  backend: VaultBackend,
  /** `keychain`, `file (key file at …)`, `file (SWITCHBOARD_MASTER_KEY)`. */
  description: z.string(),
  /** The same sentence as the banner; null for the OS keychain. */
  warning: z.string().nullable(),
  /** Why no move is possible here at all (team vault, a vault given by the host, SWITCHBOARD_VAULT set); null otherwise. */
  notMovable: z.string().nullable(),
  /** The other backends, each with why it cannot be used now (null: it can). */
  targets: z.array(z.object({ backend: MovableBackend, label: z.string(), unavailable: z.string().nullable() })),
});
export type VaultState = z.infer<typeof VaultState>;

export const VaultMove = z.object({
  vault: VaultState,
  /** Secrets re-stored under the new backend. */
  moved: z.number().int().min(0),
  /** Secrets the old backend held no value for (nothing to move). */
  missing: z.number().int().min(0),
});
export type VaultMove = z.infer<typeof VaultMove>;

export const vaultOperations = {
  getVault: defineOperation({
    summary: 'The vault backend in use, its warning, and the backends the secrets could be moved to.',
    input: z.strictObject({}),
    output: VaultState,
    permission: 'system:GetSystemStatus',
    http: { method: 'GET', path: '/system/vault' },
  }),
  /**
   * @example POST /api/v1/system/vault/move { "to": "keychain" } → every secret now in the OS keychain
   */
  moveVault: defineOperation({
    summary:
      'Move every secret value to another vault backend (the OS keychain, or the encrypted file): all are written and checked there before the switch, and removed from the old one after.',
    input: z.strictObject({ to: MovableBackend }),
    output: VaultMove,
    permission: 'system:MoveVault',
    http: { method: 'POST', path: '/system/vault/move' },
  }),
};
