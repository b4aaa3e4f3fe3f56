import type { SliceCreator } from './slice';

export const screens = ['providers', 'secrets', 'tokens', 'usage', 'audit', 'settings'] as const;
export type Screen = (typeof screens)[number];

export const screenLabels: Record<Screen, string> = {
  providers: 'Providers',
  secrets: 'Secrets',
  tokens: 'Tokens',
  usage: 'Usage',
  audit: 'Audit log',
  settings: 'Settings',
};

/** `#/usage?range=7d` → `usage`: a screen may keep its view in the query after its name. */
export function screenFromHash(hash: string): Screen {
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
    if (typeof location !== 'undefined' && location.hash.replace(/^#\/?/, '').split('?')[0] !== screen) location.hash = `#/${screen}`;
    set({ screen });
  },
});
