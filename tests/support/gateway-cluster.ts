import { spawnServe, type ServeProcess } from './built-cli';
import { makeTempDir } from './temp-dir';

/** One `switchboard serve` of a team, with an admin session on its own admin UI. */
export interface TeamGateway {
  name: string;
  serve: ServeProcess;
  dataDir: string;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  agentEndpoint: string;
  apiBaseUrl: string;
  cookie: string;
  /** JSON over REST as the signed-in admin. */
  api<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export const teamEnv = (databaseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  SWITCHBOARD_VAULT: 'file',
  SWITCHBOARD_MASTER_KEY: 'team-test-master-key',
  SWITCHBOARD_DATABASE_URL: databaseUrl,
  ...extra,
});

/** Starts a gateway on the team database in a data directory of its own, and signs in to it. */
export async function startTeamGateway(name: string, databaseUrl: string, extra: NodeJS.ProcessEnv = {}): Promise<TeamGateway> {
  const temp = makeTempDir();
  const serve = await spawnServe(['--port', '0', '--data-dir', temp.dir], teamEnv(databaseUrl, extra));
  const apiBaseUrl = serve.lines['API']!;
  const baseUrl = new URL(apiBaseUrl).origin;
  const login = await fetch(serve.lines['Admin UI']!, { redirect: 'manual' });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  let stopped: Promise<number | null> | null = null;
  return {
    name,
    serve,
    dataDir: temp.dir,
    baseUrl,
    agentEndpoint: serve.lines['Agent endpoint']!,
    apiBaseUrl,
    cookie,
    async api(method, path, body, headers = {}) {
      const response = await fetch(`${apiBaseUrl}${path}`, {
        method,
        headers: { cookie, origin: baseUrl, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    stop(signal = 'SIGTERM') {
      stopped ??= serve.stop(signal).finally(() => temp.cleanup());
      return stopped;
    },
  };
}

/** The chat every team test sends: ten output tokens at most, so a reservation's estimate is known. */
export const chatBody = JSON.stringify({
  model: 'llama3.2',
  stream: false,
  options: { num_predict: 10 },
  messages: [{ role: 'user', content: 'hi' }],
});

/** A proxied Ollama chat through a gateway's agent endpoint with a job token; resolves to the status. */
export async function chat(
  gateway: Pick<TeamGateway, 'agentEndpoint'>,
  token: string,
  headers: Record<string, string> = {},
): Promise<number> {
  return (await chatAnswer(gateway, token, headers)).status;
}

/** The same chat, with the `x-request-id` the gateway answered with: the key of its usage row. */
export async function chatAnswer(
  gateway: Pick<TeamGateway, 'agentEndpoint'>,
  token: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; requestId: string | null }> {
  const response = await fetch(`${gateway.agentEndpoint}/ai/ollama/api/chat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: chatBody,
  });
  await response.arrayBuffer();
  return { status: response.status, requestId: response.headers.get('x-request-id') };
}
