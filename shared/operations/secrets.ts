import { z } from 'zod';
import { ProjectId, SecretId } from '../ids';
import { Name } from '../slugs';
import { Deleted, PageInput, QueryBoolean, Timestamp, pageOf } from './common';
import { defineOperation } from './define';
import { VaultBackend } from './system';

/** Secret metadata. The value lives only in the vault and is never returned. */
export const Secret = z.object({
  id: z.string(),
  projectId: z.string(),
  name: z.string(),
  /** A short fingerprint of the value (a hash prefix), never the value or its tail. */
  fingerprint: z.string(),
  backend: VaultBackend,
  linkedProviderIds: z.array(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  rotatedAt: Timestamp.nullable(),
});
export type Secret = z.infer<typeof Secret>;

/** Write-only secret material. */
export const SecretValue = z.string().min(1, 'must not be empty').max(16_384);

export const secretOperations = {
  listSecrets: defineOperation({
    summary: 'List secret metadata (never values).',
    input: PageInput.extend({ projectId: ProjectId.optional() }).strict(),
    output: pageOf(Secret),
    permission: 'secrets:ListSecrets',
    http: { method: 'GET', path: '/secrets' },
  }),
  getSecret: defineOperation({
    summary: "Get one secret's metadata (never its value).",
    input: z.strictObject({ secretId: SecretId }),
    output: Secret,
    permission: 'secrets:GetSecret',
    http: { method: 'GET', path: '/secrets/:secretId' },
  }),
  createSecret: defineOperation({
    summary: 'Store a secret value in the vault; only its metadata comes back.',
    input: z.strictObject({ projectId: ProjectId.optional(), name: Name, value: SecretValue }),
    output: Secret,
    permission: 'secrets:CreateSecret',
    http: { method: 'POST', path: '/secrets', successStatus: 201 },
  }),
  rotateSecret: defineOperation({
    summary: "Replace a secret's value, keeping its id and links.",
    input: z.strictObject({ secretId: SecretId, value: SecretValue }),
    output: Secret,
    permission: 'secrets:RotateSecret',
    http: { method: 'POST', path: '/secrets/:secretId/rotate' },
  }),
  deleteSecret: defineOperation({
    summary: 'Delete a secret; refused while a provider links it unless `force` (which unlinks).',
    input: z.strictObject({ secretId: SecretId, force: QueryBoolean.optional() }),
    output: Deleted,
    permission: 'secrets:DeleteSecret',
    http: { method: 'DELETE', path: '/secrets/:secretId' },
  }),
};
