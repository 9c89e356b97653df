/**
 * The renderer's composition root: one API connection, one store bound to it, one React root.
 * Everything else receives these as arguments or through context.
 */

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './api';
import { App } from './App';
import { createAppStore } from './store/app-store';
import { bindStoreToApi } from './store/bind-api';
import { StoreProvider } from './store/store-context';
import './styles.css';

const api = connectApi();
const store = createAppStore({ api });
bindStoreToApi(store, api);

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');

createRoot(container).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
