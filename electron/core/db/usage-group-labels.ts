import { providerLabels } from '../../../shared/provider-facts';
import type { ProviderSlug } from '../../../shared/slugs';
import type { UsageGroupBy } from '../../../shared/operations';

const noneLabels: Record<UsageGroupBy, string> = {
  provider: '(unknown provider)',
  model: '(no model)',
  project: '(no project)',
  token: '(no token)',
  pipeline: '(no pipeline)',
  authMethod: '(unknown)',
  gateway: '(unknown gateway: before gateways were recorded)',
};

const authMethodLabels: Record<string, string> = { byo: 'Your own key', hosted: 'Hosted' };

/**
 * Where the names that label a group-by's keys are read, when the keys are record ids: a table and
 * the expression of a name. A gateway is named by its host and id (several may share a host).
 */
export function labelTableOf(groupBy: UsageGroupBy): { table: 'projects' | 'tokens' | 'gateways'; name: string } | null {
  if (groupBy === 'project') return { table: 'projects', name: 'name' };
  if (groupBy === 'token') return { table: 'tokens', name: 'name' };
  if (groupBy === 'gateway') return { table: 'gateways', name: "host || ' · ' || id" };
  return null;
}

/**
 * Human labels for group keys: provider and auth-method names, project and token names looked up
 * once per key by `lookupName` (usage outlives what it refers to, so a deleted token keeps its id as label).
 */
export function createGroupLabeller(
  groupBy: UsageGroupBy,
  lookupName: ((id: string) => string | undefined) | null,
): (key: string) => string {
  const cache = new Map<string, string>();
  return (key) => {
    if (key === '') return noneLabels[groupBy];
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    let label = key;
    if (groupBy === 'provider') label = providerLabels[key as ProviderSlug] ?? key;
    else if (groupBy === 'authMethod') label = authMethodLabels[key] ?? key;
    else if (lookupName) label = lookupName(key) ?? key;
    cache.set(key, label);
    return label;
  };
}
