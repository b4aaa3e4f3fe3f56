/** True for a UNIQUE constraint violation from better-sqlite3. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}
