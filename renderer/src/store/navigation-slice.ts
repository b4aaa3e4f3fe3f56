import type { SliceCreator } from './slice';

export const screens = ['providers', 'secrets', 'tokens', 'usage', 'budgets', 'audit', 'gateways', 'settings'] as const;
export type Screen = (typeof screens)[number];

export const screenLabels: Record<Screen, string> = {
  providers: 'Providers',
  secrets: 'Secrets',
  tokens: 'Tokens',
  budgets: 'Budgets',
  usage: 'Usage',
  audit: 'Audit log',
  gateways: 'Gateways',
  settings: 'Settings',
};

export function screenFromHash(hash: string): Screen {
  const name = hash.replace(/^#\/?/, '');
  return (screens as readonly string[]).includes(name) ? (name as Screen) : 'providers';
}

export interface NavigationSlice {
  screen: Screen;
  navigate(screen: Screen): void;
}

export const createNavigationSlice: SliceCreator<NavigationSlice> = (set) => ({
  screen: typeof location === 'undefined' ? 'providers' : screenFromHash(location.hash),
  navigate(screen) {
    if (typeof location !== 'undefined' && location.hash !== `#/${screen}`) location.hash = `#/${screen}`;
    set({ screen });
  },
});
