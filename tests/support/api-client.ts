import type { TestServer } from './test-server';

/** Response bodies are asserted field by field in tests, so they stay loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export type Credential = { cookie: string } | { token: string } | { headers: Record<string, string> } | null;

/** Real HTTP against `/api/v1` as the admin session, an API token, or nobody. */
export function apiClient(server: TestServer['server'], defaultCredential: Credential = null) {
  async function call<T = Json>(
    method: string,
    path: string,
    body?: unknown,
    credential: Credential = defaultCredential,
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (credential && 'cookie' in credential) headers.cookie = credential.cookie;
    if (credential && 'token' in credential) headers.authorization = `Bearer ${credential.token}`;
    if (credential && 'headers' in credential) Object.assign(headers, credential.headers);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.apiBaseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null, text };
  }
  /** A request with a body sent exactly as given (bad JSON, odd bytes, odd content types). */
  async function raw(
    method: string,
    path: string,
    body: string | Uint8Array | undefined,
    headers: Record<string, string>,
  ): Promise<ApiResponse> {
    const response = await fetch(`${server.apiBaseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: Json = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Left null: the caller asserts the body is JSON.
    }
    return { status: response.status, headers: response.headers, body: parsed, text };
  }
  return {
    call,
    raw,
    get: <T = Json>(path: string, credential?: Credential) => call<T>('GET', path, undefined, credential),
    post: <T = Json>(path: string, body: unknown, credential?: Credential) => call<T>('POST', path, body, credential),
    patch: <T = Json>(path: string, body: unknown, credential?: Credential) => call<T>('PATCH', path, body, credential),
    delete: <T = Json>(path: string, credential?: Credential) => call<T>('DELETE', path, undefined, credential),
  };
}
export type ApiClient = ReturnType<typeof apiClient>;
