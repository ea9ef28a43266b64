import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A tile of the (virtualized) dashboard, reached as a person would: tiles far from the screen are
 * not in the page until scrolled to, so this jumps to the device's room with the room list and
 * scrolls down through it, or, where devices have no rooms (no room list), searches by name.
 */
export async function tileInRoom(page: Page, room: string, name: string): Promise<Locator> {
  const tile = page.getByRole('article', { name, exact: true });
  await expect(page.getByRole('article').first()).toBeVisible();
  const link = page
    .getByRole('navigation', { name: 'Jump to a room' })
    .getByRole('link', { name: new RegExp(`^${room.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) });
  if (await link.count()) {
    await link.click();
    // Then down through the room, a wheel turn at a time, until the tile is rendered.
    await expect
      .poll(async () => {
        if (await tile.count()) return true;
        await page.mouse.wheel(0, 300);
        return false;
      })
      .toBe(true);
  } else await page.getByRole('searchbox', { name: 'Search devices' }).fill(name);
  await tile.scrollIntoViewIfNeeded();
  await expect(tile).toBeVisible();
  return tile;
}
