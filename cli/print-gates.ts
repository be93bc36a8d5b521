import type { GateEvaluation } from '../shared/domain/gate-result.js';
import { formatGateRow, gateTableColumns } from '../shared/report/format-gate.js';
import { renderTable } from './table.js';

/** The gate table as the CLI prints it, followed by the overall verdict and the report's labels (INCOMPLETE, A/A). */
export function gateTableText(evaluation: GateEvaluation, labels: readonly string[] = []): string {
  const rows = evaluation.gates.map((g) => {
    const r = formatGateRow(g);
    return gateTableColumns.map((c) => r[c.key]);
  });
  return `${renderTable(gateTableColumns.map((c) => c.title), rows)}\n\nOverall: ${evaluation.verdict}${labels.map((l) => ` · ${l}`).join('')} (policy ${evaluation.policy.name}, one-sided ${Math.round(evaluation.policy.confidence * 100)}% bounds)`;
}

/** The report's notes (recorded arms, unreplayable tool calls, infra errors) as a short list under the table. */
export function reportNotesText(notes: readonly string[]): string {
  return notes.length ? `\nNotes:\n${notes.map((n) => `  - ${n}`).join('\n')}` : '';
}
