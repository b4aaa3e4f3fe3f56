import { describe, expect, it } from 'vitest';
import { providerRuleIssues, type ProviderShape } from '../../electron/core/services/provider-rules';
import { parseBedrockCredentials } from '../../electron/core/providers/bedrock/credentials';

const shape = (fields: Partial<ProviderShape>): ProviderShape => ({
  provider: 'openai',
  baseUrl: null,
  config: null,
  secretId: null,
  authMethod: 'byo',
  ...fields,
});
const paths = (fields: Partial<ProviderShape>) => providerRuleIssues(shape(fields)).map((issue) => issue.path);

describe('per-slug provider rules', () => {
  it('needs a baseUrl for gateway and custom only', () => {
    expect(paths({ provider: 'gateway' })).toEqual(['baseUrl']);
    expect(paths({ provider: 'custom', baseUrl: 'http://127.0.0.1:1' })).toEqual([]);
    expect(paths({ provider: 'anthropic' })).toEqual([]);
  });

  it('needs azure resource (or baseUrl), deployment and apiVersion as non-empty text', () => {
    expect(paths({ provider: 'azure' })).toEqual(['config.resource', 'config.deployment', 'config.apiVersion']);
    expect(paths({ provider: 'azure', config: { resource: 'res', deployment: 'd', apiVersion: '2024-10-21' } })).toEqual([]);
    expect(paths({ provider: 'azure', baseUrl: 'https://x', config: { deployment: 'd', apiVersion: ' ' } })).toEqual(['config.apiVersion']);
    expect(paths({ provider: 'azure', config: { resource: 5, deployment: 'd', apiVersion: 'v' } })).toEqual(['config.resource']);
  });

  it('needs a real AWS region and a secret for bedrock', () => {
    expect(paths({ provider: 'bedrock' })).toEqual(['config.region', 'secretId']);
    expect(paths({ provider: 'bedrock', config: { region: 'Mars' }, secretId: 'sec_x' })).toEqual(['config.region']);
    expect(paths({ provider: 'bedrock', config: { region: 'eu-central-1' }, secretId: 'sec_x' })).toEqual([]);
  });

  it('needs a baseUrl and a secret for hosted providers', () => {
    expect(paths({ provider: 'anthropic', authMethod: 'hosted' })).toEqual(['baseUrl', 'secretId']);
  });

  it('reads Bedrock credentials JSON and refuses anything else', () => {
    expect(parseBedrockCredentials('{"accessKeyId":"AKIA","secretAccessKey":"s"}')).toEqual({ accessKeyId: 'AKIA', secretAccessKey: 's' });
    expect(parseBedrockCredentials('{"accessKeyId":"AKIA","secretAccessKey":"s","sessionToken":"t"}')?.sessionToken).toBe('t');
    for (const bad of ['', 'AKIA:secret', '{"accessKeyId":"AKIA"}', '[]', 'null']) expect(parseBedrockCredentials(bad)).toBeNull();
  });
});
