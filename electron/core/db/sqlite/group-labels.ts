import { providerLabels } from '../../../../shared/provider-facts';
import type { ProviderSlug } from '../../../../shared/slugs';
import type { UsageGroupBy } from '../../../../shared/operations';
import type { Db } from './database';

const noneLabels: Record<UsageGroupBy, string> = {
  provider: '(unknown provider)',
  model: '(no model)',
  project: '(no project)',
  token: '(no token)',
  pipeline: '(no pipeline)',
  authMethod: '(unknown)',
};

const authMethodLabels: Record<string, string> = { byo: 'Your own key', hosted: 'Hosted' };

/**
 * Human labels for group keys: provider and auth-method names, project and token names looked up
 * once per key (usage outlives what it refers to, so a deleted token keeps its id as label).
 */
export function createGroupLabeller(db: Db, groupBy: UsageGroupBy): (key: string) => string {
  const table = groupBy === 'project' ? 'projects' : groupBy === 'token' ? 'tokens' : null;
  const lookup = table ? db.prepare(`SELECT name FROM ${table} WHERE id = ?`).pluck() : null;
  const cache = new Map<string, string>();
  return (key) => {
    if (key === '') return noneLabels[groupBy];
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    let label = key;
    if (groupBy === 'provider') label = providerLabels[key as ProviderSlug] ?? key;
    else if (groupBy === 'authMethod') label = authMethodLabels[key] ?? key;
    else if (lookup) label = (lookup.get(key) as string | undefined) ?? key;
    cache.set(key, label);
    return label;
  };
}
