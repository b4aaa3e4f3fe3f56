import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../renderer/src/api/api-error';
import { GatewaySettingsForm } from '../../../renderer/src/features/settings/gateway-settings-form';
import { formatBytes } from '../../../renderer/src/features/settings/format-bytes';
import type { GatewaySettings } from '../../../shared/operations';
import { createFakeApi } from './fake-api';
import { descriptionOf, renderWithStore } from './render-app';

afterEach(cleanup);

const settings: GatewaySettings = {
  port: 8787,
  listeningPort: 8787,
  agentEndpointAfterRestart: 'http://127.0.0.1:8787/v3',
  logLevel: 'info',
  dataDir: '/home/admin/.config/switchboard',
  dataDirBytes: 3 * 1024 * 1024,
};

describe('the gateway settings form', () => {
  it('changes the port for the next start, says so, and names the field of a refusal', async () => {
    let saved = settings;
    const { api, calls } = createFakeApi({
      getGatewaySettings: () => saved,
      updateGatewaySettings: (input) => {
        if (input.port === 80)
          throw new ApiError('validation_failed', 'Invalid input', [{ path: 'port', message: 'must be 1024 or above' }]);
        saved = { ...saved, ...input, agentEndpointAfterRestart: `http://127.0.0.1:${input.port}/v3` } as GatewaySettings;
        return saved;
      },
    });
    renderWithStore(<GatewaySettingsForm />, api);
    const port = await screen.findByLabelText('Port');
    expect(descriptionOf(port)).toContain('pipelines then use http://127.0.0.1:8787/v3');
    expect(screen.getByText(/3\.0 MB/)).toBeTruthy();
    await userEvent.clear(port);
    await userEvent.type(port, '80');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    await waitFor(() => expect(descriptionOf(screen.getByLabelText('Port'))).toContain('Port: must be 1024 or above'));
    await userEvent.clear(screen.getByLabelText('Port'));
    await userEvent.type(screen.getByLabelText('Port'), '9000');
    await userEvent.selectOptions(screen.getByLabelText('Log level'), 'debug');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Listening on port 8787 until the next start, then on 9000.')).toBeTruthy();
    expect(calls.at(-1)!.input).toEqual({ port: 9000, logLevel: 'debug' });
  });

  it('writes sizes in the units people read', () => {
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(250 * 1024 * 1024)).toBe('250 MB');
  });
});
