import { describe, expect, it } from 'vitest';
import { HIDE_THRESHOLD, nextHideState, type HideState } from './use-hide-on-scroll';

const HEIGHT = 100;
const scroll = (ys: number[], start: HideState = { hidden: false, anchor: 0 }): HideState =>
  ys.reduce((s, y) => nextHideState(s, y, HEIGHT), start);

describe('the header hiding on scroll', () => {
  it('stays while the page is near the top, however it moves', () => {
    expect(scroll([40, 90, 20, 100]).hidden).toBe(false);
  });

  it('hides once the page has gone down past the header by more than the threshold', () => {
    expect(scroll([150]).hidden).toBe(true);
    const resting = { hidden: false, anchor: 120 };
    expect(scroll([120 + HIDE_THRESHOLD], resting).hidden).toBe(false);
    expect(scroll([120 + HIDE_THRESHOLD + 1], resting).hidden).toBe(true);
  });

  it('counts a slow scroll in small steps as one move', () => {
    const steps = Array.from({ length: 20 }, (_, i) => 110 + i * 3);
    expect(scroll(steps).hidden).toBe(true);
  });

  it('comes back after a move up from the lowest point, not from where it hid', () => {
    const hidden = scroll([150, 600]);
    expect(hidden).toEqual({ hidden: true, anchor: 600 });
    expect(nextHideState(hidden, 600 - HIDE_THRESHOLD, HEIGHT).hidden).toBe(true);
    expect(nextHideState(hidden, 600 - HIDE_THRESHOLD - 1, HEIGHT).hidden).toBe(false);
  });

  it('ignores a jitter of a few pixels either way', () => {
    const shown = scroll([150, 600, 500]);
    expect(shown.hidden).toBe(false);
    expect(scroll([510, 505, 512], shown).hidden).toBe(false);
  });

  it('shows again at the top even after a short move up', () => {
    expect(scroll([150, 600, 90]).hidden).toBe(false);
  });
});
