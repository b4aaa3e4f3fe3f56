import type { SwitchboardBridge } from '../../../shared/ipc';
import { TeamDatabaseStatus, TeamDatabaseTest, type TeamDatabaseRequest } from '../../../shared/team-database';
import { ApiError } from './api-error';

/** Settings → Team database's calls to the main process; only the desktop app has them. */
export interface TeamDatabaseApi {
  status(): Promise<TeamDatabaseStatus>;
  test(url: string): Promise<TeamDatabaseTest>;
  connect(url: string): Promise<TeamDatabaseStatus>;
  disconnect(): Promise<TeamDatabaseStatus>;
}

export function createTeamDatabaseApi(send: (request: TeamDatabaseRequest) => Promise<unknown>): TeamDatabaseApi {
  return {
    status: async () => TeamDatabaseStatus.parse(await send({ action: 'status' })),
    test: async (url) => TeamDatabaseTest.parse(await send({ action: 'test', url })),
    connect: async (url) => TeamDatabaseStatus.parse(await send({ action: 'connect', url })),
    disconnect: async () => TeamDatabaseStatus.parse(await send({ action: 'disconnect' })),
  };
}

/** The desktop bridge's team database calls, or null in a browser (the admin UI of `switchboard serve`). */
export function desktopTeamDatabaseApi(): TeamDatabaseApi | null {
  const bridge = (globalThis as { switchboard?: SwitchboardBridge }).switchboard;
  const call = bridge?.teamDatabase;
  if (!call) return null;
  return createTeamDatabaseApi(async (request) => {
    const result = await call(request);
    if (!result.ok) throw ApiError.from(result.error);
    return result.value;
  });
}
