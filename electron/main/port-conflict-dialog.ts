import { dialog } from 'electron';
import { portConflictButtons, type PortChoice, type PortConflict } from './port-choice';

/** Asks, in a native dialog, which port to use when the wanted one is taken. */
export async function askForPort(conflict: PortConflict): Promise<PortChoice> {
  const buttons = portConflictButtons(conflict);
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'Switchboard',
    message: `Switchboard cannot listen on port ${conflict.port}`,
    detail:
      `${conflict.message}\n\nPipelines use the agent endpoint on this port, so the port you choose ` +
      'is remembered for the next launch (SWITCHBOARD_PORT overrides it).',
    buttons: buttons.map((button) => button.label),
    defaultId: 0,
    cancelId: buttons.length - 1,
    noLink: true,
  });
  return buttons[response]?.choice ?? { kind: 'quit' };
}
