import { z } from 'zod';
import { AiProviderId, ProjectId, SecretId } from '../ids';
import { Name, ProviderSlug } from '../slugs';
import { Deleted, IfMatch, PageInput, Timestamp, pageOf } from './common';
import { defineOperation } from './define';

/**
 * `byo`: the provider key is a secret in this machine's vault.
 * `hosted`: requests go to an organization's hosted model endpoint (`baseUrl`), authenticated
 * with a platform token kept as the linked secret; no provider key on this machine.
 */
export const AuthMethod = z.enum(['byo', 'hosted']);
export type AuthMethod = z.infer<typeof AuthMethod>;

/** Provider-specific settings (azure: resource, deployment, apiVersion; bedrock: region). */
export const ProviderConfig = z.record(z.string().max(100), z.unknown());

export const ModelName = z.string().trim().min(1).max(200);
export const BaseUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** A key pool's further secrets (the provider's own `secretId` is its first key). */
export const PoolSecretIds = z.array(SecretId).max(9);

/** The AI provider record, field for field the published "AI Providers module" model. */
export const AiProvider = z.object({
  id: z.string(),
  projectId: z.string(),
  secretId: z.string().nullable(),
  name: z.string(),
  provider: ProviderSlug,
  defaultModel: z.string(),
  baseUrl: z.string().nullable(),
  config: ProviderConfig.nullable(),
  authMethod: AuthMethod,
  /** Key pool: further secrets used in turn with `secretId`; a key the upstream throttles or refuses rests while the others work. */
  poolSecretIds: z.array(z.string()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type AiProvider = z.infer<typeof AiProvider>;

export const CreateAiProviderInput = z.strictObject({
  /** Defaults to the default project. */
  projectId: ProjectId.optional(),
  name: Name,
  provider: ProviderSlug,
  defaultModel: ModelName,
  baseUrl: BaseUrl.nullable().optional(),
  config: ProviderConfig.nullable().optional(),
  secretId: SecretId.nullable().optional(),
  authMethod: AuthMethod.default('byo'),
  poolSecretIds: PoolSecretIds.optional(),
});

/** PATCH semantics: an absent field is unchanged, `null` clears a nullable field. */
export const UpdateAiProviderInput = z.strictObject({
  aiProviderId: AiProviderId,
  name: Name.optional(),
  ifMatch: IfMatch.optional(),
  defaultModel: ModelName.optional(),
  baseUrl: BaseUrl.nullable().optional(),
  config: ProviderConfig.nullable().optional(),
  secretId: SecretId.nullable().optional(),
  authMethod: AuthMethod.optional(),
  poolSecretIds: PoolSecretIds.optional(),
});

export const ProviderTestResult = z.object({
  ok: z.boolean(),
  reachable: z.boolean(),
  authenticated: z.boolean().nullable(),
  modelKnown: z.boolean().nullable(),
  status: z.number().int().nullable(),
  latencyMs: z.number().nullable(),
  message: z.string(),
  testedAt: Timestamp,
});
export type ProviderTestResult = z.infer<typeof ProviderTestResult>;

export const aiProviderOperations = {
  listAiProviders: defineOperation({
    summary: 'List AI providers, optionally filtered by project and provider slug.',
    input: PageInput.extend({ projectId: ProjectId.optional(), provider: ProviderSlug.optional() }).strict(),
    output: pageOf(AiProvider),
    permission: 'aiProviders:ListAiProviders',
    http: { method: 'GET', path: '/ai-providers' },
  }),
  getAiProvider: defineOperation({
    summary: 'Get one AI provider.',
    input: z.strictObject({ aiProviderId: AiProviderId }),
    output: AiProvider,
    permission: 'aiProviders:GetAiProvider',
    http: { method: 'GET', path: '/ai-providers/:aiProviderId' },
  }),
  createAiProvider: defineOperation({
    summary: 'Register an AI provider.',
    input: CreateAiProviderInput,
    output: AiProvider,
    permission: 'aiProviders:CreateAiProvider',
    http: { method: 'POST', path: '/ai-providers', successStatus: 201 },
  }),
  updateAiProvider: defineOperation({
    summary: 'Change an AI provider (absent fields unchanged, null clears).',
    input: UpdateAiProviderInput,
    output: AiProvider,
    permission: 'aiProviders:UpdateAiProvider',
    http: { method: 'PATCH', path: '/ai-providers/:aiProviderId' },
  }),
  deleteAiProvider: defineOperation({
    summary: 'Delete an AI provider.',
    input: z.strictObject({ aiProviderId: AiProviderId }),
    output: Deleted,
    permission: 'aiProviders:DeleteAiProvider',
    http: { method: 'DELETE', path: '/ai-providers/:aiProviderId' },
  }),
  /**
   * A live check through the proxy's path: reachable, key accepted, default model listed, latency.
   * @example POST /api/v1/ai-providers/aip_…/test → { "ok": true, "reachable": true, "authenticated": true, "modelKnown": true, "status": 200, "latencyMs": 84, … }
   */
  testAiProvider: defineOperation({
    summary: 'Check an AI provider live: reachable, key accepted, default model known, latency.',
    input: z.strictObject({ aiProviderId: AiProviderId }),
    output: ProviderTestResult,
    permission: 'aiProviders:TestAiProvider',
    http: { method: 'POST', path: '/ai-providers/:aiProviderId/test' },
  }),
};
