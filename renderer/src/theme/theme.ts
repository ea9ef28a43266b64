/** Light / dark / system theme. `system` follows prefers-color-scheme; a choice persists in localStorage. */
import { useCallback, useEffect, useState } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
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

export function useTheme(): [ThemeChoice, () => void] {
  const [choice, setChoice] = useState<ThemeChoice>(readThemeChoice);
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
      // ignore: the choice lasts for this session
    }
  }, [choice]);
  const cycle = useCallback(() => setChoice((c) => (c === 'system' ? 'light' : c === 'light' ? 'dark' : 'system')), []);
  return [choice, cycle];
}
