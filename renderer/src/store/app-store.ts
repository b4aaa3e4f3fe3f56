import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import { createJSONStorage, persist, type StateStorage } from 'zustand/middleware';
import type { ApiClient } from '../api/client';
import { createAuditSlice, type AuditSlice } from './audit-slice';
import { createBudgetsSlice, type BudgetsSlice } from './budgets-slice';
import { createGatewaysSlice, type GatewaysSlice } from './gateways-slice';
import { createNavigationSlice, type NavigationSlice } from './navigation-slice';
import { createProjectsSlice, type ProjectsSlice } from './projects-slice';
import { createProvidersSlice, type ProvidersSlice } from './providers-slice';
import { createRoutesSlice, type RoutesSlice } from './routes-slice';
import { createRequestsSlice, type RequestsSlice } from './requests-slice';
import { createRetentionSlice, type RetentionSlice } from './retention-slice';
import { createSecretsSlice, type SecretsSlice } from './secrets-slice';
import { createSystemSlice, type SystemSlice } from './system-slice';
import { createTokensSlice, type TokensSlice } from './tokens-slice';
import { createUsageSlice, type UsageSlice } from './usage-slice';

export type AppState = SystemSlice &
  NavigationSlice &
  ProjectsSlice &
  ProvidersSlice &
  SecretsSlice &
  TokensSlice &
  UsageSlice &
  AuditSlice &
  BudgetsSlice &
  GatewaysSlice &
  RoutesSlice &
  RequestsSlice &
  RetentionSlice;
export type AppStore = StoreApi<AppState>;

/** Only UI preferences survive a restart; runtime status and fetched data never do. */
export type PersistedPreferences = Pick<AppState, 'currentProjectId' | 'usageRange' | 'usageGroupBy' | 'usageProvider'>;
const preferencesVersion = 1;

export interface AppStoreOptions {
  /** Where preferences live; `localStorage` in the app, a memory storage in tests. */
  storage?: StateStorage;
  now?: () => Date;
}

/** One store of slices, made per app (and per test), never a module-level singleton. */
export function createAppStore(api: ApiClient, options: AppStoreOptions = {}): AppStore {
  const now = options.now ?? (() => new Date());
  return createStore<AppState>()(
    persist(
      (...args) => ({
        ...createSystemSlice(api)(...args),
        ...createNavigationSlice(...args),
        ...createProjectsSlice(api)(...args),
        ...createProvidersSlice(api)(...args),
        ...createSecretsSlice(api)(...args),
        ...createTokensSlice(api)(...args),
        ...createUsageSlice(api, now)(...args),
        ...createAuditSlice(api)(...args),
        ...createBudgetsSlice(api)(...args),
        ...createGatewaysSlice(api)(...args),
        ...createRoutesSlice(api)(...args),
        ...createRequestsSlice(api)(...args),
        ...createRetentionSlice(api)(...args),
      }),
      {
        name: 'switchboard-preferences',
        version: preferencesVersion,
        storage: createJSONStorage(() => options.storage ?? localStorage),
        partialize: (state): PersistedPreferences => ({
          currentProjectId: state.currentProjectId,
          usageRange: state.usageRange,
          usageGroupBy: state.usageGroupBy,
          usageProvider: state.usageProvider,
        }),
        // An unknown older shape is dropped rather than guessed at: these are only preferences.
        migrate: () => ({}),
      },
    ),
  );
}

export const AppStoreContext = createContext<AppStore | null>(null);

/** Atomic selectors: `useAppStore((s) => s.screen)`; wrap derived objects in `useShallow`. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStore outside <AppStoreContext.Provider>');
  return useStore(store, selector);
}
