import { describe, expect, it } from 'vitest';
import { isOwnPage, rendererEntry } from './pages';

describe('isOwnPage', () => {
  const root = '/opt/Homeroom/resources/app';
  it('accepts the built UI', () => {
    expect(isOwnPage(root, rendererEntry(root))).toBe(true);
  });
  it('refuses other pages, other schemes and path tricks', () => {
    for (const url of [
      undefined,
      '',
      'https://example.com/',
      'file:///etc/passwd',
      'file:///opt/Homeroom/resources/app/dist/renderer/../../../../etc/passwd',
      'file:///opt/Homeroom/resources/app/dist/renderer-evil/index.html',
      'devtools://devtools/bundled/index.html',
    ])
      expect(isOwnPage(root, url)).toBe(false);
  });
});
