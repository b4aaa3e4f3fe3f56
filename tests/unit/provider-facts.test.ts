import { describe, expect, it } from 'vitest';
import type { AiProvider } from '../../shared/operations/ai-providers';
import { AwsRegion, providerFacts } from '../../shared/provider-facts';
import { providerSlugs } from '../../shared/slugs';
import { providers } from '../../electron/core/providers/index';
import { providerRuleIssues, secretFormatIssue, storedBaseUrl } from '../../electron/core/services/provider-rules';
import { providerFactIssues } from '../../shared/provider-rules';
import { samples, secretId, type Sample } from '../support/provider-rule-samples';

function serverIssues(sample: Sample, baseUrl = sample.baseUrl ?? null) {
  return providerRuleIssues({
    provider: sample.slug,
    baseUrl,
    config: sample.config ?? null,
    secretId,
    authMethod: sample.authMethod ?? 'byo',
  });
}

describe('the provider facts table', () => {
  it('the server applies the shared rules the form applies (the form side: tests/unit/renderer), adding only the address rule', () => {
    for (const sample of samples) {
      const shared = providerFactIssues({
        slug: sample.slug,
        baseUrl: sample.baseUrl ?? null,
        config: sample.config ?? null,
        authMethod: sample.authMethod ?? 'byo',
        secretLinked: true,
      });
      expect(serverIssues(sample), JSON.stringify(sample)).toEqual(shared);
    }
    expect(serverIssues({ slug: 'custom' }, 'http://169.254.169.254/').map((issue) => issue.path)).toEqual(['baseUrl']);
  });

  it('has one module per slug, each answering for its own row', () => {
    for (const slug of providerSlugs) {
      expect(providers[slug].slug).toBe(slug);
      expect(providers[slug].facts).toBe(providerFacts[slug]);
    }
  });

  it('one AWS region rule: two-digit regions pass, anything else fails', () => {
    for (const region of ['us-east-1', 'eu-central-2', 'ap-southeast-12', 'us-gov-west-1'])
      expect(AwsRegion.safeParse(region).success, region).toBe(true);
    for (const region of ['Mars', 'us-east', 'us-east-1a', 'US-EAST-1', ''])
      expect(AwsRegion.safeParse(region).success, region).toBe(false);
  });

  it("a Bedrock secret must hold AWS credentials JSON, but a hosted endpoint's platform token need not, as in the form", async () => {
    const read = (value: string) => () => Promise.resolve(value);
    const aws = JSON.stringify({ accessKeyId: 'AKIA', secretAccessKey: 's' });
    expect(await secretFormatIssue({ provider: 'bedrock', authMethod: 'byo' }, read('plain-key'))).toMatchObject({ path: 'secretId' });
    expect(await secretFormatIssue({ provider: 'bedrock', authMethod: 'byo' }, read(aws))).toBeNull();
    expect(await secretFormatIssue({ provider: 'bedrock', authMethod: 'hosted' }, read('platform-token'))).toBeNull();
    const unread = () => Promise.reject(new Error('an opaque key is never read'));
    expect(await secretFormatIssue({ provider: 'openai', authMethod: 'byo' }, unread)).toBeNull();
  });

  it('prefills the base URL only where the facts say so (Ollama), with the same default the proxy uses', () => {
    expect(storedBaseUrl({ provider: 'ollama', baseUrl: null })).toBe('http://127.0.0.1:11434');
    expect(storedBaseUrl({ provider: 'ollama', baseUrl: 'http://gpu-box:11434' })).toBe('http://gpu-box:11434');
    expect(storedBaseUrl({ provider: 'openai', baseUrl: null })).toBeNull();
    const ollama = { id: 'aip_x', baseUrl: null, config: null } as AiProvider;
    expect(providers.ollama.defaultBaseUrl(ollama)).toBe(providerFacts.ollama.defaultBaseUrl);
  });

  it('OpenAI-compatible slugs take their endpoint from the table, and gateway and custom have none', () => {
    const record = { id: 'aip_x', baseUrl: null, config: null } as AiProvider;
    expect(providers.openai.defaultBaseUrl(record)).toBe('https://api.openai.com');
    expect(providers.groq.defaultBaseUrl(record)).toBe('https://api.groq.com/openai');
    expect(providers.gateway.defaultBaseUrl(record)).toBeNull();
    expect(providers.custom.defaultBaseUrl(record)).toBeNull();
  });
});
