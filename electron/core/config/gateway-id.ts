import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { newId } from '../ids';

const fileName = 'gateway-id';
const valid = /^gw_[0-9A-Za-z]{16,32}$/;

/**
 * This gateway's id, kept in its data directory: a restart (or an upgrade) is the same gateway in
 * the Gateways list, while each CI agent's own directory makes it a gateway of its own.
 */
export function gatewayIdFor(dataDir: string): string {
  const file = path.join(dataDir, fileName);
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (valid.test(stored)) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const id = newId('gateway');
  writeFileSync(file, `${id}\n`, { mode: 0o600 });
  return id;
}
