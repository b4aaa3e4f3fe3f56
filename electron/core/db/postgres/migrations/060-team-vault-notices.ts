import type { PostgresMigration } from '../migrate';

/**
 * A rotated team key or a re-stored secret value is a change every gateway must hear of: the one
 * that did not rotate holds the old key in memory and decrypted values in its proxy's cache.
 * The same notice as for configuration (005) drops those caches and makes the vault look at
 * the key check again.
 */
export const p060TeamVaultNotices: PostgresMigration = {
  version: 60,
  name: 'team-vault-notices',
  async up(client) {
    await client.query(`
      CREATE TRIGGER team_vault_changed AFTER INSERT OR UPDATE OR DELETE ON team_vault
        FOR EACH STATEMENT EXECUTE FUNCTION switchboard_notify_change();
      CREATE TRIGGER team_secret_values_changed AFTER INSERT OR UPDATE OR DELETE ON team_secret_values
        FOR EACH STATEMENT EXECUTE FUNCTION switchboard_notify_change();
    `);
  },
};
