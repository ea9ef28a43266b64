import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ENTRY, isAppUrl, resolveAppRequest } from './app-protocol';

const root = '/opt/Homeroom/resources/app.asar/dist/renderer';

describe('resolveAppRequest', () => {
  it('serves the entry page and assets from the renderer folder', () => {
    expect(resolveAppRequest(root, APP_ENTRY)).toEqual({
      ok: true,
      file: path.join(root, 'index.html'),
      contentType: 'text/html; charset=utf-8',
    });
    expect(resolveAppRequest(root, 'app://homeroom/')).toMatchObject({ ok: true, file: path.join(root, 'index.html') });
    expect(resolveAppRequest(root, 'app://homeroom/assets/index-abc.js?v=1#x')).toMatchObject({
      ok: true,
      file: path.join(root, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveAppRequest(root, 'app://homeroom/assets/my%20icon.svg')).toMatchObject({
      ok: true,
      file: path.join(root, 'assets', 'my icon.svg'),
    });
  });

  it('dot segments the URL parser resolves stay inside the root', () => {
    expect(resolveAppRequest(root, 'app://homeroom/../../../etc/passwd')).toMatchObject({ ok: false, status: 404 });
    expect(resolveAppRequest(root, 'app://homeroom/%2e%2e/%2e%2e/etc/passwd.txt')).toMatchObject({
      ok: true,
      file: path.join(root, 'etc', 'passwd.txt'),
    });
  });

  it.each([
    ['app://homeroom/assets/..%2f..%2f..%2fetc%2fpasswd.txt', 403],
    ['app://homeroom/assets/%2e%2e%2f%2e%2e%2fsecret.json', 403],
    ['app://homeroom/..%5c..%5cwindows%5cwin.ini', 400],
    ['app://homeroom/index.html%00.png', 400],
    ['app://homeroom/%E0%A4%A', 400],
    ['app://evil/index.html', 403],
    ['file:///opt/Homeroom/resources/app.asar/dist/renderer/index.html', 403],
    ['https://homeroom/index.html', 403],
    ['app://homeroom/secret.key', 404],
    ['app://homeroom/homeroom.db', 404],
    ['not a url', 400],
  ])('refuses %s with %i', (url, status) => {
    const answer = resolveAppRequest(root, url);
    expect(answer).toMatchObject({ ok: false, status });
  });

  it('never names a file outside the root, whatever the URL (fuzzed)', async () => {
    const fc = await import('fast-check');
    const segment = fc.constantFrom('..', '.', '%2e%2e', '%2E.', '%2f', 'a', 'index.html', '', '%00', '%5c', '\\', '//', 'x.js');
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 8 }), (parts) => {
        const answer = resolveAppRequest(root, `app://homeroom/${parts.join('/')}`);
        if (answer.ok) expect(answer.file.startsWith(root + path.sep)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers only GET and HEAD', () => {
    expect(resolveAppRequest(root, APP_ENTRY, 'HEAD')).toMatchObject({ ok: true });
    expect(resolveAppRequest(root, APP_ENTRY, 'POST')).toMatchObject({ ok: false, status: 405 });
  });
});

describe('isAppUrl', () => {
  it('is our origin only', () => {
    expect(isAppUrl(APP_ENTRY)).toBe(true);
    expect(isAppUrl('app://homeroom')).toBe(true);
    for (const url of [
      undefined,
      '',
      'app://homeroom.evil/',
      'app://evil/',
      'file:///index.html',
      'https://homeroom/',
      'devtools://devtools/',
    ])
      expect(isAppUrl(url)).toBe(false);
  });
});
