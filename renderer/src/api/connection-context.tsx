/** What the UI may do with its connection: connect again now, and (in a browser) sign in and out. */
import { createContext, useContext, type ReactNode } from 'react';

export type ConnectionControl = {
  /** 'desktop': the hub runs in the app (IPC), there is nothing to sign in to. */
  mode: 'browser' | 'desktop';
  retry(): void;
  /** Why the sign-in link of this page load did not sign in, if it did not. */
  linkProblem?: string | undefined;
};

const NOOP: ConnectionControl = { mode: 'desktop', retry: () => {} };
const ConnectionControlContext = createContext<ConnectionControl>(NOOP);

export function ConnectionControlProvider({ value, children }: { value: ConnectionControl; children: ReactNode }) {
  return <ConnectionControlContext.Provider value={value}>{children}</ConnectionControlContext.Provider>;
}

export const useConnectionControl = (): ConnectionControl => useContext(ConnectionControlContext);
