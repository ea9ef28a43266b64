import { describe, expect, it } from 'vitest';
import { takeToken } from './token';

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
    } as Storage,
  };
  return { win, storage };
}

describe('takeToken', () => {
  it('takes ?token= from the URL, stores it, and removes it from the address bar', () => {
    const { win, storage } = fakeWindow('http://hub.local:8123/?token=s3cret&x=1#top');
    expect(takeToken(win)).toBe('s3cret');
    expect(storage.get('homeroom.token')).toBe('s3cret');
    expect(win.location.href).toBe('http://hub.local:8123/?x=1#top');
  });

  it('falls back to the token kept for this tab', () => {
    const { win } = fakeWindow('http://hub.local/', 'kept');
    expect(takeToken(win)).toBe('kept');
  });

  it('is empty when there is none', () => {
    expect(takeToken(fakeWindow('http://hub.local/').win)).toBe('');
  });
});
