/** The variable that points a Switchboard at a team database, as `--database-url` does for one command. */
export const databaseUrlVariable = 'SWITCHBOARD_DATABASE_URL';

/**
 * The team database a command runs on: `--database-url` wins over SWITCHBOARD_DATABASE_URL; none
 * (or an empty one) means the embedded SQLite file in the data directory, the solo default.
 */
export function chooseDatabaseUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | null {
  const url = option ?? env[databaseUrlVariable];
  return url === undefined || url.trim() === '' ? null : url;
}

/**
 * Takes `--database-url URL` (or `--database-url=URL`) out of a command line, wherever it stands,
 * so that every command accepts it without declaring it.
 */
export function takeDatabaseUrlOption(argv: readonly string[]): { argv: string[]; databaseUrl: string | undefined } {
  const rest: string[] = [];
  let databaseUrl: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--database-url') {
      databaseUrl = argv[++i] ?? '';
    } else if (arg.startsWith('--database-url=')) {
      databaseUrl = arg.slice('--database-url='.length);
    } else rest.push(arg);
  }
  return { argv: rest, databaseUrl };
}
