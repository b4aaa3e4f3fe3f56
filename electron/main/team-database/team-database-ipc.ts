import type { IpcMainInvokeEvent } from 'electron';
import { AppError, validationError } from '../../../shared/errors';
import type { IpcResult } from '../../../shared/ipc';
import { TeamDatabaseRequest } from '../../../shared/team-database';
import type { Logger } from '../../core/log';
import { toAppError } from '../../core/operations/to-app-error';
import { isTrustedSender } from '../ipc-adapter';
import type { TeamDatabaseSettings } from './team-database-settings';

/** The Team database channel: the same sender check as every IPC call, the request checked against its schema. */
export function createTeamDatabaseIpcHandler(deps: { settings: TeamDatabaseSettings; log: Logger; rendererUrl: string }) {
  return async (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, input: unknown): Promise<IpcResult> => {
    try {
      if (!isTrustedSender(event.senderFrame?.url, deps.rendererUrl)) throw new AppError('forbidden', 'IPC from an untrusted frame');
      const parsed = TeamDatabaseRequest.safeParse(input);
      if (!parsed.success) throw validationError(parsed.error.issues);
      const request = parsed.data;
      const { settings } = deps;
      const value =
        request.action === 'status'
          ? await settings.status()
          : request.action === 'test'
            ? await settings.test(request.url)
            : request.action === 'connect'
              ? await settings.connect(request.url)
              : await settings.disconnect();
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toAppError(error, deps.log).toBody().error };
    }
  };
}
