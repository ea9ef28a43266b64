import { describe, expect, it } from 'vitest';
import { appResponseHeaders, contentSecurityPolicy, hubOrigins } from './csp';

const directive = (policy: string, name: string) => policy.split('; ').find((d) => d.startsWith(`${name} `));

describe('the desktop CSP', () => {
  it('connect-src names only the hub the window talks to', () => {
    expect(directive(contentSecurityPolicy(), 'connect-src')).toBe("connect-src 'self'");
    expect(directive(contentSecurityPolicy('http://192.168.1.5:8321/'), 'connect-src')).toBe(
      "connect-src 'self' http://192.168.1.5:8321 ws://192.168.1.5:8321",
    );
    expect(directive(contentSecurityPolicy('https://hub.example:443/'), 'connect-src')).toBe(
      "connect-src 'self' https://hub.example wss://hub.example",
    );
  });

  it('never allows a scheme-wide source, inline scripts or eval', () => {
    for (const policy of [contentSecurityPolicy(), contentSecurityPolicy('http://127.0.0.1:8321/')]) {
      for (const part of policy.split(/[ ;]+/)) expect(['ws:', 'wss:', 'http:', 'https:', '*', 'data:*']).not.toContain(part);
      expect(directive(policy, 'script-src')).toBe("script-src 'self'");
      expect(policy).not.toContain('unsafe-eval');
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("frame-ancestors 'none'");
    }
  });

  it('refuses a hub URL that is not http(s)', () => {
    expect(() => hubOrigins('ws://hub:1')).toThrow(/must be http/);
    expect(() => hubOrigins('nonsense')).toThrow(/not a hub URL/);
  });

  it('every app:// response carries the policy and nosniff', () => {
    expect(appResponseHeaders('text/html')).toMatchObject({
      'Content-Type': 'text/html',
      'Content-Security-Policy': contentSecurityPolicy(),
      'X-Content-Type-Options': 'nosniff',
    });
  });
});
