import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY } from './app-protocol';
import { guardContents, permissionAllowed, type GuardableContents } from './navigation-policy';

/** A stand-in with WebContents' event shapes: `will-navigate` (event, url), `will-frame-navigate` (details with url). */
class FakeContents extends EventEmitter implements GuardableContents {
  openHandler?: (details: { url: string }) => { action: 'deny' };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
    this.openHandler = handler;
  }
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    const event = { preventDefault: () => (prevented = true), url: typeof args[0] === 'string' ? undefined : undefined };
    this.emit(name, event, ...args);
    return prevented;
  }
  fireFrame(name: string, url: string): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true), url });
    return prevented;
  }
}

describe('guardContents', () => {
  const blocked: string[] = [];
  const contents = new FakeContents();
  guardContents(contents, (what, url) => blocked.push(`${what} ${url}`));

  it('lets our own pages navigate (hash routes, reload) and stops every other navigation', () => {
    expect(contents.fire('will-navigate', `${APP_ENTRY}#/settings`)).toBe(false);
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-redirect', 'http://192.168.1.1/')).toBe(true);
    expect(contents.fire('will-redirect', `${APP_ENTRY}`)).toBe(false);
    expect(contents.fireFrame('will-frame-navigate', 'https://evil.example/frame')).toBe(true);
    expect(contents.fireFrame('will-frame-navigate', `${APP_ENTRY}#/`)).toBe(false);
    expect(contents.fire('will-navigate', '')).toBe(true);
  });

  it('no webview attaches and no window opens', () => {
    expect(contents.fire('will-attach-webview', {}, { src: APP_ENTRY })).toBe(true);
    expect(contents.openHandler?.({ url: APP_ENTRY })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(blocked).toContain('new window https://evil.example/');
    expect(blocked).toContain('navigation https://evil.example/');
  });
});

describe('permissionAllowed', () => {
  it('allows notifications for our page only, and nothing else to anyone', () => {
    expect(permissionAllowed('notifications', APP_ENTRY)).toBe(true);
    expect(permissionAllowed('notifications', 'app://homeroom')).toBe(true);
    expect(permissionAllowed('notifications', 'https://evil.example/')).toBe(false);
    expect(permissionAllowed('notifications', undefined)).toBe(false);
    for (const permission of [
      'media',
      'geolocation',
      'clipboard-read',
      'openExternal',
      'fullscreen',
      'hid',
      'serial',
      'usb',
      'midi',
    ])
      expect(permissionAllowed(permission, APP_ENTRY)).toBe(false);
  });
});
