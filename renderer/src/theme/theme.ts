/**
 * Light / dark / system theme. The choice is the hub's `theme` setting (the header's button and
 * Settings → General both change it, so they always agree); `system` follows prefers-color-scheme.
 * The last choice is also kept in localStorage, only so the first paint is right before the hub answers.
 */
import { useCallback, useEffect } from 'react';
import type { Theme } from '../../../core/model';
import { useHub, useHubStoreApi } from '../store/context';

export type ThemeChoice = Theme;
const KEY = 'homeroom.theme';

export function readThemeChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const systemDark = () => typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;

/** Always sets data-theme to light or dark, so the stylesheet has one dark palette, not two. */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = choice === 'system' ? (systemDark() ? 'dark' : 'light') : choice;
}

export function nextTheme(choice: ThemeChoice): ThemeChoice {
  return choice === 'system' ? 'light' : choice === 'light' ? 'dark' : 'system';
}

/** The theme in force (applied to the document while mounted) and the header button's cycle through the three. */
export function useTheme(): [ThemeChoice, () => void] {
  const store = useHubStoreApi();
  const choice = useHub((s) => s.theme);
  useEffect(() => {
    if (choice !== 'system' || typeof matchMedia !== 'function') return;
    // Follow the operating system while the choice is "system".
    const query = matchMedia('(prefers-color-scheme: dark)');
    const follow = () => applyTheme('system');
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, [choice]);
  useEffect(() => {
    applyTheme(choice);
    try {
      if (choice === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, choice);
    } catch {
      // ignore: the hub keeps the choice anyway
    }
  }, [choice]);
  const cycle = useCallback(() => store.getState().setTheme(nextTheme(store.getState().theme)), [store]);
  return [choice, cycle];
}
