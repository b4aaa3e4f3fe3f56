import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../cli/usage-error';
import { importIntoTeam, openSoloStore, type SealedBlobs, type TableImport } from '../db/team-import';
import { createLogger } from '../log';
import { chooseVault, type VaultChoice } from '../secrets/choose-vault';
import { VaultUnavailableError } from '../secrets/secret-vault';
import { sameKeyCheck, sealSecret, type TeamKey } from '../secrets/team-key';
import { findTeamKey } from '../secrets/team-key-source';
import { TeamKeyMismatchError, teamNotInitialised } from '../secrets/team-vault';
import { teamDatabaseUrl, withTeamDatabase } from './team-database';

export const teamImportUsage = `  import      copies a solo data directory (--from) into the team database: projects (the default
              and same-named ones merge), AI providers, tokens (hashes), secrets (values read from
              that directory's vault and re-encrypted under the team key), usage, the audit log and
              the team-wide settings (usage retention, the imported price table; the port and log
              level stay that machine's). Run it again safely: what is there already is kept,
              a setting the team has keeps its value. --dry-run reports and writes nothing.`;

const tableNames: Record<TableImport['table'], string> = {
  projects: 'projects',
  secrets: 'secrets',
  ai_providers: 'AI providers',
  tokens: 'tokens',
  usage_records: 'usage rows',
  audit_events: 'audit events',
  settings: 'settings',
};

/** `switchboard team import --from DIR [--dry-run]` */
export async function teamImportCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: { from: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  if (!values.from) throw new UsageError('team import needs --from DIR, the data directory of the solo Switchboard to copy');
  const from = path.resolve(values.from);
  const dryRun = values['dry-run'];
  const log = createLogger({ level: 'warn' });
  return withTeamDatabase(teamDatabaseUrl(), async (db, teamVault) => {
    const onMachine = await findTeamKey(db.target, process.env.SWITCHBOARD_TEAM_KEY);
    if ('missing' in onMachine) throw new VaultUnavailableError(onMachine.missing);
    const stored = await teamVault.readKeyCheck();
    if (!stored) throw new VaultUnavailableError(teamNotInitialised);
    if (!sameKeyCheck(stored, onMachine.key.check)) throw new TeamKeyMismatchError(onMachine.source);

    const solo = openSoloStore(from, log);
    try {
      const { sealed, missing } = await sealSoloSecrets(from, solo.secrets(), onMachine.key, log);
      const report = await importIntoTeam(solo, db, { keyCheck: onMachine.key.check, sealed, dryRun });
      process.stdout.write(`${dryRun ? 'Dry run (nothing written): would import' : 'Imported'} from ${from}:\n`);
      for (const line of report) {
        const skipped = line.skipped?.length ? `; kept on that machine: ${line.skipped.join(', ')}` : '';
        process.stdout.write(
          `  ${tableNames[line.table]}: ${line.added} new, ${line.found - line.added} already there (of ${line.found})${skipped}\n`,
        );
      }
      for (const secret of missing) {
        process.stderr.write(
          `The value of secret ${secret.id} ("${secret.name}") is not in ${from}'s vault: its row is imported without a value; rotate it to store one.\n`,
        );
      }
      return 0;
    } finally {
      solo.close();
    }
  });
}

/** Each value read from the solo vault and sealed at once for the team; only the sealed blobs leave this function. */
async function sealSoloSecrets(
  dataDir: string,
  secrets: { id: string; name: string }[],
  key: TeamKey,
  log: ReturnType<typeof createLogger>,
): Promise<{ sealed: Map<string, SealedBlobs>; missing: { id: string; name: string }[] }> {
  const sealed = new Map<string, SealedBlobs>();
  const missing: { id: string; name: string }[] = [];
  if (secrets.length === 0) return { sealed, missing };
  const vault = await chooseVault({
    choice: (process.env.SWITCHBOARD_VAULT as VaultChoice | undefined) ?? 'auto',
    dataDir,
    masterKey: process.env.SWITCHBOARD_MASTER_KEY,
    log,
  });
  for (const secret of secrets) {
    const value = await vault.get(secret.id);
    if (value === null) missing.push(secret);
    else sealed.set(secret.id, sealSecret(key, secret.id, value));
  }
  return { sealed, missing };
}
