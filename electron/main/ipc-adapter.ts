import type { IpcMainInvokeEvent } from 'electron';
import { AppError } from '../../shared/errors';
import { invokeChannel, type IpcResult } from '../../shared/ipc';
import { toAppError } from '../core/operations/to-app-error';
import type { Logger } from '../core/log';
import { desktopActor } from '../core/operations/actor';
import type { InvokeOperation } from '../core/operations/invoke-operation';
import { isRendererUrl } from './renderer-origin';

/** Only frames showing our own renderer may call in: the dev server or the packaged app:// page. */
export function isTrustedSender(frameUrl: string | undefined, rendererUrl: string): boolean {
  return isRendererUrl(frameUrl, rendererUrl);
}

/** The IPC adapter: sender check, then the same `invoke` REST and MCP use, as the desktop admin. */
export function createIpcHandler(deps: { invoke: InvokeOperation; log: Logger; rendererUrl: string }) {
  return async (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, name: unknown, input: unknown): Promise<IpcResult> => {
    try {
      if (!isTrustedSender(event.senderFrame?.url, deps.rendererUrl)) {
        throw new AppError('forbidden', 'IPC from an untrusted frame');
      }
      return { ok: true, value: await deps.invoke(String(name), input, desktopActor) };
    } catch (error) {
      return { ok: false, error: toAppError(error, deps.log).toBody().error };
    }
  };
}

export { invokeChannel };
