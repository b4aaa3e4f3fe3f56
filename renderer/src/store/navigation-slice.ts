import type { SliceCreator } from './slice';

// Usage keeps Alt+4; newer screens follow (Alt+0 is the tenth).
export const screens = [
  'providers',
  'secrets',
  'tokens',
  'usage',
  'requests',
  'budgets',
  'audit',
  'gateways',
  'settings',
  'routes',
] as const;
export type Screen = (typeof screens)[number];

export const screenLabels: Record<Screen, string> = {
  providers: 'Providers',
  routes: 'Routes',
  secrets: 'Secrets',
  tokens: 'Tokens',
  budgets: 'Budgets',
  usage: 'Usage',
  requests: 'Requests',
  audit: 'Audit log',
  gateways: 'Gateways',
  settings: 'Settings',
};

/** `#/usage?range=7d` → `usage`: a screen may keep its view in the query after its name. */
export function screenFromHash(hash: string): Screen {
  // A screen may carry its view after `?` (the Requests screen's filters): `#/requests?status=error`.
  const name = hash.replace(/^#\/?/, '').split('?')[0]!;
  return (screens as readonly string[]).includes(name) ? (name as Screen) : 'providers';
}

export interface NavigationSlice {
  screen: Screen;
  navigate(screen: Screen): void;
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set) => ({
  screen: typeof location === 'undefined' ? 'providers' : screenFromHash(location.hash),
  navigate(screen) {
    if (typeof location !== 'undefined' && screenFromHash(location.hash) !== screen) location.hash = `#/${screen}`;
    set({ screen });
  },
});
