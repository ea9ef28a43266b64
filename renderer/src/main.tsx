import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { createHubConnection } from './api';
import { ConnectionControlProvider } from './api/connection-context';
import { signIn } from './api/session';
import { takeLinkToken } from './api/token';
import { createAppRouter } from './routes/router';
import { HubStoreProvider } from './store/context';
import { createHubStore } from './store/hub-store';
import { applyTheme, readThemeChoice } from './theme/theme';
import './styles/base.css';
import './styles/ui.css';
import './styles/app.css';
import './styles/tiles.css';
import './styles/features.css';
import './styles/responsive.css';

const theme = readThemeChoice();
applyTheme(theme);

/**
 * In a browser, the hub's printed link (`/?token=…`) is exchanged for a session cookie before the
 * WebSocket opens, so the token leaves the address bar and is never stored. Should the cookie not be
 * set (the hub unreachable for a moment), the token still serves this page load.
 */
async function signInFromLink(): Promise<{ token?: string; problem?: string }> {
  const token = takeLinkToken();
  if (token === null) return {};
  const result = await signIn(token);
  if (result.ok) return {};
  if (result.refused) return { problem: 'The link’s token is not this hub’s: was the hub started with a new one?' };
  return { token };
}

async function boot() {
  const desktop = !!window.homeroom;
  const link = desktop ? {} : await signInFromLink();
  const connection = createHubConnection(link.token);
  const store = createHubStore({ client: connection, theme });
  store.start();
  const router = createAppRouter(desktop ? 'hash' : 'browser');
  const control = { mode: desktop ? 'desktop' : 'browser', retry: () => connection.retry(), linkProblem: link.problem } as const;

  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <ConnectionControlProvider value={control}>
        <HubStoreProvider store={store}>
          <RouterProvider router={router} />
        </HubStoreProvider>
      </ConnectionControlProvider>
    </StrictMode>,
  );
}

void boot();
