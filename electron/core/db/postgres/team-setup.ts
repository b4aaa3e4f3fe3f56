import type { Logger } from '../../log';
import { openPostgres } from './database';
import { connectPostgres } from './pool';
import { createTeamRoles, grantGatewayAccess } from './roles';

export interface TeamSetupNames {
  database: string;
  admin: string;
  gateway: string;
}

/** The two database URLs of a team, passwords included: shown once to whoever set the team up. */
export interface TeamSetup {
  adminUrl: string;
  gatewayUrl: string;
}

function urlFor(serverUrl: string, role: string, password: string, database: string): string {
  const url = new URL(serverUrl);
  url.username = role;
  url.password = password;
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The whole setup of a team database from a server administrator's URL (a role with CREATEROLE
 * and CREATEDB): the admin role owning the database, the gateway role, the schema migrated as the
 * admin, and the gateway's privileges granted. Running it again resets both passwords and changes
 * nothing else.
 */
export async function setUpTeamDatabase(serverUrl: string, names: TeamSetupNames, log: Logger): Promise<TeamSetup> {
  const server = await connectPostgres(serverUrl, { log, max: 1 });
  let roles;
  try {
    roles = await createTeamRoles(server.pool, names);
  } finally {
    await server.pool.end();
  }
  const adminUrl = urlFor(serverUrl, roles.admin.role, roles.admin.password, names.database);
  await (await openPostgres(adminUrl, { log, max: 1 })).close();
  const admin = await connectPostgres(adminUrl, { log, max: 1 });
  try {
    await grantGatewayAccess(admin.pool, names.gateway);
  } finally {
    await admin.pool.end();
  }
  return { adminUrl, gatewayUrl: urlFor(serverUrl, roles.gateway.role, roles.gateway.password, names.database) };
}
