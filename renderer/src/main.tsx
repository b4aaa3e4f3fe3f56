import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext } from './api/api-context';
import { createDefaultApiClient } from './api/client';
import { AppShell } from './app/app-shell';
import { AppStoreContext, createAppStore } from './store/app-store';
import './styles.css';

const api = createDefaultApiClient();
const store = createAppStore(api);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiContext.Provider value={api}>
      <AppStoreContext.Provider value={store}>
        <AppShell />
      </AppStoreContext.Provider>
    </ApiContext.Provider>
  </StrictMode>,
);
