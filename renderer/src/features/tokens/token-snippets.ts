/** Ready-to-paste ways to use a job token, built from the agent endpoint and the token itself. */
export interface Snippet {
  id: string;
  title: string;
  language: string;
  text: string;
}

const anthropicBody = `{"model": "claude-sonnet-4-5", "max_tokens": 256, "messages": [{"role": "user", "content": "Say hello"}]}`;

export function tokenSnippets(agentEndpoint: string, token: string): Snippet[] {
  const curl = [
    `curl -X POST "$BUILDKITE_AGENT_ENDPOINT/ai/anthropic/v1/messages" \\`,
    `  -H "x-api-key: $BUILDKITE_AGENT_ACCESS_TOKEN" \\`,
    `  -H "anthropic-version: 2023-06-01" \\`,
    `  -H "content-type: application/json" \\`,
    `  -d '${anthropicBody}'`,
  ];
  return [
    {
      id: 'pipeline',
      title: 'Pipeline step',
      language: 'yaml',
      text: [
        'steps:',
        '  - label: ":robot_face: Ask Claude"',
        '    command: |',
        ...curl.map((line) => `      ${line}`),
        '    env:',
        `      BUILDKITE_AGENT_ENDPOINT: "${agentEndpoint}"`,
        '      # Better: keep the token in your CI secret store and expose it under this name.',
        `      BUILDKITE_AGENT_ACCESS_TOKEN: "${token}"`,
      ].join('\n'),
    },
    {
      id: 'curl',
      title: 'curl',
      language: 'shell',
      text: [`export BUILDKITE_AGENT_ENDPOINT="${agentEndpoint}"`, `export BUILDKITE_AGENT_ACCESS_TOKEN="${token}"`, ...curl].join('\n'),
    },
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
    {
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
    },
  ];
}
