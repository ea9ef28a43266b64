import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function rendererEntry(appRoot: string): string {
  return pathToFileURL(join(appRoot, 'dist', 'renderer', 'index.html')).href;
}

/** Whether a frame shows our own UI (checked on every IPC call and navigation, per Electron's security guide). */
export function isOwnPage(appRoot: string, url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const root = pathToFileURL(join(appRoot, 'dist', 'renderer')).href + '/';
  // Compare the normalised URL, so `…/renderer/../../etc` cannot pass a prefix check.
  return parsed.protocol === 'file:' && parsed.href.startsWith(root);
}
