import { ESLint } from 'eslint';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

const root = path.resolve(here, '../..');
const eslint = new ESLint({ cwd: root });

async function importErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** The core-layering errors for one import written in `filePath`. */
async function layeringErrors(filePath: string, specifier: string): Promise<string[]> {
  const code = `import { x } from '${specifier}';\nexport const a = x;\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result!.messages.filter((m) => m.ruleId === 'switchboard/core-layering').map((m) => m.message);
}

describe('import layering is a lint error', () => {
  it('forbids electron in electron/core', async () => {
    expect(await importErrors('electron/core/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([
      expect.stringContaining('electron/core runs headless'),
    ]);
  });

  it('forbids Node built-ins and electron in shared/', async () => {
    expect(await importErrors('shared/probe.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(await importErrors('shared/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
  });

  it('forbids Node built-ins and native modules in the renderer', async () => {
    expect(await importErrors('renderer/src/probe.ts', "import fs from 'node:fs';\nexport const a = fs;\n")).toHaveLength(1);
    expect(
      await importErrors('renderer/src/probe.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n"),
    ).toHaveLength(1);
    expect(await importErrors('renderer/src/probe.ts', "import { x } from '../../electron/core/x';\nexport const a = x;\n")).toContainEqual(
      expect.stringContaining('may import only shared/'),
    );
  });

  it('allows the intended direction', async () => {
    expect(await importErrors('electron/main/probe.ts', "import { x } from '../core/x';\nexport const a = x;\n")).toEqual([]);
    expect(await importErrors('renderer/src/probe.ts', "import { x } from '../../shared/x';\nexport const a = x;\n")).toEqual([]);
  });
});

describe('the folder direction inside electron/core is a lint error', () => {
  it('fails either half of a cycle between two core folders', async () => {
    // services ⇄ proxy: the proxy may use the services, never the other way round.
    expect(await layeringErrors('electron/core/proxy/probe.ts', '../services/tokens-service')).toEqual([]);
    expect(await layeringErrors('electron/core/services/probe.ts', '../proxy/proxy-handler')).toEqual([
      expect.stringContaining('services may not import proxy'),
    ]);
    // db ⇄ services: the store knows nothing above it.
    expect(await layeringErrors('electron/core/services/probe.ts', '../db/database')).toEqual([]);
    expect(await layeringErrors('electron/core/db/repos/probe.ts', '../../services/tokens-service')).toEqual([
      expect.stringContaining('db may not import services'),
    ]);
  });

  it('forbids imports between folders on one level', async () => {
    expect(await layeringErrors('electron/core/providers/anthropic/probe.ts', '../../usage/usage-recorder')).toHaveLength(1);
    expect(await layeringErrors('electron/core/api/probe.ts', '../mcp/mcp-server')).toHaveLength(1);
    expect(await layeringErrors('electron/core/http/probe.ts', '../secrets/secret-vault')).toHaveLength(1);
  });

  it('keeps the kernel and operations at the bottom', async () => {
    expect(await layeringErrors('electron/core/clock.ts', './services/tokens-service')).toEqual([
      expect.stringContaining('kernel may not import services'),
    ]);
    expect(await layeringErrors('electron/core/operations/probe.ts', '../secrets/secret-vault')).toHaveLength(1);
    expect(await layeringErrors('electron/core/http/probe.ts', '../api/rest-handler')).toHaveLength(1);
  });

  it('checks re-exports and dynamic imports too', async () => {
    const lint = async (code: string) => {
      const [result] = await eslint.lintText(code, { filePath: path.join(root, 'electron/core/db/probe.ts') });
      return result!.messages.filter((m) => m.ruleId === 'switchboard/core-layering');
    };
    expect(await lint("export { x } from '../proxy/x';\n")).toHaveLength(1);
    expect(await lint("export * from '../proxy/x';\n")).toHaveLength(1);
    expect(await lint("export const load = () => import('../proxy/x');\n")).toHaveLength(1);
  });

  it('allows the intended direction', async () => {
    expect(await layeringErrors('electron/core/providers/openai/probe.ts', '../../services/secrets-service')).toEqual([]);
    expect(await layeringErrors('electron/core/providers/openai/probe.ts', '../anthropic/rules')).toEqual([]);
    expect(await layeringErrors('electron/core/proxy/probe.ts', '../providers/anthropic/rules')).toEqual([]);
    expect(await layeringErrors('electron/core/api/probe.ts', '../http/http-io')).toEqual([]);
    expect(await layeringErrors('electron/core/gateway/probe.ts', '../api/rest-handler')).toEqual([]);
    expect(await layeringErrors('electron/core/compose.ts', './proxy/proxy-handler')).toEqual([]);
    expect(await layeringErrors('electron/core/services/probe.ts', '../../../shared/errors')).toEqual([]);
  });

  it('names every folder of electron/core in the layering table', async () => {
    const config = (await eslint.calculateConfigForFile(path.join(root, 'electron/core/db/probe.ts'))) as {
      rules: Record<string, [number, { mayImport: Record<string, string[]> }]>;
    };
    const layers = Object.keys(config.rules['switchboard/core-layering']![1].mayImport);
    const folders = readdirSync(path.join(root, 'electron/core'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.length).toBeGreaterThan(10); // the listing really read the core
    expect(folders.filter((folder) => !layers.includes(folder))).toEqual([]);
  });

  it('keeps services below usage, with no exceptions', async () => {
    expect(await layeringErrors('electron/core/services/probe.ts', '../usage/price-table')).toEqual([
      expect.stringContaining('services may not import usage'),
    ]);
    expect(await layeringErrors('electron/core/services/usage-service.ts', '../usage/usage-recorder')).toHaveLength(1);
  });
});

describe('the store boundary is a lint error', () => {
  async function storeErrors(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
    return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
  }

  it('forbids better-sqlite3 and the Db handle in the core outside db/', async () => {
    expect(
      await storeErrors('electron/core/usage/probe.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n"),
    ).toEqual([expect.stringContaining('SQLite is used only under electron/core/db/')]);
    expect(
      await storeErrors('electron/core/services/probe.ts', "import type { Db } from '../db/sqlite/database';\nexport type A = Db;\n"),
    ).toEqual([expect.stringContaining('The Db handle stays under electron/core/db/')]);
    expect(
      await storeErrors(
        'electron/core/probe.ts',
        "import { writeTransaction } from './db/sqlite/database';\nexport const a = writeTransaction;\n",
      ),
    ).toHaveLength(1);
  });

  it('forbids the PostgreSQL driver in the core outside db/', async () => {
    expect(await storeErrors('electron/core/services/probe.ts', "import pg from 'pg';\nexport const a = pg;\n")).toEqual([
      expect.stringContaining('PostgreSQL is used only under electron/core/db/'),
    ]);
    expect(await storeErrors('electron/core/db/postgres/probe.ts', "import pg from 'pg';\nexport const a = pg;\n")).toEqual([]);
  });

  it('keeps the layering rules for the same files', async () => {
    expect(await importErrors('electron/core/usage/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
  });

  it('allows them under db/, and the Store interface everywhere', async () => {
    expect(
      await storeErrors(
        'electron/core/db/sqlite/probe.ts',
        "import Database from 'better-sqlite3';\nimport type { Db } from './database';\nexport const a: Db = new Database(':memory:');\n",
      ),
    ).toEqual([]);
    expect(
      await storeErrors('electron/core/services/probe.ts', "import type { Store } from '../db/store';\nexport type A = Store;\n"),
    ).toEqual([]);
  });
});
