import { providerSlugs, type ProviderSlug } from '../../shared/slugs';

export const secretId = 'sec_0123456789abcdef';

export interface Sample {
  slug: ProviderSlug;
  baseUrl?: string;
  config?: Record<string, string>;
  authMethod?: 'byo' | 'hosted';
}

/** Inputs on both sides of each rule: missing and present fields, good and bad values, with and without a baseUrl. */
export const samples: Sample[] = [
  ...providerSlugs.map((slug) => ({ slug })),
  ...providerSlugs.map((slug) => ({ slug, baseUrl: 'https://llm.example.com/v1' })),
  ...providerSlugs.map((slug) => ({ slug, authMethod: 'hosted' as const })),
  { slug: 'bedrock', config: { region: 'eu-central-1' } },
  { slug: 'bedrock', config: { region: 'ap-southeast-12' } },
  { slug: 'bedrock', config: { region: 'Mars' } },
  { slug: 'bedrock', config: { region: 'us-east-1a' } },
  { slug: 'bedrock', config: { region: '   ' } },
  { slug: 'azure', config: { resource: 'my-resource', deployment: 'gpt-4o-prod', apiVersion: '2024-10-21' } },
  { slug: 'azure', config: { resource: 'r', deployment: 'd', apiVersion: 'v' } },
  { slug: 'azure', config: { resource: 'has space', deployment: 'd', apiVersion: 'v' } },
  { slug: 'azure', baseUrl: 'https://proxy.example.com', config: { deployment: 'd', apiVersion: ' ' } },
  { slug: 'azure', config: { deployment: 'd', apiVersion: '2024-10-21' } },
];
