/** Small named values this installation keeps (the remembered port, future settings). */
export interface SettingsRepo {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/**
 * The settings that hold for a whole team on a team database (kept in its `settings` table, copied
 * by `team import`): how long usage rows are kept (one sweep deletes them for everyone) and the
 * imported price table (every gateway must price a request alike). Everything else is this
 * machine's own and stays beside it: the remembered port, the log level of this process.
 */
export const teamWideSettings: readonly string[] = ['usage.retentionDays', 'prices.importedTable'];
