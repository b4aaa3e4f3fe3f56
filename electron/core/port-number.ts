/**
 * A TCP port number from text (`--port`, SWITCHBOARD_PORT, the remembered setting): 0..65535,
 * where 0 means "any free port". Null when absent, blank or not a port.
 */
export function parsePort(text: string | undefined): number | null {
  if (text === undefined || text.trim() === '') return null;
  const port = Number(text);
  return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : null;
}
