import path from 'node:path';

/**
 * The folder direction inside electron/core, checked on every import. The table of which layer may
 * import which lives in eslint.config.js; this file only knows how to name a file's layer and how to
 * read an import. The import-graph test uses `coreLayerOf` too, so both see the same folders.
 */

/** Root files that compose the core (everything else at the root is the kernel). */
const compositionFiles = new Set(['compose.ts', 'boot.ts']);

/**
 * The layer of a file, or null outside electron/core: the first folder under electron/core
 * (`providers/anthropic/x.ts` → `providers`), `compose` for the composition root, `kernel` for the
 * other root files.
 */
export function coreLayerOf(file, root) {
  const relative = path.relative(path.join(root, 'electron/core'), file).split(path.sep).join('/');
  if (relative.startsWith('..') || path.isAbsolute(relative)) return null;
  const [first, ...rest] = relative.split('/');
  if (rest.length > 0) return first;
  return compositionFiles.has(first) || compositionFiles.has(`${first}.ts`) ? 'compose' : 'kernel';
}

export const coreLayeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Folders inside electron/core import only the layers below them (see eslint.config.js).' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          mayImport: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
        required: ['root', 'mayImport'],
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { root, mayImport } = context.options[0];
    const file = context.filename;
    const from = coreLayerOf(file, root);
    if (from === null) return {};

    function check(node) {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source.value);
      const to = coreLayerOf(target, root);
      if (to === null || to === from) return;
      if ((mayImport[from] ?? []).includes(to)) return;
      const permitted = mayImport[from]?.length ? mayImport[from].join(', ') : 'nothing else in electron/core';
      if (!(from in mayImport)) {
        context.report({
          node: source,
          message: `electron/core/${from} is not in the layering table in eslint.config.js: add it before importing ${to}.`,
        });
        return;
      }
      context.report({ node: source, message: `electron/core layering: ${from} may not import ${to} (${from} may import ${permitted}).` });
    }

    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
