import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

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
      pattern(['**/electron/main/**', '**/main/**', '**/preload/**', '**/renderer/**'], 'electron/core may import only shared/ and itself.'),
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
 * The store: SQL, better-sqlite3 and its `Db` handle live only under electron/core/db/; everything
 * else speaks to the repository interfaces of db/store.ts. A rule of its own (the TypeScript
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
          pattern(['**/db/database', '**/db/database.js'], 'The Db handle stays under electron/core/db/: go through the Store repositories.'),
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
  storeBoundary,
);
