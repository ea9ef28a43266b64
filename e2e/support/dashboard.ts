import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A tile of the (virtualized) dashboard, reached as a person would: tiles far from the screen are
 * not in the page until scrolled to, so this jumps to the device's room with the room list first.
 */
export async function tileInRoom(page: Page, room: string, name: string): Promise<Locator> {
  const jump = page.getByRole('navigation', { name: 'Jump to a room' });
  await jump.getByRole('link', { name: new RegExp(`^${room.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) }).click();
  const tile = page.getByRole('article', { name, exact: true });
  await expect(tile).toBeVisible();
  return tile;
}
