import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, type KeyboardEvent } from 'react';
import type { TrafficRow } from '../../../../shared/domain/traffic.js';
import { formatTimestamp } from '../../format.js';
import { RedactedText } from '../RedactedText.js';

/** Fixed row height: two lines. A fixed size keeps the virtualiser from measuring 100,000 rows. */
export const TRAFFIC_ROW_HEIGHT = 56;

export interface TrafficListProps {
  total: number;
  rowAt(index: number): TrafficRow | undefined;
  /** Changes whenever rows arrive, so the visible rows re-read rowAt. */
  version: unknown;
  activeIndex: number;
  openId: number | undefined;
  onActivate(index: number): void;
  onOpen(index: number): void;
  onRange(start: number, end: number): void;
}

/** The virtualised sample list: one tab stop (a listbox whose active option follows the arrow keys). */
export function TrafficList({ total, rowAt, version, activeIndex, openId, onActivate, onOpen, onRange }: TrafficListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const idBase = useId();
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => TRAFFIC_ROW_HEIGHT,
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
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 600) / TRAFFIC_ROW_HEIGHT) - 1);
    const to: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, j: at + 1, k: at - 1, PageDown: at + page, PageUp: at - page, Home: 0, End: total - 1 };
    if (e.key in to) {
      e.preventDefault();
      onActivate(Math.min(total - 1, Math.max(0, to[e.key]!)));
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onOpen(at);
    }
  };

  const optionId = (i: number) => `${idBase}-sample-${i}`;
  const activeVisible = items.some((it) => it.index === activeIndex);

  return (
    <div
      ref={scroller}
      className="traffic-list"
      role="listbox"
      aria-label="Imported samples"
      tabIndex={0}
      aria-activedescendant={activeVisible ? optionId(activeIndex) : undefined}
      onKeyDown={onKeyDown}
      data-testid="traffic-list"
    >
      <div className="traffic-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((it) => {
          const row = rowAt(it.index);
          const active = it.index === activeIndex;
          const open = row !== undefined && row.id === openId;
          return (
            <div
              key={it.key}
              id={optionId(it.index)}
              role="option"
              aria-selected={open}
              className={`traffic-row${active ? ' active' : ''}${open ? ' open' : ''}`}
              style={{ transform: `translateY(${it.start}px)`, height: TRAFFIC_ROW_HEIGHT }}
              data-sample-id={row?.id}
              onClick={() => onOpen(it.index)}
            >
              {row ? (
                <>
                  <div className="traffic-row-top">
                    <span className="traffic-row-id">#{row.id}</span>
                    <span className={row.slice ? 'sample-slice' : 'sample-slice muted'}>{row.slice ?? 'no slice'}</span>
                    <span className="traffic-row-model">{row.model}</span>
                    {row.redactions > 0 && (
                      <span className="traffic-row-redactions" title="Redaction placeholders in this sample">
                        {row.redactions} redacted
                      </span>
                    )}
                    <span className="traffic-row-time">{formatTimestamp(row.captured_at)}</span>
                  </div>
                  <RedactedText className="traffic-row-preview" text={row.preview || '(no user message)'} />
                </>
              ) : (
                <span className="muted">Loading…</span>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
