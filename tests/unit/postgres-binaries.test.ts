import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPostgresBinaries } from '../support/postgres-cluster';
import { makeTempDir } from '../support/temp-dir';

describe('finding PostgreSQL for the team store tests', () => {
  it('fails loudly, saying how to install it, when there is none: the tests must never skip', () => {
    const empty = makeTempDir();
    try {
      expect(() => findPostgresBinaries(`${empty.dir}/postgresql`, empty.dir)).toThrow(
        /need PostgreSQL installed.*sh \.ci\/bootstrap\.sh/s,
      );
    } finally {
      empty.cleanup();
    }
  });

  it("picks the newest of Debian's versioned directories", () => {
    const root = makeTempDir();
    try {
      for (const version of ['13', '16', '9']) {
        mkdirSync(path.join(root.dir, version, 'bin'), { recursive: true });
        writeFileSync(path.join(root.dir, version, 'bin', 'initdb'), '');
      }
      mkdirSync(path.join(root.dir, '17', 'bin'), { recursive: true }); // a leftover without initdb
      expect(findPostgresBinaries(root.dir, '')).toEqual({ bin: path.join(root.dir, '16', 'bin'), version: 16 });
    } finally {
      root.cleanup();
    }
  });
});
