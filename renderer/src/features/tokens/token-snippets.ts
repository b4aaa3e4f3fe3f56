import type { AiProvider, Token } from '../../../../shared/operations';
import { providerFacts } from '../../../../shared/provider-facts';
import type { ProviderSlug } from '../../../../shared/slugs';

/** Ready-to-paste ways to use a job token, built from the agent endpoint and the token itself. */
export interface Snippet {
  id: string;
  title: string;
  language: string;
  text: string;
}

/** The CI secret the pipeline step reads the token from: the YAML never holds the token itself. */
export const pipelineSecretName = 'SWITCHBOARD_JOB_TOKEN';

/** The slugs a job token can call in its project: its allowed providers, or every provider when none is named. */
export function usableSlugs(token: Pick<Token, 'allowedProviders'>, providers: readonly AiProvider[]): ProviderSlug[] {
  const usable =
    token.allowedProviders.length === 0
      ? providers
      : providers.filter((p) => token.allowedProviders.includes(p.id) || token.allowedProviders.includes(p.provider));
  return [...new Set(usable.map((p) => p.provider))];
}

const anthropicBody = `{"model": "claude-sonnet-4-5", "max_tokens": 256, "messages": [{"role": "user", "content": "Say hello"}]}`;
const openaiBody = `{"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Say hello"}]}`;

/** The published request, written with the two variables a pipeline step sees. */
function curlFor(slug: 'anthropic' | 'openai'): string[] {
  if (slug === 'anthropic')
    return [
      `curl -X POST "$BUILDKITE_AGENT_ENDPOINT/ai/anthropic/v1/messages" \\`,
      `  -H "x-api-key: $BUILDKITE_AGENT_ACCESS_TOKEN" \\`,
      `  -H "anthropic-version: 2023-06-01" \\`,
      `  -H "content-type: application/json" \\`,
      `  -d '${anthropicBody}'`,
    ];
  return [
    `curl -X POST "$BUILDKITE_AGENT_ENDPOINT/ai/openai/v1/chat/completions" \\`,
    `  -H "Authorization: Bearer $BUILDKITE_AGENT_ACCESS_TOKEN" \\`,
    `  -H "content-type: application/json" \\`,
    `  -d '${openaiBody}'`,
  ];
}

/** Snippets for the providers the token can call, and only those. */
export function tokenSnippets(agentEndpoint: string, token: string, slugs: readonly ProviderSlug[]): Snippet[] {
  const curlSlug = slugs.includes('anthropic') ? 'anthropic' : slugs.includes('openai') ? 'openai' : null;
  const snippets: Snippet[] = [];
  if (curlSlug) {
    const curl = curlFor(curlSlug);
    snippets.push(
      {
        id: 'pipeline',
        title: 'Pipeline step',
        language: 'yaml',
        text: [
          `# Store the token as the secret ${pipelineSecretName} in your CI; this file never holds it.`,
          'steps:',
          `  - label: ":robot_face: Ask ${curlSlug === 'anthropic' ? 'Claude' : 'GPT'}"`,
          '    secrets:',
          `      - ${pipelineSecretName}`,
          '    env:',
          `      BUILDKITE_AGENT_ENDPOINT: "${agentEndpoint}"`,
          '    command: |',
          `      export BUILDKITE_AGENT_ACCESS_TOKEN="$$${pipelineSecretName}"`,
          ...curl.map((line) => `      ${line.replaceAll('$BUILDKITE', '$$BUILDKITE')}`),
        ].join('\n'),
      },
      {
        id: 'curl',
        title: 'curl',
        language: 'shell',
        text: [`export BUILDKITE_AGENT_ENDPOINT="${agentEndpoint}"`, `export BUILDKITE_AGENT_ACCESS_TOKEN="${token}"`, ...curl].join('\n'),
      },
    );
  }
  if (slugs.includes('anthropic')) {
    snippets.push(
      {
        id: 'claude-code',
        title: 'Claude Code',
        language: 'shell',
        text: [`export ANTHROPIC_BASE_URL="${agentEndpoint}/ai/anthropic"`, `export ANTHROPIC_API_KEY="${token}"`, 'claude'].join('\n'),
      },
      {
        id: 'anthropic-sdk',
        title: 'Anthropic SDK',
        language: 'typescript',
        text: [
          "import Anthropic from '@anthropic-ai/sdk';",
          '',
          'const client = new Anthropic({',
          `  baseURL: '${agentEndpoint}/ai/anthropic',`,
          '  apiKey: process.env.BUILDKITE_AGENT_ACCESS_TOKEN,',
          '});',
        ].join('\n'),
      },
    );
  }
  if (slugs.includes('openai')) {
    snippets.push({
      id: 'openai-sdk',
      title: 'OpenAI SDK',
      language: 'typescript',
      text: [
        "import OpenAI from 'openai';",
        '',
        'const client = new OpenAI({',
        `  baseURL: '${agentEndpoint}/ai/openai/v1',`,
        '  apiKey: process.env.BUILDKITE_AGENT_ACCESS_TOKEN,',
        '});',
      ].join('\n'),
    });
  }
  // Every other kind: its base URL through the proxy, for whichever client speaks its API.
  for (const slug of slugs.filter((s) => s !== 'anthropic' && s !== 'openai')) {
    snippets.push({
      id: `base-url-${slug}`,
      title: `${providerFacts[slug].label} base URL`,
      language: 'text',
      text: [
        `# Point your ${providerFacts[slug].label} client at this base URL, with the token as its API key:`,
        `${agentEndpoint}/ai/${slug}`,
      ].join('\n'),
    });
  }
  return snippets;
}
