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
};

const authMethodLabels: Record<string, string> = { byo: 'Your own key', hosted: 'Hosted' };

/** The table whose names label a group-by's keys, when they are record ids. */
export function labelTableOf(groupBy: UsageGroupBy): 'projects' | 'tokens' | null {
  return groupBy === 'project' ? 'projects' : groupBy === 'token' ? 'tokens' : null;
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
