/**
 * Joins the upstream base and the client's path, dropping a repeated version segment
 * (`https://host/v1` + `/v1/chat/completions` → `https://host/v1/chat/completions`).
 */
export function joinUpstreamUrl(base: URL, path: string, query?: URLSearchParams): URL {
  let basePath = base.pathname.replace(/\/+$/, '');
  const lastSegment = basePath.slice(basePath.lastIndexOf('/'));
  if (lastSegment.length > 1 && (path === lastSegment || path.startsWith(lastSegment + '/'))) basePath = basePath.slice(0, -lastSegment.length);
  const url = new URL(base.origin + basePath + path);
  const search = query?.toString();
  if (search) url.search = search;
  return url;
}
