import { describe, expect, it } from 'vitest';
import { takeLinkToken } from './token';

function fakeWindow(href: string, stored: string | null = null) {
  const storage = new Map<string, string>();
  if (stored !== null) storage.set('homeroom.token', stored);
  const win = {
    location: { href } as Location,
    history: {
      state: null,
      replaceState(_s: unknown, _t: string, url: string) {
        win.location = { href: new URL(url, href).href } as Location;
      },
    } as unknown as History,
    sessionStorage: {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
      removeItem: (k: string) => void storage.delete(k),
    } as Storage,
  };
  return { win, storage };
}

describe('takeLinkToken', () => {
  it('takes ?token= from the URL and removes it from the address bar, keeping the rest', () => {
    const { win, storage } = fakeWindow('http://hub.local:8123/rooms/kitchen?token=s3cret&x=1#top');
    expect(takeLinkToken(win)).toBe('s3cret');
    expect(storage.size).toBe(0);
    expect(win.location.href).toBe('http://hub.local:8123/rooms/kitchen?x=1#top');
  });

  it('answers null without a token, and forgets a token an older version kept in session storage', () => {
    const { win, storage } = fakeWindow('http://hub.local:8123/devices?q=lamp', 'old');
    expect(takeLinkToken(win)).toBeNull();
    expect(storage.has('homeroom.token')).toBe(false);
    expect(win.location.href).toBe('http://hub.local:8123/devices?q=lamp');
  });
});
