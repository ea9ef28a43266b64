/**
 * Every view of the app, reached the way a person reaches it: by clicking the navigation and
 * the buttons on the page, never by URL (so the specs do not depend on the router's paths).
 * Shared by e2e/layout.spec.ts and scripts/screenshots.ts.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { tileInRoom } from './dashboard';

export interface AppView {
  /** Used in test titles and screenshot file names. */
  name: string;
  /** From a freshly loaded dashboard, opens the view and waits until it shows. */
  open(page: Page): Promise<void>;
}

export const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 800, height: 1280 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;

/** A main section, whether the nav renders it as a link (router) or as a button. */
export function section(page: Page, label: string): Locator {
  const nav = page.getByRole('navigation', { name: 'Sections' });
  return nav.getByRole('link', { name: label }).or(nav.getByRole('button', { name: label }));
}

/** The demo home's living room: present in every `--demo` hub. */
const ROOM = 'Living room';

async function openRoomPage(page: Page): Promise<void> {
  await section(page, 'Rooms').click();
  await page.getByRole('button', { name: `Open ${ROOM}` }).click();
  await expect(page.getByRole('heading', { level: 2, name: ROOM })).toBeVisible();
}

export const VIEWS: AppView[] = [
  {
    name: 'dashboard',
    open: async (page) => {
      await expect(page.getByRole('article').first()).toBeVisible();
    },
  },
  {
    name: 'device-panel',
    open: async (page) => {
      const tile = await tileInRoom(page, 'Living room', 'Living room thermostat');
      await tile.getByRole('button', { name: 'Details for Living room thermostat' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
  {
    name: 'rooms',
    open: async (page) => {
      await section(page, 'Rooms').click();
      await expect(page.getByRole('button', { name: `Open ${ROOM}` })).toBeVisible();
    },
  },
  { name: 'room', open: openRoomPage },
  {
    name: 'room-settings',
    open: async (page) => {
      await openRoomPage(page);
      await page.getByRole('button', { name: 'Room settings' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
  {
    name: 'people',
    open: async (page) => {
      await section(page, 'Rooms').click();
      await page.getByRole('button', { name: 'Edit people…' }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toBeVisible();
      // The step table is what overflowed on phones: start a person (not saved) with two steps.
      await dialog.getByLabel('New person').fill('Robin');
      await dialog.getByRole('button', { name: 'Add person' }).click();
      const addStep = dialog.getByRole('button', { name: 'Add step' });
      await addStep.click();
      await addStep.click();
      await expect(dialog.getByRole('table')).toBeVisible();
    },
  },
  {
    name: 'logbook',
    open: async (page) => {
      await section(page, 'Logbook').click();
      await expect(page.getByRole('heading', { level: 2, name: 'Logbook' })).toBeVisible();
    },
  },
  {
    name: 'settings',
    open: async (page) => {
      await section(page, 'Settings').click();
      await expect(page.getByRole('heading', { level: 2, name: 'Settings' })).toBeVisible();
    },
  },
  {
    name: 'diagnostics',
    open: async (page) => {
      await page.getByRole('button', { name: /^Diagnostics/ }).click();
      await expect(page.getByRole('heading', { name: 'Diagnostics' })).toBeVisible();
    },
  },
  {
    name: 'discovery-inbox',
    open: async (page) => {
      await page.getByRole('button', { name: /^(Add a device|Found \d+ new devices?)$/ }).click();
      await expect(page.getByRole('dialog', { name: 'New devices on your network' })).toBeVisible();
    },
  },
];

/** The few DOM shapes the scan below uses (the Node-side tsconfig has no DOM library). */
interface ScanElement {
  tagName: string;
  className: unknown;
  parentElement: ScanElement | null;
  getBoundingClientRect(): { right: number; width: number; height: number };
}
interface ScanWindow {
  document: {
    documentElement: { clientWidth: number; scrollWidth: number };
    body: ScanElement & { querySelectorAll(selector: string): ArrayLike<ScanElement> };
  };
  getComputedStyle(el: ScanElement): { overflowX: string; visibility: string };
}

export interface Overflow {
  /** A short CSS-like path to the element, e.g. `div.people > table.steps`. */
  element: string;
  right: number;
  width: number;
}

/**
 * What sticks out past the viewport's right edge: the page's own scroll width, and every
 * visible element whose right edge passes the viewport. Content clipped by an ancestor (an
 * ellipsis) is not counted; content that makes a box scroll sideways is.
 */
export async function horizontalOverflow(
  page: Page,
): Promise<{ scrollWidth: number; innerWidth: number; offenders: Overflow[] }> {
  return page.evaluate(() => {
    const { document, getComputedStyle } = globalThis as unknown as ScanWindow;
    // clientWidth leaves out a classic scrollbar: what is left is what a person can see.
    const viewport = document.documentElement.clientWidth;
    const describe = (el: ScanElement): string => {
      const parts: string[] = [];
      for (let e: ScanElement | null = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
        const cls = typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : '';
        parts.unshift(`${e.tagName.toLowerCase()}${cls}`);
      }
      return parts.join(' > ');
    };
    const clippedByAncestor = (el: ScanElement): boolean => {
      for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
        // Only clipping excuses: content in a sideways-scrolling box is still too wide for the screen.
        const overflow = getComputedStyle(e).overflowX;
        if (overflow === 'hidden' || overflow === 'clip') return e.getBoundingClientRect().right <= viewport + 0.5;
      }
      return false;
    };
    const offenders: { element: string; right: number; width: number }[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      // Sub-pixel rounding is not overflow.
      if (rect.right <= viewport + 0.5) continue;
      if (getComputedStyle(el).visibility === 'hidden' || clippedByAncestor(el)) continue;
      offenders.push({ element: describe(el), right: Math.round(rect.right), width: Math.round(rect.width) });
    }
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: viewport, offenders: offenders.slice(0, 12) };
  });
}
