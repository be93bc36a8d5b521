import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useRef, type KeyboardEvent, type RefObject } from 'react';

/** The props every virtualised list of the workbench takes, whatever its rows. */
export interface VirtualListProps<Row> {
  total: number;
  rowAt(index: number): Row | undefined;
  /** Changes whenever rows arrive, so the visible rows re-read rowAt. */
  version: unknown;
  activeIndex: number;
  onActivate(index: number): void;
  onOpen(index: number): void;
  /** The rows in view changed: load what is missing. */
  onRange(start: number, end: number): void;
}

export interface VirtualListboxOptions {
  total: number;
  /** Fixed row height: a fixed size keeps the virtualiser from measuring 100,000 rows. */
  rowHeight: number;
  /** Where the keyboard cursor is (-1: nowhere yet). */
  activeIndex: number;
  /** Changes whenever rows arrive, so the rows in view are asked for again. */
  version: unknown;
  onActivate(index: number): void;
  onOpen(index: number): void;
  /** The rows in view changed: load what is missing. */
  onRange(start: number, end: number): void;
  /** The word in each option's id ("case" → …-case-12). */
  optionName: string;
  /** Also move with j and k. */
  letterKeys?: boolean;
}

export interface VirtualListbox {
  /** The rows to render now, each placed at its `start`. */
  items: VirtualItem[];
  /** Height of the inner element that gives the scrollbar its length. */
  totalSize: number;
  optionId(index: number): string;
  /** Spread onto the scrolling element: it is the listbox and the list's single tab stop. */
  listboxProps: {
    ref: RefObject<HTMLDivElement | null>;
    role: 'listbox';
    tabIndex: 0;
    'aria-activedescendant': string | undefined;
    onKeyDown(e: KeyboardEvent<HTMLDivElement>): void;
  };
}

/**
 * A virtualised listbox with one tab stop: the active option follows the arrow, Page and Home/End keys and is
 * scrolled into view, Enter or Space opens it, and the rows in view are reported so their page can be loaded.
 * Shared by the case list and the traffic list so their keyboard and paging behave the same.
 */
export function useVirtualListbox({ total, rowHeight, activeIndex, version, onActivate, onOpen, onRange, optionName, letterKeys = false }: VirtualListboxOptions): VirtualListbox {
  const scroller = useRef<HTMLDivElement>(null);
  const idBase = useId();
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    initialRect: { width: 600, height: 700 },
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (last >= 0) onRange(first, last);
  }, [first, last, onRange, version]);

  useEffect(() => {
    if (activeIndex >= 0 && activeIndex < total) virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
  }, [activeIndex, total, virtualizer]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey || total === 0) return;
    const at = Math.max(0, activeIndex);
    // One row short of a full view, so the row that was at the edge stays in sight.
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 600) / rowHeight) - 1);
    const to: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, PageDown: at + page, PageUp: at - page, Home: 0, End: total - 1 };
    if (letterKeys) Object.assign(to, { j: at + 1, k: at - 1 });
    if (e.key in to) {
      e.preventDefault();
      onActivate(Math.min(total - 1, Math.max(0, to[e.key]!)));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(at);
    }
  };

  const optionId = useCallback((i: number) => `${idBase}-${optionName}-${i}`, [idBase, optionName]);
  const activeVisible = items.some((it) => it.index === activeIndex);

  return {
    items,
    totalSize: virtualizer.getTotalSize(),
    optionId,
    listboxProps: {
      ref: scroller,
      role: 'listbox',
      tabIndex: 0,
      'aria-activedescendant': activeVisible ? optionId(activeIndex) : undefined,
      onKeyDown,
    },
  };
}
