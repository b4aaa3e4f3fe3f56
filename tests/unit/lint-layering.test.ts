import { ESLint } from 'eslint';
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
    expect(await importErrors('renderer/src/probe.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n")).toHaveLength(1);
    expect(await importErrors('renderer/src/probe.ts', "import { x } from '../../electron/core/x';\nexport const a = x;\n")).toContainEqual(
      expect.stringContaining('may import only shared/'),
    );
  });

  it('allows the intended direction', async () => {
    expect(await importErrors('electron/main/probe.ts', "import { x } from '../core/x';\nexport const a = x;\n")).toEqual([]);
    expect(await importErrors('renderer/src/probe.ts', "import { x } from '../../shared/x';\nexport const a = x;\n")).toEqual([]);
  });
});

describe('the store boundary is a lint error', () => {
  async function storeErrors(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
    return result!.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').map((m) => m.message);
  }

  it('forbids better-sqlite3 and the Db handle in the core outside db/', async () => {
    expect(await storeErrors('electron/core/usage/probe.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n")).toEqual([
      expect.stringContaining('SQLite is used only under electron/core/db/'),
    ]);
    expect(await storeErrors('electron/core/services/probe.ts', "import type { Db } from '../db/database';\nexport type A = Db;\n")).toEqual([
      expect.stringContaining('The Db handle stays under electron/core/db/'),
    ]);
    expect(await storeErrors('electron/core/probe.ts', "import { writeTransaction } from './db/database';\nexport const a = writeTransaction;\n")).toHaveLength(1);
  });

  it('keeps the layering rules for the same files', async () => {
    expect(await importErrors('electron/core/usage/probe.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
  });

  it('allows them under db/, and the Store interface everywhere', async () => {
    expect(await storeErrors('electron/core/db/sqlite/probe.ts', "import Database from 'better-sqlite3';\nimport type { Db } from '../database';\nexport const a: Db = new Database(':memory:');\n")).toEqual([]);
    expect(await storeErrors('electron/core/services/probe.ts', "import type { Store } from '../db/store';\nexport type A = Store;\n")).toEqual([]);
  });
});
