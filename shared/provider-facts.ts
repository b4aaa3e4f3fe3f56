import { z } from 'zod';

/** AWS region names such as `us-east-1` or `ap-southeast-2`; the one rule the form, the server and the signer share. */
export const AwsRegion = z
  .string()
  .trim()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'must be an AWS region such as "us-east-1"');

/** An Azure OpenAI resource name: the `<resource>` in `https://<resource>.openai.azure.com`. */
export const AzureResource = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/i, 'must be an Azure resource name: 2 to 63 letters, digits or hyphens');

const NonEmptyText = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

/**
 * What a Bedrock provider's linked secret holds: AWS credentials as JSON.
 * @example {"accessKeyId":"AKIA…","secretAccessKey":"…","sessionToken":"…"}  (sessionToken optional)
 */
export const BedrockCredentials = z.object({
  accessKeyId: z.string().min(1).max(256),
  secretAccessKey: z.string().min(1).max(512),
  sessionToken: z.string().min(1).max(4096).optional(),
});
export type BedrockCredentials = z.infer<typeof BedrockCredentials>;

/** One `config` key the form asks for with a labelled input, and the rule its value must meet. */
export interface ConfigField {
  key: string;
  label: string;
  placeholder: string;
  /** `unlessBaseUrl`: needed only when no baseUrl replaces what the field would build. */
  required: 'always' | 'unlessBaseUrl';
  /** Why the field is needed, shown with the message when it is missing. */
  requiredHint?: string;
  schema: z.ZodType<string>;
}

/** When a linked secret holds structured JSON rather than a plain key. */
export interface SecretFormat {
  schema: z.ZodType;
  /** How to write it, for error messages and the form. */
  description: string;
}

/** What the UI and the server both know about a slug, before any request is made. */
export interface ProviderFacts {
  label: string;
  /**
   * `required`: there is no public endpoint (gateway, custom).
   * `optional`: the baseUrl overrides `defaultBaseUrl`.
   * `prefilled`: a local server people often move; `defaultBaseUrl` is written into the record.
   */
  baseUrl: 'required' | 'optional' | 'prefilled';
  /** The public endpoint used without a baseUrl; null when it depends on config or there is none. */
  defaultBaseUrl: string | null;
  baseUrlPlaceholder: string;
  modelPlaceholder: string;
  configFields: ConfigField[];
  /**
   * `required`: the server refuses the provider without a linked secret.
   * `expected`: the form asks for a key (the API refuses calls without one); a record may be saved first.
   * `none`: no key by default (a local server); a secret is sent when linked.
   */
  secret: 'required' | 'expected' | 'none';
  secretFormat?: SecretFormat;
  docsHint: string;
  /** A short mark and colour for the provider's icon (decorative; the slug is written beside it). */
  icon: { mark: string; color: string };
}

type RowBasics = Pick<ProviderFacts, 'label' | 'modelPlaceholder' | 'docsHint' | 'icon'>;

/** An OpenAI-compatible API with a public endpoint and a bearer key. */
const openAiStyle = (row: RowBasics & { defaultBaseUrl: string }): ProviderFacts => ({
  ...row,
  baseUrl: 'optional',
  baseUrlPlaceholder: row.defaultBaseUrl,
  configFields: [],
  secret: 'expected',
});

/** An OpenAI-compatible endpoint the admin runs or rents: the URL is theirs to give. */
const ownEndpoint = (row: RowBasics): ProviderFacts => ({
  ...row,
  baseUrl: 'required',
  defaultBaseUrl: null,
  baseUrlPlaceholder: 'https://llm.example.com/v1',
  configFields: [],
  secret: 'expected',
});

const rows = {
  openai: openAiStyle({
    label: 'OpenAI',
    defaultBaseUrl: 'https://api.openai.com',
    modelPlaceholder: 'gpt-4.1',
    docsHint: 'An API key from platform.openai.com.',
    icon: { mark: 'O', color: '#10a37f' },
  }),
  anthropic: {
    label: 'Anthropic',
    baseUrl: 'optional',
    defaultBaseUrl: 'https://api.anthropic.com',
    baseUrlPlaceholder: 'https://api.anthropic.com',
    modelPlaceholder: 'claude-sonnet-4-5',
    configFields: [],
    secret: 'expected',
    docsHint: 'An API key from console.anthropic.com.',
    icon: { mark: 'A', color: '#c96442' },
  },
  google: {
    label: 'Google Gemini',
    baseUrl: 'optional',
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    baseUrlPlaceholder: 'https://generativelanguage.googleapis.com',
    modelPlaceholder: 'gemini-2.5-pro',
    configFields: [],
    secret: 'expected',
    docsHint: 'A Gemini API key from aistudio.google.com.',
    icon: { mark: 'G', color: '#4285f4' },
  },
  xai: openAiStyle({
    label: 'xAI',
    defaultBaseUrl: 'https://api.x.ai',
    modelPlaceholder: 'grok-4',
    docsHint: 'An API key from console.x.ai.',
    icon: { mark: 'x', color: '#111' },
  }),
  groq: openAiStyle({
    label: 'Groq',
    defaultBaseUrl: 'https://api.groq.com/openai',
    modelPlaceholder: 'llama-3.3-70b-versatile',
    docsHint: 'An API key from console.groq.com.',
    icon: { mark: 'Gq', color: '#f55036' },
  }),
  ollama: {
    label: 'Ollama',
    baseUrl: 'prefilled',
    defaultBaseUrl: 'http://127.0.0.1:11434',
    baseUrlPlaceholder: 'http://127.0.0.1:11434',
    modelPlaceholder: 'llama3.1',
    configFields: [],
    secret: 'none',
    docsHint: 'No key needed; link one only if your Ollama sits behind an authenticating proxy.',
    icon: { mark: 'Ol', color: '#555' },
  },
  azure: {
    label: 'Azure OpenAI',
    baseUrl: 'optional',
    defaultBaseUrl: null,
    baseUrlPlaceholder: 'https://my-openai-resource.openai.azure.com',
    modelPlaceholder: 'gpt-4o',
    configFields: [
      {
        key: 'resource',
        label: 'Azure resource',
        placeholder: 'my-openai-resource',
        required: 'unlessBaseUrl',
        requiredHint: 'or set baseUrl',
        schema: AzureResource,
      },
      { key: 'deployment', label: 'Deployment', placeholder: 'gpt-4o-prod', required: 'always', schema: NonEmptyText },
      {
        key: 'apiVersion',
        label: 'API version',
        placeholder: '2024-10-21',
        required: 'always',
        requiredHint: 'e.g. "2024-10-21"',
        schema: NonEmptyText,
      },
    ],
    secret: 'expected',
    docsHint: 'A key from the Azure portal (Keys and Endpoint) of the resource.',
    icon: { mark: 'Az', color: '#0078d4' },
  },
  bedrock: {
    label: 'Amazon Bedrock',
    baseUrl: 'optional',
    defaultBaseUrl: null,
    baseUrlPlaceholder: 'https://bedrock-runtime.us-east-1.amazonaws.com',
    modelPlaceholder: 'anthropic.claude-sonnet-4-5-v1:0',
    configFields: [
      {
        key: 'region',
        label: 'AWS region',
        placeholder: 'us-east-1',
        required: 'always',
        requiredHint: 'e.g. "us-east-1"',
        schema: AwsRegion,
      },
    ],
    secret: 'required',
    secretFormat: { schema: BedrockCredentials, description: 'AWS credentials as JSON: {"accessKeyId","secretAccessKey","sessionToken"?}' },
    docsHint: 'AWS credentials of an IAM user or role allowed to invoke the models, as JSON.',
    icon: { mark: 'B', color: '#ff9900' },
  },
  gateway: ownEndpoint({
    label: 'Gateway',
    modelPlaceholder: 'anthropic/claude-sonnet-4-5',
    docsHint: 'An OpenAI-compatible gateway (LiteLLM, Portkey…): its URL and key.',
    icon: { mark: 'Gw', color: '#7c3aed' },
  }),
  custom: ownEndpoint({
    label: 'Custom (OpenAI-compatible)',
    modelPlaceholder: 'my-model',
    docsHint: 'Any OpenAI-compatible endpoint, such as vLLM or llama.cpp.',
    icon: { mark: '{}', color: '#6b7280' },
  }),
} satisfies Record<string, ProviderFacts>;

type Slug = keyof typeof rows;
/**
 * One row per slug; the rows' keys are the slugs (shared/slugs.ts). Adding an OpenAI-compatible
 * provider is one row here and one folder in electron/core/providers/.
 */
export const providerFacts: Record<Slug, ProviderFacts> = rows;

export const providerLabels = Object.fromEntries(Object.entries(providerFacts).map(([slug, facts]) => [slug, facts.label])) as Record<
  Slug,
  string
>;

/** Parses a secret value against a slug's JSON format; null when it does not fit. Never echoes the value. */
export function parseSecretJson<T>(schema: z.ZodType<T>, value: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
