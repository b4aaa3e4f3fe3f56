import keytar from 'keytar';
import { VaultUnavailableError } from './secret-vault';
import { parseTeamKey } from './team-key';
import type { TeamKeyOnMachine } from './team-vault';

/** The keychain service the team key is kept under; the account names the team database. */
export const teamKeychainService = 'switchboard-team';

/** Where a team's key is filed in the keychain: one per database, so a machine can belong to two teams. */
export interface TeamDatabaseIdentity {
  host: string;
  port: number;
  database: string;
}

const accountOf = (team: TeamDatabaseIdentity) => `${team.host}:${team.port}/${team.database}`;

const notJoined =
  'This machine has no team key: run `switchboard team join` with the team key on stdin (it goes into the OS keychain), or set SWITCHBOARD_TEAM_KEY.';

/**
 * SWITCHBOARD_TEAM_KEY when set (servers, CI agents without a keychain), else this machine's OS
 * keychain. A malformed key is an error at once: starting without it would look like "not joined".
 */
export async function findTeamKey(team: TeamDatabaseIdentity, fromEnvironment: string | undefined): Promise<TeamKeyOnMachine> {
  if (fromEnvironment !== undefined && fromEnvironment.trim() !== '') {
    const key = parseTeamKey(fromEnvironment);
    if (!key) throw new VaultUnavailableError('SWITCHBOARD_TEAM_KEY is not a team key (sbtk_ followed by 43 characters).');
    return { key, source: 'from SWITCHBOARD_TEAM_KEY' };
  }
  let stored: string | null;
  try {
    stored = await keytar.getPassword(teamKeychainService, accountOf(team));
  } catch {
    return { missing: `${notJoined} (No OS keychain answered on this machine.)` };
  }
  if (stored === null) return { missing: notJoined };
  const key = parseTeamKey(stored);
  if (!key) throw new VaultUnavailableError('The team key in the OS keychain is damaged; run `switchboard team join` again.');
  return { key, source: "in this machine's OS keychain" };
}

/** Keeps the key in this machine's keychain for the team database; says plainly when there is no keychain. */
export async function saveTeamKey(team: TeamDatabaseIdentity, text: string): Promise<void> {
  try {
    await keytar.setPassword(teamKeychainService, accountOf(team), text.trim());
  } catch {
    throw new VaultUnavailableError(
      'No OS keychain answered on this machine, so the team key could not be kept there: set SWITCHBOARD_TEAM_KEY in the environment of every Switchboard process on this machine instead.',
    );
  }
}
