/**
 * A header that gets out of the way: hidden while the page scrolls down, back as soon as it
 * scrolls up, near the top, or when keyboard focus enters it. The stylesheet decides on which
 * screens `data-hidden` actually hides it (phones and tablets).
 */
import { useEffect, type RefObject } from 'react';

export interface HideState {
  hidden: boolean;
  /** Where the current scroll direction started: the turning point the threshold counts from. */
  anchor: number;
}

/** How far (px) the page must move in one direction before the header changes. */
export const HIDE_THRESHOLD = 24;

/** Pure: the header's state after the page scrolled to `y`, for a header `height` px tall. */
export function nextHideState(state: HideState, y: number, height: number): HideState {
  if (y <= height) return { hidden: false, anchor: y };
  if (state.hidden) {
    // Hidden while going down: follow the lowest point; show after a real move up.
    if (y > state.anchor) return { hidden: true, anchor: y };
    return state.anchor - y > HIDE_THRESHOLD ? { hidden: false, anchor: y } : state;
  }
  if (y < state.anchor) return { hidden: false, anchor: y };
  return y - state.anchor > HIDE_THRESHOLD ? { hidden: true, anchor: y } : state;
}

/**
 * Sets `data-hidden` on the element as the window scrolls, and `--topbar-height` on the root
 * (for scroll margins), without re-rendering anything.
 */
export function useHideOnScroll(ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let state: HideState = { hidden: false, anchor: window.scrollY };
    let frame = 0;
    const apply = () => {
      if (state.hidden) el.dataset.hidden = '';
      else delete el.dataset.hidden;
    };
    const onScroll = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        const next = nextHideState(state, window.scrollY, el.offsetHeight);
        if (next.hidden !== state.hidden) {
          state = next;
          apply();
        } else state = next;
      });
    };
    const onFocus = () => {
      state = { hidden: false, anchor: window.scrollY };
      apply();
    };
    const root = document.documentElement;
    const measure = () => root.style.setProperty('--topbar-height', `${el.offsetHeight}px`);
    const resize = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    resize?.observe(el);
    measure();
    window.addEventListener('scroll', onScroll, { passive: true });
    el.addEventListener('focusin', onFocus);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', onScroll);
      el.removeEventListener('focusin', onFocus);
      resize?.disconnect();
      delete el.dataset.hidden;
    };
  }, [ref]);
}
