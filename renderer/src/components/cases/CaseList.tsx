import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useId, useRef, type KeyboardEvent } from 'react';
import type { CaseRow } from '../../../../shared/domain/case-review.js';
import { CaseListRow } from './CaseListRow.js';

/** Fixed row height: two lines. A fixed size keeps the virtualiser from measuring 100,000 rows. */
export const CASE_ROW_HEIGHT = 58;

export interface CaseListProps {
  total: number;
  rowAt(index: number): CaseRow | undefined;
  /** Bumps whenever rows arrive, so the visible rows re-read rowAt. */
  version: unknown;
  activeIndex: number;
  openCaseId: string | undefined;
  onActivate(index: number): void;
  onOpen(index: number): void;
  /** The rows in view changed: load what is missing. */
  onRange(start: number, end: number): void;
  label: string;
  /** Words above the rows: what they are sorted by. */
  caption: string;
}

/**
 * The virtualised case list: one tab stop (a listbox whose active option follows the arrow keys), rows
 * rendered only while in view.
 */
export function CaseList({ total, rowAt, version, activeIndex, openCaseId, onActivate, onOpen, onRange, label, caption }: CaseListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const idBase = useId();
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => CASE_ROW_HEIGHT,
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

  const pageRows = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 600) / CASE_ROW_HEIGHT) - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.ctrlKey || e.metaKey || e.altKey || total === 0) return;
    const at = Math.max(0, activeIndex);
    const to: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      PageDown: at + pageRows,
      PageUp: at - pageRows,
      Home: 0,
      End: total - 1,
    };
    if (e.key in to) {
      e.preventDefault();
      onActivate(Math.min(total - 1, Math.max(0, to[e.key]!)));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(at);
    }
  };

  const optionId = useCallback((i: number) => `${idBase}-case-${i}`, [idBase]);
  const activeVisible = items.some((it) => it.index === activeIndex);

  return (
    <>
    <div className="case-list-head" aria-hidden="true">
      <span>{caption}</span>
      <span title="Latency, candidate ÷ baseline">latency cand. ÷ base.</span>
    </div>
    <div
      ref={scroller}
      className="case-list"
      role="listbox"
      aria-label={label}
      tabIndex={0}
      aria-activedescendant={activeVisible ? optionId(activeIndex) : undefined}
      onKeyDown={onKeyDown}
      data-testid="case-list"
    >
      <div className="case-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((it) => {
          const row = rowAt(it.index);
          return (
            <div key={it.key} className="case-row-slot" style={{ transform: `translateY(${it.start}px)`, height: CASE_ROW_HEIGHT }}>
              <CaseListRow row={row} index={it.index} active={it.index === activeIndex} open={row !== undefined && row.case_id === openCaseId} optionId={optionId(it.index)} onOpen={onOpen} />
            </div>
          );
        })}
      </div>
    </div>
    </>
  );
}
