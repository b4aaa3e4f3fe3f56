import type { AuditEvent } from '../../../../shared/operations';

/** Record names by id (providers, secrets, tokens, projects), to write names beside ids. */
export type NameIndex = ReadonlyMap<string, string>;

const verbs: Record<string, string> = {
  Create: 'created',
  Update: 'changed',
  Delete: 'deleted',
  Rotate: 'rotated',
  Revoke: 'revoked',
  Test: 'tested',
  Export: 'exported',
  List: 'listed',
  Get: 'viewed',
  Import: 'imported',
  Threshold: 'crossed a spend threshold of',
};

const nouns: Record<string, string> = {
  aiProvider: 'provider',
  secret: 'secret',
  token: 'token',
  project: 'project',
  budget: 'budget',
  route: 'route',
  priceTable: 'price table',
  setting: 'setting',
};

const systemActors: Record<string, string> = { desktop: 'Desktop app', admin: 'Admin UI', cli: 'Command line', switchboard: 'Switchboard' };

/** "created", "rotated": the verb of a `resource:VerbNoun` permission, in the past tense. */
export function verbOf(action: AuditEvent['action']): string {
  const verb = /^[a-zA-Z]+:([A-Z][a-z]+)/.exec(action)?.[1] ?? '';
  return verbs[verb] ?? action;
}

/** "created token nightly-ci"; the id stands in for a name no longer known (a deleted record). */
export function actionInWords(event: Pick<AuditEvent, 'action' | 'targetType' | 'targetId'>, names: NameIndex): string {
  const noun = nouns[event.targetType] ?? event.targetType;
  return `${verbOf(event.action)} ${noun} ${names.get(event.targetId) ?? event.targetId}`;
}

/** "Command line", "token deploy-bot (tok_…)", or the raw actor. */
export function actorInWords(actor: string, names: NameIndex): string {
  if (systemActors[actor]) return systemActors[actor];
  const name = names.get(actor);
  return actor.startsWith('tok_') ? `token ${name ?? actor}` : actor;
}

/** "changed name, labels" → the field list alone, or "—". */
export const changedInWords = (fields: readonly string[]) => (fields.length > 0 ? fields.join(', ') : '—');

/** Free-text search over what the row says and the ids behind it, case-insensitively. */
export function matchesSearch(event: AuditEvent, names: NameIndex, query: string): boolean {
  const needle = query.trim().toLowerCase();
  if (!needle) return true;
  const haystack = [
    actionInWords(event, names),
    actorInWords(event.actor, names),
    event.actor,
    event.action,
    event.targetId,
    ...event.changedFields,
  ]
    .join(' ')
    .toLowerCase();
  return haystack.includes(needle);
}

/** A cell as CSV; one a spreadsheet would run as a formula is prefixed with ' to stay text. */
function csvCell(raw: string): string {
  const value = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The rows as CSV, names beside ids. */
export function auditCsv(events: readonly AuditEvent[], names: NameIndex): string {
  const header = ['time', 'actor', 'actor_name', 'action', 'permission', 'target_type', 'target_id', 'target_name', 'changed_fields'];
  const rows = events.map((e) => [
    e.at,
    e.actor,
    actorInWords(e.actor, names),
    actionInWords(e, names),
    e.action,
    e.targetType,
    e.targetId,
    names.get(e.targetId) ?? '',
    e.changedFields.join(' '),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
