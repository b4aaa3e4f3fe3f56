import type { Migration } from '../migrate';
import { newId } from '../../../ids';

/** Projects, providers, secrets, tokens, audit trail, usage rows and their daily rollups. */
export const m001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE projects (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        is_default INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE secrets (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        name TEXT NOT NULL COLLATE NOCASE,
        fingerprint TEXT NOT NULL,
        backend TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        rotated_at TEXT,
        UNIQUE (project_id, name)
      );

      CREATE TABLE ai_providers (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        secret_id TEXT REFERENCES secrets(id),
        name TEXT NOT NULL COLLATE NOCASE,
        provider TEXT NOT NULL,
        default_model TEXT NOT NULL,
        base_url TEXT,
        config TEXT,
        auth_method TEXT NOT NULL DEFAULT 'byo',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (project_id, name)
      );
      CREATE INDEX ai_providers_by_project_slug ON ai_providers (project_id, provider);
      CREATE INDEX ai_providers_by_secret ON ai_providers (secret_id);

      CREATE TABLE tokens (
        id TEXT PRIMARY KEY,
        project_id TEXT NOT NULL REFERENCES projects(id),
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        hash BLOB NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        permissions TEXT NOT NULL,
        allowed_providers TEXT NOT NULL,
        labels TEXT NOT NULL,
        limits TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT,
        last_used_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX tokens_by_project ON tokens (project_id, created_at);

      CREATE TABLE audit_events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        project_id TEXT,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        changed_fields TEXT NOT NULL
      );
      CREATE INDEX audit_events_by_at ON audit_events (at);
      CREATE INDEX audit_events_by_target ON audit_events (target_id);

      -- One row per proxied request. No foreign keys: usage outlives what it refers to.
      CREATE TABLE usage_records (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        at TEXT NOT NULL,
        request_id TEXT NOT NULL,
        project_id TEXT NOT NULL,
        ai_provider_id TEXT,
        provider TEXT NOT NULL,
        auth_method TEXT NOT NULL,
        token_id TEXT,
        model TEXT,
        endpoint TEXT NOT NULL,
        streamed INTEGER NOT NULL,
        status INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        cost_micro_usd INTEGER,
        latency_ms INTEGER NOT NULL,
        ttfb_ms INTEGER,
        labels TEXT NOT NULL
      );
      CREATE INDEX usage_records_by_at ON usage_records (at);
      CREATE INDEX usage_records_by_token ON usage_records (token_id, at);

      -- Daily rollups feed charts and reports; '' stands for "none" so the key stays total.
      CREATE TABLE usage_daily (
        day TEXT NOT NULL,
        project_id TEXT NOT NULL,
        provider TEXT NOT NULL,
        ai_provider_id TEXT NOT NULL,
        auth_method TEXT NOT NULL,
        model TEXT NOT NULL,
        token_id TEXT NOT NULL,
        pipeline TEXT NOT NULL,
        requests INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        cost_micro_usd INTEGER NOT NULL,
        unpriced_requests INTEGER NOT NULL,
        PRIMARY KEY (day, project_id, provider, ai_provider_id, auth_method, model, token_id, pipeline)
      ) WITHOUT ROWID;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `);
    const now = new Date().toISOString();
    db.prepare('INSERT INTO projects (id, name, is_default, created_at, updated_at) VALUES (?, ?, 1, ?, ?)').run(
      newId('project'),
      'Default',
      now,
      now,
    );
  },
};
