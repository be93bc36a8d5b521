import { memo } from 'react';
import type { CaseRow } from '../../../../shared/domain/case-review.js';
import { formatRatio } from './case-format.js';
import { ChangeBadge } from './ChangeBadge.js';

export interface CaseListRowProps {
  row: CaseRow | undefined;
  index: number;
  /** Where the keyboard cursor is. */
  active: boolean;
  /** The case shown side by side. */
  open: boolean;
  optionId: string;
  onOpen(index: number): void;
}

/** Failed expectations of the candidate, then those only the baseline failed (marked), without repeats. */
function failedList(row: CaseRow): { name: string; arm: 'candidate' | 'baseline' }[] {
  const seen = new Set(row.candidate.failed);
  return [...row.candidate.failed.map((name) => ({ name, arm: 'candidate' as const })), ...row.baseline.failed.filter((n) => !seen.has(n)).map((name) => ({ name, arm: 'baseline' as const }))];
}

/** One case in the virtualised list; memoised so scrolling re-renders only the rows that changed. */
export const CaseListRow = memo(function CaseListRow({ row, index, active, open, optionId, onOpen }: CaseListRowProps) {
  if (!row) {
    return (
      <div className="case-row loading" id={optionId} role="option" aria-selected={active} aria-busy="true">
        <span className="case-row-id muted">Loading case {index + 1}…</span>
      </div>
    );
  }
  const failed = failedList(row);
  const ratio = row.latency_ratio;
  return (
    <div
      className={`case-row${active ? ' active' : ''}${open ? ' open' : ''}`}
      id={optionId}
      role="option"
      aria-selected={active}
      aria-current={open ? 'true' : undefined}
      data-case-id={row.case_id}
      onClick={() => onOpen(index)}
    >
      <div className="case-row-line">
        <span className="case-row-id">{row.case_id}</span>
        <span className={`case-row-ratio${ratio !== null && ratio >= 1.5 ? ' slow' : ''}`} title="Latency, candidate ÷ baseline">
          {formatRatio(ratio)}
        </span>
      </div>
      <div className="case-row-line case-row-sub">
        <ChangeBadge change={row.change} />
        {failed.map((f) => (
          <span key={f.name} className={`failed-name failed-${f.arm}`} title={f.arm === 'baseline' ? 'failed in the baseline only' : 'failed in the candidate'}>
            {f.arm === 'baseline' ? `${f.name} (baseline)` : f.name}
          </span>
        ))}
        {row.slice && <span className="case-row-slice">{row.slice}</span>}
        <span className="case-row-preview">{row.preview}</span>
      </div>
    </div>
  );
});
