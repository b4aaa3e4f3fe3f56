import type { PostgresMigration } from '../migrate';

/** The channel every gateway listens on; the payload names the table that changed. */
export const changeChannel = 'switchboard_changes';

/**
 * After any statement that changes configuration, a notice on one channel: every gateway drops
 * its cached tokens, providers and secrets when the transaction commits. A token's last use
 * (written every few seconds by every gateway) is not a change anyone caches, so it sends none.
 */
export const p005ChangeNotices: PostgresMigration = {
  version: 5,
  name: 'change-notices',
  async up(client) {
    await client.query(`
      CREATE FUNCTION switchboard_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${changeChannel}', TG_TABLE_NAME);
        RETURN NULL;
      END $$;
      CREATE TRIGGER projects_changed AFTER INSERT OR UPDATE OR DELETE ON projects
        FOR EACH STATEMENT EXECUTE FUNCTION switchboard_notify_change();
      CREATE TRIGGER ai_providers_changed AFTER INSERT OR UPDATE OR DELETE ON ai_providers
        FOR EACH STATEMENT EXECUTE FUNCTION switchboard_notify_change();
      CREATE TRIGGER secrets_changed AFTER INSERT OR UPDATE OR DELETE ON secrets
        FOR EACH STATEMENT EXECUTE FUNCTION switchboard_notify_change();
      CREATE TRIGGER tokens_changed
        AFTER INSERT OR DELETE OR UPDATE OF name, kind, hash, permissions, allowed_providers, labels, limits, expires_at, revoked_at
        ON tokens FOR EACH STATEMENT EXECUTE FUNCTION switchboard_notify_change();
    `);
  },
};
