/**
 * The dashboard's rooms, virtualized against the window's scroll (TanStack Virtual): a room's
 * heading is one item and each row of its tiles another, so a house of two thousand devices puts
 * only the rows near the screen in the DOM. Rows are measured as they render (tiles differ in
 * height); the column count follows the list's width, as the old auto-fill grid did.
 *
 * What a person still gets, although most tiles are not in the DOM:
 * - each room's heading stays at the top while its tiles scroll under it (sticky inside the room's
 *   section, which spans all its rows), with "N devices" for a screen reader;
 * - each tile says where it is in its room (aria-posinset / aria-setsize);
 * - the jump list reaches any room (`jumpTo` scrolls the virtualizer, then focuses the heading);
 * - Tab and Shift+Tab walk every tile: leaving the last rendered row renders and focuses the
 *   next one, and the row holding focus stays rendered however far the page scrolls.
 */
import { defaultRangeExtractor, useWindowVirtualizer, type Range, type VirtualItem } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type Ref,
} from 'react';
import type { RoomGroup } from '../../store/search';
import { DeviceTile } from '../tiles/DeviceTile';
import { roomHeadingId } from './RoomJumpList';

export type RoomListHandle = { jumpTo(groupKey: string): void };

/** The grid's narrowest tile and its gap (app.css `.room__grid`). */
export const TILE_MIN_WIDTH = 272;
export const TILE_GAP = 16;

export function columnsFor(width: number): number {
  return Math.max(1, Math.floor((width + TILE_GAP) / (TILE_MIN_WIDTH + TILE_GAP)));
}

type Item = { kind: 'head'; group: number } | { kind: 'row'; group: number; row: number };

export type Layout = {
  items: Item[];
  /** Per group: the index of its heading and of its last row. */
  head: number[];
  last: number[];
};

/** Pure: the virtual items for these groups at this column count. */
export function layoutRooms(groups: readonly RoomGroup[], columns: number): Layout {
  const items: Item[] = [];
  const head: number[] = [];
  const last: number[] = [];
  groups.forEach((group, g) => {
    head.push(items.length);
    items.push({ kind: 'head', group: g });
    const rows = Math.ceil(group.ids.length / columns);
    for (let row = 0; row < rows; row++) items.push({ kind: 'row', group: g, row });
    last.push(items.length - 1);
  });
  return { items, head, last };
}

const TABBABLE =
  'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';
const HEAD_ESTIMATE = 48;
const ROW_ESTIMATE = 200;

/** Tabbable elements under `root` in document order (a selector list need not come back in it). */
function tabbablesIn(root: Element): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(TABBABLE)).sort((a, b) =>
    a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  );
}

function itemIndexOf(element: Element | null): number | null {
  const holder = element?.closest('[data-index]');
  return holder ? Number(holder.getAttribute('data-index')) : null;
}

/** The list's distance from the top of the document (the virtualizer's scroll margin). */
function documentTop(element: HTMLElement): number {
  return element.getBoundingClientRect().top + window.scrollY;
}

/** The sticky top bar's height, where it covers the page (room headings land below it). */
function topbarHeight(): number {
  const bar = document.querySelector<HTMLElement>('.topbar');
  if (!bar || bar.hasAttribute('data-hidden')) return 0;
  return bar.getBoundingClientRect().height;
}

export function RoomList({ groups, ref }: { groups: readonly RoomGroup[]; ref?: Ref<RoomListHandle> }) {
  const listRef = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(() => columnsFor(Math.min(globalThis.innerWidth ?? 1024, 1480) - 56));
  const [scrollMargin, setScrollMargin] = useState(0);
  // The item that must stay rendered: the one holding focus, or about to receive it.
  const [pinned, setPinned] = useState<number | null>(null);
  const pendingFocus = useRef<{ index: number; where: 'first' | 'last' | 'heading' } | null>(null);
  const layout = useMemo(() => layoutRooms(groups, columns), [groups, columns]);

  // Width → columns, and the list's offset in the page (what is above it changes: scenes load, chips wrap).
  useLayoutEffect(() => {
    const el = listRef.current;
    if (!el) return;
    const measure = () => {
      setColumns(columnsFor(el.clientWidth || Math.min(window.innerWidth, 1480) - 56));
      setScrollMargin(documentTop(el));
    };
    measure();
    if (typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.parentElement) observer.observe(el.parentElement);
    return () => observer.disconnect();
  }, []);

  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (pinned === null || pinned >= range.count || indexes.includes(pinned)) return indexes;
      return [...indexes, pinned].sort((a, b) => a - b);
    },
    [pinned],
  );

  const virtualizer = useWindowVirtualizer<HTMLElement>({
    count: layout.items.length,
    estimateSize: (i) => (layout.items[i]?.kind === 'head' ? HEAD_ESTIMATE : ROW_ESTIMATE),
    getItemKey: (i) => {
      const item = layout.items[i]!;
      const key = groups[item.group]!.key;
      return item.kind === 'head' ? `h\u0000${key}` : `r\u0000${key}\u0000${item.row}`;
    },
    overscan: 2,
    scrollMargin,
    rangeExtractor,
  });

  const scrollToItem = useCallback(
    (index: number) => {
      const target = virtualizer.getOffsetForIndex(index, 'start');
      if (target) window.scrollTo({ top: Math.max(0, target[0] - topbarHeight()) });
    },
    [virtualizer],
  );

  // Focus asked for before its item was rendered: now it is.
  useLayoutEffect(() => {
    const pending = pendingFocus.current;
    const el = listRef.current;
    if (!pending || !el) return;
    const holder = el.querySelector(`[data-index="${pending.index}"]`);
    if (!holder) return;
    pendingFocus.current = null;
    if (pending.where === 'heading') {
      (holder as HTMLElement).focus({ preventScroll: true });
      return;
    }
    const tabbables = tabbablesIn(holder);
    const target = pending.where === 'first' ? tabbables[0] : tabbables[tabbables.length - 1];
    target?.focus();
  });

  const focusItem = useCallback(
    (index: number, where: 'first' | 'last' | 'heading') => {
      pendingFocus.current = { index, where };
      setPinned(index);
      scrollToItem(index);
    },
    [scrollToItem],
  );

  useImperativeHandle(
    ref,
    () => ({
      jumpTo(groupKey) {
        const g = groups.findIndex((group) => group.key === groupKey);
        if (g >= 0) focusItem(layout.head[g]!, 'heading');
      },
    }),
    [groups, layout, focusItem],
  );

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const index = itemIndexOf(event.target);
    if (index !== null && index !== pinned) setPinned(index);
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null) && !pendingFocus.current) setPinned(null);
  };

  // Tab past the last rendered row (or Shift+Tab before the first) goes on to the next row's tiles.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Tab' || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const current = itemIndexOf(event.target as Element);
    if (current === null) return;
    const step = event.shiftKey ? -1 : 1;
    let next = current + step;
    while (next >= 0 && next < layout.items.length && layout.items[next]!.kind !== 'row') next += step;
    if (next < 0 || next >= layout.items.length) return; // out of the list: the browser's own Tab
    const tabbables = tabbablesIn(event.currentTarget);
    const at = tabbables.indexOf(event.target as HTMLElement);
    const neighbour = at < 0 ? undefined : tabbables[at + step];
    const neighbourIndex = neighbour ? itemIndexOf(neighbour) : null;
    // Still inside this row, or the next row is rendered: the browser moves focus itself.
    if (neighbourIndex !== null && (step > 0 ? neighbourIndex <= next : neighbourIndex >= next)) return;
    event.preventDefault();
    focusItem(next, step > 0 ? 'first' : 'last');
  };

  const virtualItems = virtualizer.getVirtualItems();
  const byGroup = new Map<number, VirtualItem[]>();
  for (const v of virtualItems) {
    const item = layout.items[v.index];
    if (!item) continue;
    let list = byGroup.get(item.group);
    if (!list) byGroup.set(item.group, (list = []));
    list.push(v);
  }
  const measurements = virtualizer.measurementsCache;

  return (
    <div
      ref={listRef}
      className="room-list"
      style={{ height: virtualizer.getTotalSize() }}
      onFocus={onFocus}
      onBlur={onBlur}
      onKeyDown={onKeyDown}
    >
      {Array.from(byGroup, ([g, rows]) => {
        const group = groups[g]!;
        const head = layout.head[g]!;
        const top = (measurements[head]?.start ?? 0) - scrollMargin;
        const bottom = (measurements[layout.last[g]!]?.end ?? 0) - scrollMargin;
        return (
          <section
            key={group.key}
            className="room room--virtual"
            aria-labelledby={roomHeadingId(group.key)}
            style={{ top, height: bottom - top }}
          >
            {/* Focusable so the jump list can move focus here. */}
            <h2
              ref={virtualizer.measureElement}
              data-index={head}
              className="room__title"
              id={roomHeadingId(group.key)}
              tabIndex={-1}
            >
              {group.title}
              <span className="room__count">
                {group.ids.length}
                <span className="visually-hidden"> {group.ids.length === 1 ? 'device' : 'devices'}</span>
              </span>
            </h2>
            {rows.map((v) => {
              const item = layout.items[v.index]!;
              if (item.kind !== 'row') return null;
              return (
                <TileRow
                  key={v.key as string}
                  index={v.index}
                  measure={virtualizer.measureElement}
                  top={v.start - scrollMargin - top}
                  ids={group.ids}
                  from={item.row * columns}
                  columns={columns}
                  last={v.index === layout.last[g]}
                />
              );
            })}
          </section>
        );
      })}
    </div>
  );
}

/** One row of a room's tiles; re-renders when it moves or its devices change, never for a device's state. */
const TileRow = memo(function TileRow({
  index,
  measure,
  top,
  ids,
  from,
  columns,
  last,
}: {
  index: number;
  measure: (node: HTMLElement | null) => void;
  top: number;
  ids: readonly string[];
  from: number;
  columns: number;
  last: boolean;
}) {
  const shown = ids.slice(from, from + columns);
  return (
    <div
      ref={measure}
      data-index={index}
      className="room__grid room__row"
      data-last={last || undefined}
      style={{ top, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}
    >
      {shown.map((id, i) => (
        <DeviceTile key={id} id={id} position={from + i + 1} setSize={ids.length} />
      ))}
    </div>
  );
});
