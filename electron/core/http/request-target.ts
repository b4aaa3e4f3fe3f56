/** The parts of a request's URL a handler reads: `URL` has them, and so does a plain target. */
export interface RequestTarget {
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
}

/**
 * A request target that a URL parser would keep exactly as sent: an absolute path of unreserved
 * and sub-delimiter characters (no `%`, so no encoded dot segment; no `//` start, which would name
 * a host), then an optional query of the same kind. Anything else goes to the URL parser.
 */
const plainTarget = /^\/(?!\/)[A-Za-z0-9\-._~!$&()*+,;=:@/]*(?:\?[A-Za-z0-9\-._~!$&()*+,;=:@/?%]*)?$/;

/**
 * The request target split by hand when it is plain (no dot segments), as the agent endpoint's
 * requests are: a URL parse per proxied request showed in its profile. Null: parse it as a URL.
 */
export function plainRequestTarget(raw: string): RequestTarget | null {
  if (!plainTarget.test(raw) || raw.includes('/.')) return null;
  const query = raw.indexOf('?');
  return query === -1 ? new PlainTarget(raw, '') : new PlainTarget(raw.slice(0, query), raw.slice(query + 1));
}

class PlainTarget implements RequestTarget {
  private params: URLSearchParams | null = null;

  constructor(
    readonly pathname: string,
    private readonly search: string,
  ) {}

  /** One instance per request, as `URL` gives: the proxy edits it (drops `key`) before it goes upstream. */
  get searchParams(): URLSearchParams {
    return (this.params ??= new URLSearchParams(this.search));
  }
}
