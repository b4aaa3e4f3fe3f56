import { scrubText } from '../credential-scrubber';

/** Upstream response headers a client must not see: hop-by-hop, upstream cookies. */
const dropped = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'set-cookie']);

/**
 * The upstream's response headers, read once from undici's raw list: lower-case names beside
 * their values, looked up by name and copied for the client as Node's flat `[name, value, …]`.
 */
export class ResponseHead {
  private readonly names: string[] = [];
  private readonly values: string[] = [];

  constructor(raw: Buffer[]) {
    for (let i = 0; i < raw.length; i += 2) {
      this.names.push(raw[i]!.toString('latin1').toLowerCase());
      this.values.push(raw[i + 1]!.toString('latin1'));
    }
  }

  get(name: string): string | undefined {
    const at = this.names.indexOf(name);
    return at === -1 ? undefined : this.values[at];
  }

  /** The headers by name, for the few providers that read usage from them. */
  asObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let i = 0; i < this.names.length; i++) out[this.names[i]!] = this.values[i]!;
    return out;
  }

  /**
   * The headers for the client, then the proxy's own; the credential is scrubbed from every value
   * (a 401 may echo it in WWW-Authenticate). `keepLength` when the body keeps its length.
   */
  forClient(keepLength: boolean, own: string[], credential: string | null): string[] {
    const out: string[] = [];
    const { names, values } = this;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      if (dropped.has(name) || (!keepLength && name === 'content-length')) continue;
      out.push(name, scrubText(values[i]!, credential));
    }
    for (const value of own) out.push(value);
    return out;
  }
}
