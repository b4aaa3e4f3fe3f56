import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createDefaultApiClient } from './api/client';
import { AppShell } from './app/app-shell';
import { AppStoreContext, createAppStore } from './store/app-store';
import './styles.css';

const store = createAppStore(createDefaultApiClient());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppStoreContext.Provider value={store}>
      <AppShell />
    </AppStoreContext.Provider>
  </StrictMode>,
);
