import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { coreLayerOf } from '../../eslint-rules/core-layering.js';

/** One import inside electron/core between two different folders. */
export interface FolderEdge {
  from: string;
  to: string;
  /** `electron/core/services/x -> electron/core/proxy/y`, the spelling of the migration list. */
  edge: string;
}

/** Every import between two different folders of electron/core, read from the sources with TypeScript's own scanner. */
export function coreFolderEdges(root: string): FolderEdge[] {
  const edges: FolderEdge[] = [];
  for (const file of sourceFiles(path.join(root, 'electron/core'))) {
    const from = coreLayerOf(file, root)!;
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveSource(path.resolve(path.dirname(file), fileName));
      const to = coreLayerOf(target, root);
      if (to === null || to === from) continue;
      edges.push({ from, to, edge: `${short(file, root)} -> ${short(target, root)}` });
    }
  }
  return edges;
}

/**
 * The folder cycles in a set of edges: each strongly connected group of two or more folders
 * (Tarjan), with the file imports that close it.
 */
export function folderCycles(edges: readonly FolderEdge[]): { folders: string[]; imports: string[] }[] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, new Set());
    if (!next.has(to)) next.set(to, new Set());
    next.get(from)!.add(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node)!) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node);
  return groups.map((folders) => ({
    folders,
    imports: edges.filter((e) => folders.includes(e.from) && folders.includes(e.to)).map((e) => e.edge),
  }));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** `../services/x` → the file it names (`x.ts`, `x.tsx` or `x/index.ts`); the path itself when none exists. */
function resolveSource(target: string): string {
  const bare = target.replace(/\.js$/, '');
  for (const candidate of [bare + '.ts', bare + '.tsx', path.join(bare, 'index.ts'), target]) {
    if (existsSync(candidate)) return candidate;
  }
  return target;
}

function short(file: string, root: string): string {
  return path
    .relative(root, file)
    .split(path.sep)
    .join('/')
    .replace(/\.(ts|tsx|js)$/, '');
}
