import { formatGateRow, gateEvidenceNotes, gateTableColumns } from '../../shared/report/format-gate.js';
import type { GateReport } from './gate-report.js';

const ICON = { PASS: '✅', FAIL: '❌', INCONCLUSIVE: '⚠️' } as const;

const usd = (v: number | null): string => (v === null ? '—' : `$${v.toFixed(6)}`);

function escapeCell(text: string): string {
  return escapeHtml(text).replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

/** Notes may hold placeholders such as `<shard databases…>`, which Markdown renderers would take for HTML. */
function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A name that came with imported traffic (a slice), as inert text in a table cell: no HTML, no Markdown image, link,
 * emphasis or code, no line break; control characters dropped.
 */
export function escapeMarkdownText(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
  // An underscore inside a word (tool_use) cannot open emphasis in CommonMark, so it stays readable as it is.
  return escapeCell(flat.replace(/[\\`*[\]()!~#]/g, '\\$&').replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_'));
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

function targetLine(t: GateReport['targets']['baseline']): string {
  const labels = [t.name, ...(t.simulated ? ['SIMULATED'] : []), ...(t.recorded ? ['recorded baseline: captured production responses'] : [])];
  return `\`${t.model}\` (${labels.join(', ')}) \`${t.fingerprint.slice(0, 19)}…\``;
}

/** The report as Markdown, for a CI step summary or a pull-request comment. */
export function renderMarkdown(report: GateReport): string {
  const t = report.targets;
  // A label's note (INCOMPLETE, A/A) goes right under the title, where nobody can miss it; the other notes at the end.
  const isLabelNote = (n: string) => report.labels.some((l) => n.startsWith(`${l}: `));
  const lines: string[] = [`# Gate report: ${ICON[report.verdict]} ${report.verdict}${report.labels.map((l) => ` · ${l}`).join('')}`, ''];
  for (const l of report.labels) {
    for (const n of report.notes) if (n.startsWith(`${l}: `)) lines.push(`> **${l}** — ${escapeHtml(n.slice(l.length + 2))}`, '');
  }
  lines.push(
    `**Decision:** ${report.decision}.`,
    '',
    `- Baseline: ${targetLine(t.baseline)}`,
    `- Candidate: ${targetLine(t.candidate)}`,
    `- Suite: \`${report.suite.name}\` — ${report.run.cases} cases, ${report.run.calls} calls, ${report.run.infra_errors} infra errors (run \`${report.run.id}\`)`,
    `- Policy: \`${report.policy.name}\` \`${report.policy.digest.slice(0, 19)}…\` — one-sided ${(report.policy.confidence * 100).toFixed(0)}% bounds, ${report.policy.decision} rule`,
    '',
    `| ${gateTableColumns.map((c) => c.title).join(' | ')} |`,
    `|${gateTableColumns.map(() => '---').join('|')}|`,
  );
  for (const g of report.gates) {
    const row = formatGateRow(g);
    lines.push(`| ${gateTableColumns.map((c) => escapeCell(c.key === 'verdict' ? `${ICON[g.verdict]} ${row.verdict}` : row[c.key])).join(' | ')} |`);
  }
  lines.push('', '### Why', '');
  for (const g of report.gates) {
    const evidence = gateEvidenceNotes(g);
    const planned = evidence.some((e) => e.startsWith('About '));
    const more = g.samples_needed && !planned ? ` About ${g.samples_needed} cases would decide it.` : '';
    // Names and reasons can quote what came with the data (slice names, expectation names): inert text only. The
    // evidence notes are the tool's own sentences (operating characteristics), kept readable, HTML escaped.
    lines.push(`- **${escapeMarkdownText(g.name)}** — ${g.verdict}: ${escapeMarkdownText(g.reason)} (${g.method}, n = ${g.n}).${more}`);
    for (const e of evidence) lines.push(`  - ${escapeHtml(e)}`);
  }
  lines.push('', '### By slice', '', '| Slice | Cases | Task success, baseline | Task success, candidate | Cost/request, baseline | Cost/request, candidate |', '|---|---|---|---|---|---|');
  for (const s of report.slices) {
    lines.push(`| ${escapeMarkdownText(s.slice)} | ${s.cases} | ${pct(s.baseline_task_success)} | ${pct(s.candidate_task_success)} | ${usd(s.baseline_cost_per_request)} | ${usd(s.candidate_cost_per_request)} |`);
  }
  const otherNotes = report.notes.filter((n) => !isLabelNote(n));
  if (otherNotes.length) lines.push('', ...otherNotes.map((n) => `> ${escapeHtml(n)}`));
  lines.push('', `<sub>canary-gate ${report.tool.version} · ${report.generated_at}</sub>`, '');
  return lines.join('\n');
}
