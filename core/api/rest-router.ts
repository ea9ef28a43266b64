/**
 * The REST routes, derived from the contract table: each row's `rest.method` and `rest.path`
 * (`/api/rooms/:roomId/hold`) become a matcher; a request's parameters are merged from the query,
 * the JSON body and the path (in that order: the path wins), then validated by the row's schema.
 */
import { METHOD_NAMES, methods, type MethodName } from './contract';
import { ApiError } from './contract';

type Segment = { literal: string } | { param: string };

export interface Route {
  name: MethodName;
  method: string;
  segments: readonly Segment[];
}

export interface RouteMatch {
  name: MethodName;
  /** Path parameters by the names in the row's path, already URL-decoded. */
  path: Record<string, string>;
}

export function compileRoutes(names: readonly MethodName[] = METHOD_NAMES): Route[] {
  const compiled = names.map((name): Route => {
    const { method, path } = methods[name].rest;
    const segments = splitPath(path).map((part): Segment =>
      part.startsWith(':') ? { param: part.slice(1) } : { literal: part },
    );
    return { name, method, segments };
  });
  assertUnambiguous(compiled);
  // A literal segment wins over a parameter in the same place: `/api/rooms/status` before `/api/rooms/:id`.
  return compiled.sort((a, b) => (specificity(a) < specificity(b) ? -1 : specificity(a) > specificity(b) ? 1 : 0));
}

/** The route for an HTTP method and a URL path (`/api/devices/mqtt%3Alamp`), or undefined. */
export function matchRoute(routes: readonly Route[], method: string, pathname: string): RouteMatch | undefined {
  let parts: string[];
  try {
    parts = splitPath(pathname).map(decodeURIComponent);
  } catch {
    throw new ApiError('invalid', `Malformed path: ${pathname}`);
  }
  // Literals first, the parameters' object only for the route that matches (this runs for every request).
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    let matches = true;
    for (let i = 0; i < parts.length && matches; i++) {
      const segment = route.segments[i]!;
      if ('literal' in segment) matches = segment.literal === parts[i];
    }
    if (!matches) continue;
    const path: Record<string, string> = {};
    route.segments.forEach((segment, i) => {
      if ('param' in segment) path[segment.param] = parts[i]!;
    });
    return { name: route.name, path };
  }
  return undefined;
}

/** Empty segments are ignored, as they always were: `/api/devices/` is `/api/devices`. */
function splitPath(path: string): string[] {
  return path.split('/').filter(Boolean);
}

function specificity(route: Route): string {
  return route.segments.map((s) => ('literal' in s ? '0' : '1')).join('');
}

/** Two rows with the same method and the same shape of path would make one unreachable: refuse at startup. */
function assertUnambiguous(routes: readonly Route[]): void {
  const seen = new Map<string, MethodName>();
  for (const route of routes) {
    const key = `${route.method} ${route.segments.map((s) => ('literal' in s ? s.literal : ':')).join('/')}`;
    const other = seen.get(key);
    if (other) throw new Error(`REST routes of ${other} and ${route.name} are the same: ${key}`);
    seen.set(key, route.name);
  }
}
