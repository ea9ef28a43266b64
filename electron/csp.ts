/**
 * The desktop window's Content-Security-Policy, sent with every response of the `app://` protocol.
 * `connect-src` names only the hub the window talks to: its own origin (the IPC bridge needs no network
 * at all), plus the hub's HTTP and WebSocket origin when the window talks to a hub over the network.
 * Never `ws:`/`wss:` to any host, as the browser build's meta tag allows. Pure.
 */
export function hubOrigins(hubUrl: string | undefined): string[] {
  if (!hubUrl) return [];
  let url: URL;
  try {
    url = new URL(hubUrl);
  } catch {
    throw new Error(`not a hub URL: ${hubUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`the hub URL must be http(s): ${hubUrl}`);
  const ws = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return [url.origin, `${ws}//${url.host}`];
}

export function contentSecurityPolicy(hubUrl?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    ["connect-src 'self'", ...hubOrigins(hubUrl)].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
    "worker-src 'none'",
  ].join('; ');
}

/** Headers of every `app://` response. */
export function appResponseHeaders(contentType: string, hubUrl?: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': contentSecurityPolicy(hubUrl),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
