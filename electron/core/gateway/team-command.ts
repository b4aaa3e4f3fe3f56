import { parseArgs } from 'node:util';
import { UsageError } from '../cli/usage-error';
import type { PostgresTarget } from '../db/postgres/connection-url';
import { VaultUnavailableError } from '../secrets/secret-vault';
import { generateTeamKey, parseTeamKey, rewrapDataKey, sameKeyCheck } from '../secrets/team-key';
import { findTeamKey, saveTeamKey } from '../secrets/team-key-source';
import { TeamKeyMismatchError, teamNotInitialised } from '../secrets/team-vault';
import { readStdinText, teamDatabaseUrl, withTeamDatabase } from './team-database';
import { teamImportCommand, teamImportUsage } from './team-import-command';
import { teamRolesCommand, teamRolesHelp, teamRolesUsage } from './team-roles-command';

export const teamUsage = `switchboard team init|join|rotate-key [--database-url URL]
switchboard team import --from DIR [--dry-run] [--database-url URL]
${teamRolesUsage}

  The team vault keeps provider keys in the team database (SWITCHBOARD_DATABASE_URL),
  encrypted under the team key, which never enters the database.
  init        creates the team key and prints it once on stdout (keep it in a password manager);
              this machine keeps it in its OS keychain.
  join        reads the team key from stdin into this machine's OS keychain (or set
              SWITCHBOARD_TEAM_KEY); a key that is not the team's is refused.
  rotate-key  makes a new team key, re-wraps every secret's data key in one transaction and
              prints the new key once; every other machine joins again with it.
${teamImportUsage}
${teamRolesHelp}`;

/** `switchboard team …`: the team key's life (init, join, rotate-key), the roles, and moving a solo store in. */
export async function teamCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    process.stdout.write(teamUsage + '\n');
    return sub ? 0 : 2;
  }
  switch (sub) {
    case 'init':
      return teamInit(databaseUrlOf(rest));
    case 'join':
      return teamJoin(databaseUrlOf(rest));
    case 'rotate-key':
      return teamRotateKey(databaseUrlOf(rest));
    case 'import':
      return teamImportCommand(rest);
    case 'roles':
      return teamRolesCommand(rest);
    default:
      throw new UsageError(`Unknown team command "${sub}"`);
  }
}

/** init, join and rotate-key take no options of their own (`--database-url` is every command's). */
function databaseUrlOf(args: string[]): string {
  parseArgs({ args, strict: true, options: {} });
  return teamDatabaseUrl();
}

const teamName = (target: PostgresTarget) => `${target.host}:${target.port}/${target.database}`;

async function teamInit(url: string): Promise<number> {
  return withTeamDatabase(url, async (db, vault) => {
    const text = generateTeamKey();
    if (!(await vault.initialise(parseTeamKey(text)!.check))) {
      process.stderr.write(
        `The team database ${db.target.redacted} already has a team key; nothing was changed. ` +
          'Join it with `switchboard team join` (the key on stdin), or replace it with `switchboard team rotate-key`.\n',
      );
      return 1;
    }
    // The key alone on stdout, so that `switchboard team init > team.key` captures exactly it.
    process.stdout.write(text + '\n');
    process.stderr.write(
      `This is the team key of ${teamName(db.target)}. It is shown only now: keep it in a password manager; ` +
        'losing it loses every provider key stored in the team database.\n',
    );
    await keepOnThisMachine(db.target, text);
    process.stderr.write('On every other machine of the team run `switchboard team join < team.key` (or set SWITCHBOARD_TEAM_KEY).\n');
    return 0;
  });
}

async function teamJoin(url: string): Promise<number> {
  if (process.stdin.isTTY) process.stderr.write('Paste the team key, then Ctrl-D:\n');
  const text = await readStdinText();
  const key = parseTeamKey(text);
  if (!key) throw new UsageError('team join reads the team key (sbtk_ followed by 43 characters) from stdin');
  return withTeamDatabase(url, async (db, vault) => {
    const stored = await vault.readKeyCheck();
    if (!stored) throw new VaultUnavailableError(teamNotInitialised);
    if (!sameKeyCheck(stored, key.check)) throw new TeamKeyMismatchError('read from stdin');
    await saveTeamKey(db.target, text);
    process.stdout.write(`Joined ${teamName(db.target)}: the team key is in this machine's OS keychain.\n`);
    return 0;
  });
}

async function teamRotateKey(url: string): Promise<number> {
  return withTeamDatabase(url, async (db, vault) => {
    const onMachine = await findTeamKey(db.target, process.env.SWITCHBOARD_TEAM_KEY);
    if ('missing' in onMachine) throw new VaultUnavailableError(onMachine.missing);
    const current = onMachine.key;
    const nextText = generateTeamKey();
    const next = parseTeamKey(nextText)!;
    const outcome = await vault.replaceKey({
      current: current.check,
      next: next.check,
      rewrap(secretId, wrappedKey) {
        const rewrapped = rewrapDataKey(current, next, secretId, wrappedKey);
        if (!rewrapped) {
          throw new VaultUnavailableError(
            `The data key of secret ${secretId} does not open under the current team key; nothing was rotated. Rotate or delete that secret first.`,
          );
        }
        return rewrapped;
      },
    });
    if ('refused' in outcome) {
      throw outcome.refused === 'not_initialised'
        ? new VaultUnavailableError(teamNotInitialised)
        : new TeamKeyMismatchError(onMachine.source);
    }
    process.stdout.write(nextText + '\n');
    process.stderr.write(
      `Re-wrapped ${outcome.rewrapped} secret(s) of ${teamName(db.target)} under the new team key above, shown only now. ` +
        'The old key no longer opens anything: every other machine runs `switchboard team join` with the new key (or updates SWITCHBOARD_TEAM_KEY), and its gateways restart.\n',
    );
    if (onMachine.source === 'from SWITCHBOARD_TEAM_KEY') {
      process.stderr.write('SWITCHBOARD_TEAM_KEY on this machine still holds the old key: replace it with the new one.\n');
    } else {
      await keepOnThisMachine(db.target, nextText);
    }
    return 0;
  });
}

/** The key is already printed: a machine without a keychain is told how to use it instead of failing. */
async function keepOnThisMachine(target: PostgresTarget, text: string): Promise<void> {
  try {
    await saveTeamKey(target, text);
    process.stderr.write('This machine keeps it in its OS keychain.\n');
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
  }
}
