import { z } from 'zod';
import { defineOperation } from './define';

/** The OTLP encodings the installed exporter speaks (`@opentelemetry/exporter-*-otlp-http` sends JSON). */
export const OtlpProtocol = z.enum(['http/json']);

/** An HTTP header name as OTLP collectors take them (`authorization`, `x-honeycomb-team`, `api-key`). */
const HeaderName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'must be an HTTP header name');

/**
 * OpenTelemetry export as set in Settings. Header values are secrets: kept in the vault and never
 * returned, only their names. Any `OTEL_*` variable the gateway was started with overrides the
 * setting it names.
 */
export const TelemetrySettings = z.object({
  enabled: z.boolean(),
  /** The OTLP/HTTP base URL; `/v1/traces` and `/v1/metrics` are appended. */
  endpoint: z.string().nullable(),
  protocol: OtlpProtocol,
  serviceName: z.string(),
  /** The names of the headers sent with every export; their values are never shown. */
  headers: z.array(z.object({ name: z.string(), set: z.literal(true) })),
  /** The `OTEL_*` variables in this gateway's environment: each overrides the setting it names. */
  overriddenBy: z.array(z.string()),
  /** Whether spans and metrics are being exported now (settings and environment together). */
  exporting: z.boolean(),
});
export type TelemetrySettings = z.infer<typeof TelemetrySettings>;

export const telemetrySettingsOperations = {
  getTelemetrySettings: defineOperation({
    summary: "This gateway's OpenTelemetry export: on or off, endpoint, protocol, service name and which headers are set.",
    input: z.strictObject({}),
    output: TelemetrySettings,
    permission: 'system:GetSystemStatus',
    http: { method: 'GET', path: '/system/telemetry' },
  }),
  /**
   * Applied at once. `headers` sets each header named (its value goes to the vault; `null` removes it); others are kept.
   * @example PATCH /api/v1/system/telemetry { "enabled": true, "endpoint": "https://otlp.example.com", "headers": [{ "name": "authorization", "value": "Bearer …" }] }
   */
  updateTelemetrySettings: defineOperation({
    summary: 'Turn OpenTelemetry export on or off and set its endpoint, service name and headers (kept in the vault); applied at once.',
    input: z.strictObject({
      enabled: z.boolean().optional(),
      endpoint: z
        .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
        .max(2000)
        .nullable()
        .optional(),
      protocol: OtlpProtocol.optional(),
      serviceName: z.string().trim().min(1).max(200).optional(),
      headers: z
        .array(
          z.strictObject({
            name: HeaderName,
            value: z
              .string()
              .min(1)
              .max(4000)
              .regex(/^[^\r\n]*$/, 'must be one line')
              .nullable(),
          }),
        )
        .max(20)
        .refine((list) => new Set(list.map((h) => h.name.toLowerCase())).size === list.length, 'each header name once')
        .optional(),
    }),
    output: TelemetrySettings,
    permission: 'system:UpdateSettings',
    http: { method: 'PATCH', path: '/system/telemetry' },
  }),
};
