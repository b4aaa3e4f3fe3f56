import { parseArgs } from 'node:util';
import { MovableBackend, type VaultMove, type VaultState } from '../../../shared/operations';
import { acquireGatewayLock } from '../config/gateway-lock';
import { cliActor } from '../operations/actor';
import { bootCliCore, resolveDataDir } from './cli-core';
import { UsageError } from './usage-error';

export const vaultUsage = `switchboard vault [status] [--data-dir D]
  switchboard vault move --to keychain|file [--data-dir D]

  Shows where secret values are kept, or moves every one of them to the OS keychain or to the
  encrypted file (keyed by SWITCHBOARD_MASTER_KEY, else a key file beside the database). Each value
  is written and checked in the new backend before the switch; the old copies are removed after.
  Run it with the gateway stopped (or use Settings in the admin UI on the running one).`;

/** `switchboard vault status|move`: the vault backend of a data directory, and moving its secrets. */
export async function vaultCommand(argv: string[]): Promise<number> {
  // `vault --data-dir D` is `vault status --data-dir D`.
  const [sub, ...rest] = argv[0] === undefined || (argv[0].startsWith('--') && argv[0] !== '--help') ? ['status', ...argv] : argv;
  if (sub === '--help' || sub === '-h') {
    process.stdout.write(vaultUsage + '\n');
    return 0;
  }
  if (sub !== 'status' && sub !== 'move') throw new UsageError(`Unknown vault command "${sub}"`);
  const { values } = parseArgs({ args: rest, strict: true, options: { 'data-dir': { type: 'string' }, to: { type: 'string' } } });
  const dataDir = resolveDataDir(values['data-dir']);
  if (sub === 'status') {
    const core = await bootCliCore(dataDir, 'warn');
    try {
      printState((await core.invoke('getVault', {}, cliActor)) as VaultState);
      return 0;
    } finally {
      await core.close();
    }
  }
  const to = MovableBackend.safeParse(values.to);
  if (!to.success) throw new UsageError('vault move needs --to keychain or --to file');
  // A running gateway holds the vault it opened: moving the secrets under it would leave it reading the old one.
  const lock = acquireGatewayLock(dataDir);
  try {
    const core = await bootCliCore(dataDir, 'warn');
    try {
      const moved = (await core.invoke('moveVault', { to: to.data }, cliActor)) as VaultMove;
      const missing = moved.missing > 0 ? ` (${moved.missing} had no value to move)` : '';
      process.stdout.write(`Moved ${moved.moved} ${moved.moved === 1 ? 'secret' : 'secrets'}${missing}.\n`);
      printState(moved.vault);
      return 0;
    } finally {
      await core.close();
    }
  } finally {
    lock.release();
  }
}

function printState(vault: VaultState): void {
  process.stdout.write(`Vault: ${vault.description}\n`);
  if (vault.warning) process.stdout.write(`${vault.warning}\n`);
  if (vault.notMovable) process.stdout.write(`${vault.notMovable}\n`);
  for (const target of vault.targets)
    process.stdout.write(`Can move to ${target.backend}: ${target.unavailable ? `no, ${target.unavailable}` : 'yes'}\n`);
}
