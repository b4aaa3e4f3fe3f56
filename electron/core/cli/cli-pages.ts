import type { OperationName } from '../../../shared/operations';
import type { Actor } from '../operations/actor';
import type { InvokeOperation } from '../operations/invoke-operation';

/** Every item of a list operation, following cursors (bounded, so a bug cannot loop forever). */
export async function collectAll<T>(
  invoke: InvokeOperation,
  name: OperationName,
  input: Record<string, unknown>,
  actor: Actor,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10_000; page++) {
    const result = (await invoke(name, { ...input, limit: 500, cursor }, actor)) as { items: T[]; nextCursor: string | null };
    items.push(...result.items);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
  }
  return items;
}

/** Rows as aligned, tab-free columns for people; `--json` gives machines the records instead. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
