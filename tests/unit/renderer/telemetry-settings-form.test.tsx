import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../renderer/src/api/api-error';
import { TelemetrySettingsForm } from '../../../renderer/src/features/settings/telemetry-settings-form';
import type { OperationInput, TelemetrySettings } from '../../../shared/operations';
import { createFakeApi } from './fake-api';
import { descriptionOf, renderWithStore } from './render-app';

afterEach(cleanup);

const off: TelemetrySettings = {
  enabled: false,
  endpoint: null,
  protocol: 'http/json',
  serviceName: 'switchboard',
  headers: [],
  overriddenBy: [],
  exporting: false,
};

/** A fake gateway that keeps header names and drops values, as the real one does. */
function gateway(initial: TelemetrySettings) {
  let current = initial;
  return createFakeApi({
    getTelemetrySettings: () => current,
    updateTelemetrySettings: (input: OperationInput<'updateTelemetrySettings'>) => {
      if (input.endpoint === 'http://bad')
        throw new ApiError('validation_failed', 'Invalid input', [{ path: 'endpoint', message: 'must be an http or https URL' }]);
      const names = new Set(current.headers.map((h) => h.name));
      for (const h of input.headers ?? []) {
        if (h.value === null) names.delete(h.name);
        else names.add(h.name);
      }
      current = {
        ...current,
        enabled: input.enabled ?? current.enabled,
        endpoint: input.endpoint === undefined ? current.endpoint : input.endpoint,
        serviceName: input.serviceName ?? current.serviceName,
        headers: [...names].map((name) => ({ name, set: true as const })),
        exporting: input.enabled ?? current.enabled,
      };
      return current;
    },
  });
}

describe('the OpenTelemetry settings form', () => {
  it('turns export on with an endpoint and a header, then shows the header only as set', async () => {
    const { api, calls } = gateway(off);
    renderWithStore(<TelemetrySettingsForm />, api);
    await userEvent.click(await screen.findByLabelText('Export traces and metrics'));
    await userEvent.click(screen.getByRole('button', { name: 'Save OpenTelemetry settings' }));
    expect(descriptionOf(screen.getByLabelText('OTLP endpoint'))).toContain('OTLP endpoint: must be set to export');
    expect(calls.filter((c) => c.name === 'updateTelemetrySettings')).toHaveLength(0);

    await userEvent.type(screen.getByLabelText('OTLP endpoint'), 'https://otlp.example.com');
    await userEvent.type(screen.getByLabelText('Header name'), 'authorization');
    await userEvent.type(screen.getByLabelText('Header value'), 'Bearer form-canary-123');
    expect((screen.getByLabelText('Header value') as HTMLInputElement).type).toBe('password');
    await userEvent.click(screen.getByRole('button', { name: 'Save OpenTelemetry settings' }));
    expect(await screen.findByText('Saved and applied.')).toBeTruthy();
    expect(calls.at(-1)!.input).toEqual({
      enabled: true,
      endpoint: 'https://otlp.example.com',
      serviceName: 'switchboard',
      headers: [{ name: 'authorization', value: 'Bearer form-canary-123' }],
    });
    expect(screen.getByText('Exporting now.')).toBeTruthy();
    expect(screen.getByText('authorization')).toBeTruthy();
    expect((screen.getByLabelText('Header value') as HTMLInputElement).value).toBe('');
    expect(document.body.textContent).not.toContain('form-canary-123');
  });

  it('removes a header by name, says the environment overrides, and names the field of a refusal', async () => {
    const { api, calls } = gateway({
      ...off,
      enabled: true,
      endpoint: 'https://otlp.example.com',
      headers: [{ name: 'x-api-key', set: true }],
      overriddenBy: ['OTEL_SERVICE_NAME'],
      exporting: true,
    });
    renderWithStore(<TelemetrySettingsForm />, api);
    expect(await screen.findByText(/Overridden by this gateway's environment: OTEL_SERVICE_NAME/)).toBeTruthy();
    expect(screen.getByText(/environment variables override these settings/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Remove x-api-key' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save OpenTelemetry settings' }));
    await waitFor(() => expect(screen.getByText('No headers are sent.')).toBeTruthy());
    expect(calls.at(-1)!.input).toMatchObject({ headers: [{ name: 'x-api-key', value: null }] });

    await userEvent.clear(screen.getByLabelText('OTLP endpoint'));
    await userEvent.type(screen.getByLabelText('OTLP endpoint'), 'http://bad');
    await userEvent.click(screen.getByRole('button', { name: 'Save OpenTelemetry settings' }));
    await waitFor(() =>
      expect(descriptionOf(screen.getByLabelText('OTLP endpoint'))).toContain('OTLP endpoint: must be an http or https URL'),
    );
  });
});
