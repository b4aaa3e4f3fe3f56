import type { StateCreator } from 'zustand';
import type { AppState } from './app-store';

/** Every slice sees the whole state (to read the current project) under the persist middleware. */
export type SliceCreator<T> = StateCreator<AppState, [['zustand/persist', unknown]], [], T>;

/** A remote list's lifecycle, the same shape on every screen: what to render for empty, loading and error. */
export interface Remote<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
}

export const idle = <T>(): Remote<T> => ({ data: null, loading: false, error: null });

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes a loader for one slice: it loads into a `Remote` field, keeps the previous data visible
 * while reloading (no flicker on live updates) and drops answers that arrive after a newer
 * request for the same field started.
 */
export function createLoader<S>(set: (partial: Partial<S>) => void, get: () => S) {
  const tickets = new Map<keyof S, number>();
  return async function load<K extends keyof S, T>(key: K, fetch: () => Promise<T>): Promise<void> {
    const ticket = (tickets.get(key) ?? 0) + 1;
    tickets.set(key, ticket);
    const current = get()[key] as Remote<T>;
    set({ [key]: { ...current, loading: true, error: null } } as Partial<S>);
    try {
      const data = await fetch();
      if (tickets.get(key) === ticket) set({ [key]: { data, loading: false, error: null } } as Partial<S>);
    } catch (error) {
      if (tickets.get(key) === ticket)
        set({ [key]: { ...(get()[key] as Remote<T>), loading: false, error: errorMessage(error) } } as Partial<S>);
    }
  };
}
