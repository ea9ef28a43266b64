/**
 * What the signed-in user may see, applied to the addresses (router.tsx): a board (a wall tablet) lands on `/board`
 * and is shown nothing else; a guest or member is sent away from views it may not use (Settings, automations).
 */
import { Navigate, Outlet, useLocation } from 'react-router';
import type { MethodName } from '../../../core/api/contract';
import { useHub } from '../store/context';
import { may } from '../store/hub-store';
import { Spinner } from '../ui/Spinner';
import { paths } from './paths';

/** The method a view needs: without it, the view is not offered. */
const VIEW_NEEDS: [prefix: string, method: MethodName][] = [
  ['/settings', 'updateSettings'],
  ['/automations', 'listAutomations'],
  ['/timeline', 'getTimeline'],
  ['/scenes', 'updateScene'],
];

export const isBoardPath = (pathname: string): boolean => pathname === '/board' || pathname.startsWith('/board/');

export function AccessGate() {
  const { pathname } = useLocation();
  const me = useHub((s) => s.me);
  const loaded = useHub((s) => s.loaded);
  const connection = useHub((s) => s.connection.state);
  // Until the hub said who this is, nothing is drawn that a board must not see.
  if (!loaded && connection !== 'auth_failed') return <Spinner label="Connecting to the hub" />;
  const role = me?.user.role;
  if (role === 'board' && !isBoardPath(pathname)) return <Navigate to={paths.board()} replace />;
  const refused = VIEW_NEEDS.find(([prefix, method]) => pathname.startsWith(prefix) && !may(me, method));
  if (refused) return <Navigate to={paths.devices()} replace />;
  return <Outlet />;
}
