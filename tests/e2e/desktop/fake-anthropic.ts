import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local stand-in for api.anthropic.com: answers /v1/messages and records what it was sent. */
export async function startFakeAnthropic() {
  const received: Array<{ path: string; apiKey: string | undefined; body: unknown }> = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    received.push({ path: req.url ?? '', apiKey: req.headers['x-api-key'] as string | undefined, body: JSON.parse(text || 'null') });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'msg_fake',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [{ type: 'text', text: 'Hello from the fake upstream' }],
        stop_reason: 'end_turn',
        usage: { input_tokens: 12, output_tokens: 7 },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
