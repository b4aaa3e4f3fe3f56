/** Joined URLs by base, path and query: a proxy sends the same few thousands of times over. */
const joined = new Map<string, URL>();

/**
 * Joins the upstream base and the client's path, dropping a repeated version segment
 * (`https://host/v1` + `/v1/chat/completions` → `https://host/v1/chat/completions`). The URL is
 * shared between requests to the same place: read it, never change it.
 */
export function joinUpstreamUrl(base: URL, path: string, query?: URLSearchParams): URL {
  const search = query?.toString();
  const key = base.href + ' ' + path + (search ? '?' + search : '');
  let url = joined.get(key);
  if (!url) {
    if (joined.size >= 1000) joined.clear();
    joined.set(key, (url = parseJoined(base, path, search)));
  }
  return url;
}

function parseJoined(base: URL, path: string, search: string | undefined): URL {
  let basePath = base.pathname.replace(/\/+$/, '');
  const lastSegment = basePath.slice(basePath.lastIndexOf('/'));
  if (lastSegment.length > 1 && (path === lastSegment || path.startsWith(lastSegment + '/')))
    basePath = basePath.slice(0, -lastSegment.length);
  const url = new URL(base.origin + basePath + path);
  if (search) url.search = search;
  return url;
}
