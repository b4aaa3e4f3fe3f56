import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { coreFolderEdges, folderCycles, type FolderEdge } from '../support/core-import-graph';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the import graph of electron/core', () => {
  it('has no cycle between folders', () => {
    const edges = coreFolderEdges(root);
    expect(edges.length).toBeGreaterThan(50); // the scan really read the sources
    expect(folderCycles(edges)).toEqual([]);
  });

  it('finds a cycle through any number of folders, with the imports that close it', () => {
    const edge = (from: string, to: string): FolderEdge => ({ from, to, edge: `electron/core/${from}/a -> electron/core/${to}/b` });
    expect(folderCycles([edge('services', 'db'), edge('proxy', 'services')])).toEqual([]);
    expect(folderCycles([edge('services', 'proxy'), edge('proxy', 'usage'), edge('usage', 'services'), edge('proxy', 'db')])).toEqual([
      {
        folders: ['proxy', 'services', 'usage'],
        imports: [edge('services', 'proxy').edge, edge('proxy', 'usage').edge, edge('usage', 'services').edge],
      },
    ]);
  });
});
