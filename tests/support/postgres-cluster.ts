import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throwaway PostgreSQL cluster for the test run: `initdb` into a fresh temp dir, `pg_ctl start`
 * on a free loopback port, stopped and removed on teardown or when the process exits. Tests get a
 * URL for an owner role that may create databases and roles, the way a team's database owner
 * can (a managed server's master user is no superuser either).
 */
export interface PostgresCluster {
  /** `postgres://switchboard_owner:…@127.0.0.1:<port>/postgres` */
  ownerUrl: string;
  version: number;
  /** Stops the server (fast shutdown: clients are disconnected) but keeps its data, for outage tests. */
  pause(): void;
  /** Starts it again on the same port after `pause`. */
  resume(): void;
  stop(): Promise<void>;
}

const ownerRole = 'switchboard_owner';

/** Debian's versioned directories first (newest wins), then whatever `initdb` is on the PATH. */
export function findPostgresBinaries(
  debianRoot = '/usr/lib/postgresql',
  searchPath = process.env.PATH ?? '',
): { bin: string; version: number } {
  const versions = existsSync(debianRoot)
    ? readdirSync(debianRoot)
        .filter((name) => /^\d+$/.test(name) && existsSync(path.join(debianRoot, name, 'bin', 'initdb')))
        .map(Number)
        .sort((a, b) => b - a)
    : [];
  if (versions.length > 0) return { bin: path.join(debianRoot, String(versions[0]), 'bin'), version: versions[0]! };
  const onPath = spawnSync('/bin/sh', ['-c', 'command -v initdb'], { encoding: 'utf8', env: { PATH: searchPath } }).stdout.trim();
  if (onPath) {
    const reported = spawnSync(onPath, ['--version'], { encoding: 'utf8' }).stdout;
    return { bin: path.dirname(onPath), version: Number(/(\d+)/.exec(reported)?.[1] ?? 0) };
  }
  throw new Error(
    'The PostgreSQL tests need PostgreSQL installed (initdb and pg_ctl), and none was found in /usr/lib/postgresql/*/bin or on the PATH. ' +
      "Run `sh .ci/bootstrap.sh` (installs Debian's `postgresql` package) or install PostgreSQL 13 or newer.",
  );
}

/** initdb refuses to run as root: as root, the cluster belongs to the `postgres` system user. */
function clusterUser(): { uid: number; gid: number; wrap(command: string[]): string[] } | null {
  if (process.getuid?.() !== 0) return null;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  if (!Number.isInteger(uid) || uid <= 0)
    throw new Error("Running as root, the PostgreSQL tests need the `postgres` system user (Debian's postgresql package creates it).");
  const hasRunuser = spawnSync('sh', ['-c', 'command -v runuser']).status === 0;
  return {
    uid,
    gid: id('-g'),
    wrap: (command) =>
      hasRunuser
        ? ['runuser', '-u', 'postgres', '--', ...command]
        : ['su', 'postgres', '-s', '/bin/sh', '-c', 'exec "$0" "$@"', ...command],
  };
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function spawn(command: string[]) {
  return spawnSync(command[0]!, command.slice(1), { encoding: 'utf8' });
}

function run(command: string[], what: string): void {
  const result = spawn(command);
  if (result.status !== 0) {
    throw new Error(`${what} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
}

export async function startPostgresCluster(): Promise<PostgresCluster> {
  const { bin, version } = findPostgresBinaries();
  const user = clusterUser();
  const asClusterUser = (command: string[]) => (user ? user.wrap(command) : command);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const pg_ctl = path.join(bin, 'pg_ctl');
  let initialised = false;

  const stopNow = () => {
    // Harmless when the server is not running; needed when a start timed out yet the server came up.
    if (initialised) spawn(asClusterUser([pg_ctl, '-D', data, '-m', 'immediate', '-w', '-s', 'stop']));
    initialised = false;
    rmSync(dir, { recursive: true, force: true });
  };
  // A run interrupted by Ctrl+C or a crash must not leave a server behind.
  const onExit = () => stopNow();
  const onSignal = (signal: NodeJS.Signals) => {
    stopNow();
    removeHooks();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const removeHooks = () => {
    process.off('exit', onExit);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, onSignal);
  };
  process.on('exit', onExit);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);

  try {
    // Tests never log in as the superuser: a random password keeps it off TCP; psql uses the socket.
    const superPassword = randomBytes(18).toString('base64url');
    const passwordFile = path.join(dir, 'superuser-password');
    writeFileSync(passwordFile, superPassword + '\n', { mode: 0o600 });
    if (user) {
      chownSync(dir, user.uid, user.gid);
      chownSync(passwordFile, user.uid, user.gid);
    }
    run(
      asClusterUser([
        path.join(bin, 'initdb'),
        '-D',
        data,
        '-U',
        'postgres',
        `--pwfile=${passwordFile}`,
        '--auth-local=trust',
        '--auth-host=scram-sha-256',
        '-E',
        'UTF8',
        '--no-locale',
        '--no-sync',
      ]),
      'initdb',
    );
    rmSync(passwordFile);
    initialised = true;
    // Speed over durability: the cluster lives for one test run.
    appendFileSync(
      path.join(data, 'postgresql.conf'),
      [
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        'fsync = off',
        'synchronous_commit = off',
        'full_page_writes = off',
        'max_connections = 200',
        // An autovacuum worker on a test's database would make its DROP DATABASE … WITH (FORCE) fail
        // (only a superuser may end that process), and these databases live for one test file.
        'autovacuum = off',
        '',
      ].join('\n'),
    );

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freeLoopbackPort();
      const start = spawn(asClusterUser([pg_ctl, '-D', data, '-l', logFile, '-o', `-p ${port}`, '-w', '-t', '30', '-s', 'start']));
      if (start.status === 0) break;
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      // Another process may take the port between our probe and the server's bind: try another.
      if (attempt < 3 && /could not bind|Address already in use/i.test(log)) continue;
      throw new Error(`pg_ctl start failed (exit ${start.status}):\n${start.stderr}\n${log.slice(-2000)}`);
    }

    const ownerPassword = randomBytes(18).toString('base64url');
    run(
      asClusterUser([
        path.join(bin, 'psql'),
        '-h',
        dir,
        '-p',
        String(port),
        '-U',
        'postgres',
        '-d',
        'postgres',
        '-v',
        'ON_ERROR_STOP=1',
        '-q',
        '-c',
        `CREATE ROLE ${ownerRole} LOGIN CREATEDB CREATEROLE PASSWORD '${ownerPassword}'`,
      ]),
      'creating the test owner role',
    );
    return {
      ownerUrl: `postgres://${ownerRole}:${ownerPassword}@127.0.0.1:${port}/postgres`,
      version,
      pause() {
        run(asClusterUser([pg_ctl, '-D', data, '-m', 'fast', '-w', '-s', 'stop']), 'pg_ctl stop');
      },
      resume() {
        run(asClusterUser([pg_ctl, '-D', data, '-l', logFile, '-o', `-p ${port}`, '-w', '-t', '30', '-s', 'start']), 'pg_ctl start');
      },
      async stop() {
        stopNow();
        removeHooks();
      },
    };
  } catch (error) {
    stopNow();
    removeHooks();
    throw error;
  }
}
