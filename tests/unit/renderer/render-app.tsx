import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { ApiContext } from '../../../renderer/src/api/api-context';
import type { ApiClient } from '../../../renderer/src/api/client';
import { AppStoreContext, createAppStore, type AppStore } from '../../../renderer/src/store/app-store';
import { createMemoryStorage, project } from './fake-api';

/** Renders UI with a fresh store (no state shared between tests) over a fake api. */
export function renderWithStore(
  ui: ReactNode,
  api: ApiClient,
  prepare?: (store: AppStore) => void,
): { store: AppStore } & ReturnType<typeof render> {
  const store = createAppStore(api, { storage: createMemoryStorage() });
  store.getState().selectProject(project.id);
  prepare?.(store);
  const result = render(
    <ApiContext.Provider value={api}>
      <AppStoreContext.Provider value={store}>{ui}</AppStoreContext.Provider>
    </ApiContext.Provider>,
  );
  return { store, ...result };
}

/** The text a screen reader reads as the control's description (hint and error), via aria-describedby. */
export function descriptionOf(element: HTMLElement): string {
  const ids = element.getAttribute('aria-describedby')?.split(/\s+/) ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}
