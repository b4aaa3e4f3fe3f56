import type { Permission } from '../../../shared/permissions';

/**
 * Who is calling. The desktop app (IPC), the headless admin session and the local CLI act as the
 * full administrator; tokens carry their own permission set and project.
 */
export type Actor =
  | { kind: 'admin'; id: 'desktop' | 'admin' | 'cli' }
  | { kind: 'token'; id: string; projectId: string; permissions: ReadonlySet<Permission> };

export const desktopActor: Actor = { kind: 'admin', id: 'desktop' };
export const adminSessionActor: Actor = { kind: 'admin', id: 'admin' };
export const cliActor: Actor = { kind: 'admin', id: 'cli' };

export function hasPermission(actor: Actor, permission: Permission): boolean {
  return actor.kind === 'admin' || actor.permissions.has(permission);
}
