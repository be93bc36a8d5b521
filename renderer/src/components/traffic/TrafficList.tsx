import type { TrafficRow } from '../../../../shared/domain/traffic.js';
import { formatTimestamp } from '../../format.js';
import { useVirtualListbox, type VirtualListProps } from '../../hooks/use-virtual-listbox.js';
import { RedactedText } from '../RedactedText.js';

/** Fixed row height: two lines. A fixed size keeps the virtualiser from measuring 100,000 rows. */
export const TRAFFIC_ROW_HEIGHT = 56;

export interface TrafficListProps extends VirtualListProps<TrafficRow> {
  openId: number | undefined;
}

/** The virtualised sample list: one tab stop (a listbox whose active option follows the arrow keys). */
export function TrafficList({ total, rowAt, version, activeIndex, openId, onActivate, onOpen, onRange }: TrafficListProps) {
  const { items, totalSize, optionId, listboxProps } = useVirtualListbox({
    total,
    rowHeight: TRAFFIC_ROW_HEIGHT,
    activeIndex,
    version,
    onActivate,
    onOpen,
    onRange,
    optionName: 'sample',
    letterKeys: true,
  });

  return (
    <div {...listboxProps} className="traffic-list" aria-label="Imported samples" data-testid="traffic-list">
      <div className="traffic-list-inner" style={{ height: totalSize }}>
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
