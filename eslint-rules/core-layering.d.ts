import type { Rule } from 'eslint';

/** The layer of a file under electron/core (`services`, `kernel`, `compose`…), or null outside it. */
export function coreLayerOf(file: string, root: string): string | null;
export const coreLayeringRule: Rule.RuleModule;
