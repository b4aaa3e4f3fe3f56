import { createContext, useContext } from 'react';
import type { ApiClient } from './client';

/** The api client for the few things that are not store actions (downloads). */
export const ApiContext = createContext<ApiClient | null>(null);

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}
