import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHubConnection } from './api';
import { App } from './App';
import { HubStoreProvider } from './store/context';
import { createHubStore } from './store/hub-store';
import { applyTheme, readThemeChoice } from './theme/theme';
import './styles/base.css';
import './styles/ui.css';
import './styles/app.css';
import './styles/tiles.css';
import './styles/features.css';

const theme = readThemeChoice();
applyTheme(theme);

const connection = createHubConnection();
const store = createHubStore({ client: connection, theme });
store.start();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <HubStoreProvider store={store}>
      <App />
    </HubStoreProvider>
  </StrictMode>,
);
