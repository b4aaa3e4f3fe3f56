import { newId } from '../../../ids';
import type { PostgresMigration } from '../migrate';

const counters = 'requests, errors, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_micro_usd, unpriced_requests';

/**
 * The SQLite schema at its version 21, in PostgreSQL's words: BIGINT counters and micro-dollars,
 * TIMESTAMPTZ instants (read back as ISO strings), DATE days, JSONB for labels, permissions,
 * limits and provider config, BYTEA token hashes. Names are unique regardless of case, as SQLite's
 * NOCASE made them, through unique indexes on lower(name). One addition: `usage_records.request_id`
 * is unique, so that many gateways can write usage idempotently (ON CONFLICT DO NOTHING).
 */
export const p001Initial: PostgresMigration = {
  version: 1,
  name: 'initial',
  async up(client) {
    await client.query(`
      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        is_default BOOLEAN NOT NULL DEFAULT false,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      );
      CREATE UNIQUE INDEX projects_name_key ON projects (lower(name));

      CREATE TABLE secrets (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        name TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        backend TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL,
        rotated_at TIMESTAMPTZ
      );
      CREATE UNIQUE INDEX secrets_name_key ON secrets (project_id, lower(name));
      CREATE INDEX secrets_page ON secrets (project_id, created_at, id);

      CREATE TABLE ai_providers (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        secret_id TEXT REFERENCES secrets(id),
        name TEXT NOT NULL,
        provider TEXT NOT NULL,
        default_model TEXT NOT NULL,
        base_url TEXT,
        config JSONB,
        auth_method TEXT NOT NULL DEFAULT 'byo',
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      );
      CREATE UNIQUE INDEX ai_providers_name_key ON ai_providers (project_id, lower(name));
      CREATE INDEX ai_providers_by_project_slug ON ai_providers (project_id, provider);
      CREATE INDEX ai_providers_by_secret ON ai_providers (secret_id);
      CREATE INDEX ai_providers_page ON ai_providers (project_id, created_at, id);

      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        hash BYTEA NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        permissions JSONB NOT NULL,
        allowed_providers JSONB NOT NULL,
        labels JSONB NOT NULL,
        limits JSONB NOT NULL,
        expires_at TIMESTAMPTZ,
        revoked_at TIMESTAMPTZ,
        last_used_at TIMESTAMPTZ,
        created_at TIMESTAMPTZ NOT NULL,
        updated_at TIMESTAMPTZ NOT NULL
      );
      CREATE INDEX tokens_page ON tokens (project_id, created_at, id);

      CREATE TABLE audit_events (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        at TIMESTAMPTZ NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        project_id TEXT,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        changed_fields JSONB NOT NULL
      );
      CREATE INDEX audit_events_by_at ON audit_events (at);
      CREATE INDEX audit_events_by_target ON audit_events (target_id);
      CREATE INDEX audit_events_by_project ON audit_events (project_id, seq);

      -- One row per proxied request. No foreign keys: usage outlives what it refers to.
      CREATE TABLE usage_records (
        seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL,
        at TIMESTAMPTZ NOT NULL,
        request_id TEXT NOT NULL UNIQUE,
        project_id TEXT NOT NULL,
        ai_provider_id TEXT,
        provider TEXT NOT NULL,
        auth_method TEXT NOT NULL,
        token_id TEXT,
        model TEXT,
        endpoint TEXT NOT NULL,
        streamed BOOLEAN NOT NULL,
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        input_tokens BIGINT NOT NULL,
        output_tokens BIGINT NOT NULL,
        cache_read_tokens BIGINT NOT NULL,
        cache_write_tokens BIGINT NOT NULL,
        cost_micro_usd BIGINT,
        latency_ms INTEGER NOT NULL,
        ttfb_ms INTEGER,
        labels JSONB NOT NULL
      );
      CREATE INDEX usage_records_by_at ON usage_records (at);

      -- Daily rollups feed charts and reports; '' stands for "none" so the key stays total.
      CREATE TABLE usage_daily (
        day DATE NOT NULL,
        project_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        ai_provider_id TEXT NOT NULL,
        auth_method TEXT NOT NULL,
        model TEXT NOT NULL,
        token_id TEXT NOT NULL,
        pipeline TEXT NOT NULL,
        requests BIGINT NOT NULL,
        errors BIGINT NOT NULL,
        input_tokens BIGINT NOT NULL,
        output_tokens BIGINT NOT NULL,
        cache_read_tokens BIGINT NOT NULL,
        cache_write_tokens BIGINT NOT NULL,
        cost_micro_usd BIGINT NOT NULL,
        unpriced_requests BIGINT NOT NULL,
        PRIMARY KEY (day, project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline)
      );
      -- The Usage screen's three fixed reads (a day range grouped by model, provider or pipeline) as index-only scans.
      CREATE INDEX usage_daily_by_model ON usage_daily (day, model) INCLUDE (${counters});
      CREATE INDEX usage_daily_by_provider ON usage_daily (day, provider) INCLUDE (${counters});
      CREATE INDEX usage_daily_by_pipeline ON usage_daily (day, pipeline) INCLUDE (${counters});

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
    const now = new Date().toISOString();
    await client.query('INSERT INTO projects (id, name, is_default, created_at, updated_at) VALUES ($1, $2, true, $3, $3)', [
      newId('project'),
      'Default',
      now,
    ]);
  },
};
