import { z } from 'zod';
import { ProjectId } from '../ids';
import { Permission } from '../permissions';
import { PageInput, Timestamp, pageOf } from './common';
import { defineOperation } from './define';

/**
 * What an audit event records: an operation, named by its permission, or something Switchboard
 * itself did that an admin must be able to trace (a budget reaching a threshold).
 */
export const AuditAction = z.union([Permission, z.enum(['budgets:ThresholdReached'])]);
export type AuditAction = z.infer<typeof AuditAction>;

/** Who did what to which record. Never carries secret values, only changed field names. */
export const AuditEvent = z.object({
  id: z.string(),
  at: Timestamp,
  /** A token id (`tok_…`), `desktop` for the desktop app, `admin` for the headless admin session, `cli` for the command line. */
  actor: z.string(),
  action: AuditAction,
  projectId: z.string().nullable(),
  targetType: z.string(),
  targetId: z.string(),
  changedFields: z.array(z.string()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

export const auditEventOperations = {
  listAuditEvents: defineOperation({
    summary: 'List audit events, newest first, filtered by project, actor, action, target or time.',
    input: PageInput.extend({
      projectId: ProjectId.optional(),
      actor: z.string().max(64).optional(),
      action: AuditAction.optional(),
      targetId: z.string().max(64).optional(),
      since: z.iso.datetime({ offset: true }).optional(),
      until: z.iso.datetime({ offset: true }).optional(),
    }).strict(),
    output: pageOf(AuditEvent),
    permission: 'auditEvents:ListAuditEvents',
    http: { method: 'GET', path: '/audit-events' },
  }),
  getAuditEvent: defineOperation({
    summary: 'Get one audit event.',
    input: z.strictObject({ auditEventId: z.string().max(64) }),
    output: AuditEvent,
    permission: 'auditEvents:GetAuditEvent',
    http: { method: 'GET', path: '/audit-events/:auditEventId' },
  }),
};
