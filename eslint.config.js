import js from '@eslint/js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { coreLayeringRule } from './eslint-rules/core-layering.js';

/**
 * Layering, as data: shared ← electron/core ← electron/main; shared ← electron/preload;
 * shared ← renderer. Breaking it is a lint error.
 */
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'crypto', 'child_process', 'url', 'util', 'stream'];
const nativeModules = ['better-sqlite3', 'keytar'];
const pattern = (group, message) => ({ group, message });

const layers = [
  {
    files: ['shared/**/*.ts'],
    patterns: [
      pattern(['electron', 'electron/*'], 'shared/ imports only zod: no electron.'),
      pattern(nodeBuiltins, 'shared/ imports only zod: no Node built-ins.'),
      pattern(nativeModules, 'shared/ imports only zod: no native modules.'),
      pattern(['react', 'react-dom', 'react/*'], 'shared/ imports only zod: no React.'),
      pattern(['**/electron/**', '**/renderer/**'], 'shared/ may not import from electron/ or renderer/.'),
    ],
  },
  {
    files: ['electron/core/**/*.ts'],
    patterns: [
      pattern(['electron', 'electron/*'], 'electron/core runs headless: it may not import electron.'),
      pattern(
        ['**/electron/main/**', '**/main/**', '**/preload/**', '**/renderer/**'],
        'electron/core may import only shared/ and itself.',
      ),
    ],
  },
  {
    files: ['electron/preload/**/*.ts'],
    patterns: [
      pattern(['**/core/**', '**/main/**', '**/renderer/**'], 'The preload may import only shared/.'),
      pattern(nativeModules, 'The preload may not load native modules.'),
    ],
  },
  {
    files: ['electron/main/**/*.ts'],
    patterns: [pattern(['**/renderer/**', '**/preload/**'], 'electron/main may not import the renderer or preload.')],
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    patterns: [
      pattern(['electron', 'electron/*'], 'The renderer reaches main only through the api client.'),
      pattern(nodeBuiltins, 'The renderer runs in a browser: no Node built-ins.'),
      pattern(nativeModules, 'The renderer may not load native modules.'),
      pattern(['**/electron/**'], 'The renderer may import only shared/ and itself.'),
    ],
  },
];

/**
 * Inside electron/core, folder → the folders it may import (besides itself), lowest first. Lower
 * layers never import higher ones; folders on one level (db/secrets/net/http, providers/usage,
 * api/mcp) never import each other. `kernel` is the root files, `compose` the composition root
 * (compose.ts, boot.ts) that builds the services, proxy and usage over the store and the vault;
 * the entry adapters (cli, gateway) call it.
 */
const kernel = ['kernel'];
const base = [...kernel, 'operations'];
const stores = [...base, 'db', 'secrets', 'net'];
export const coreLayers = {
  kernel: [],
  operations: kernel,
  db: base,
  secrets: base,
  net: base,
  http: base,
  config: [...base, 'db'],
  services: stores,
  providers: [...stores, 'services'],
  usage: [...stores, 'services'],
  proxy: [...stores, 'http', 'services', 'providers', 'usage'],
  api: [...base, 'http', 'services'],
  mcp: [...base, 'http', 'services'],
  compose: [...stores, 'http', 'config', 'services', 'providers', 'usage', 'proxy'],
  cli: [...base, 'http', 'config', 'secrets', 'services', 'mcp', 'compose'],
  gateway: [...stores, 'http', 'config', 'services', 'providers', 'usage', 'proxy', 'api', 'mcp', 'cli', 'compose'],
};

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The store: SQL, its drivers (better-sqlite3, pg) and the `Db` handle live only under
 * electron/core/db/; everything else speaks to the repository interfaces of db/store.ts. A rule of its own (the TypeScript
 * variant of no-restricted-imports), so it adds to the layering rules above instead of replacing them.
 */
const storeBoundary = {
  files: ['electron/core/**/*.ts'],
  ignores: ['electron/core/db/**'],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          pattern(['better-sqlite3'], 'SQLite is used only under electron/core/db/: go through the Store repositories.'),
          pattern(['pg', 'pg/*'], 'PostgreSQL is used only under electron/core/db/: go through the Store repositories.'),
          pattern(
            ['**/db/sqlite/database', '**/db/sqlite/database.js'],
            'The Db handle stays under electron/core/db/: go through the Store repositories.',
          ),
        ],
      },
    ],
  },
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...layers.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  {
    files: ['electron/core/**/*.ts'],
    plugins: { switchboard: { rules: { 'core-layering': coreLayeringRule } } },
    rules: { 'switchboard/core-layering': ['error', { root, mayImport: coreLayers }] },
  },
  storeBoundary,
);
