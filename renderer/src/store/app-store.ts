import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ApiClient } from '../api/client';
import { createNavigationSlice, type NavigationSlice } from './navigation-slice';
import { createSystemSlice, type SystemSlice } from './system-slice';

export type AppState = SystemSlice & NavigationSlice;
export type AppStore = StoreApi<AppState>;

/** One store of slices, made per app (and per test), never a module-level singleton. */
export function createAppStore(api: ApiClient): AppStore {
  return createStore<AppState>()((...args) => ({
    ...createSystemSlice(api)(...args),
    ...createNavigationSlice(...args),
  }));
}

export const AppStoreContext = createContext<AppStore | null>(null);

/** Atomic selectors: `useAppStore((s) => s.screen)`. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(AppStoreContext);
  if (!store) throw new Error('useAppStore outside <AppStoreContext.Provider>');
  return useStore(store, selector);
}
