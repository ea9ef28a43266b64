/**
 * jsdom has no layout: the dashboard's virtualizer observes sizes with ResizeObserver, and the router and the
 * jump list scroll. These do nothing in tests; call from `beforeAll` in a jsdom test file.
 */
export function stubLayout(): void {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  window.scrollTo = (() => {}) as typeof window.scrollTo;
  Element.prototype.scrollIntoView ??= () => {};
}
