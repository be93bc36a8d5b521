import { mergeShardRuns } from '../../engine/runs/merge-runs.js';
import { shardLabel } from '../../engine/replay/shard.js';
import type { Command } from '../command.js';
import { openContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../table.js';

/** `canary-gate merge`: combine the shard runs of a split replay (one database per CI runner) into one run. */
export const mergeCommand: Command = {
  name: 'merge',
  summary: 'Combine the shard runs of a split replay (replay --shard i/n on several runners) into one run to gate',
  usage: 'merge <database-or-workspace…> [--workspace <target>] [--allow-incomplete]',
  options: { 'allow-incomplete': { type: 'boolean', default: false } },
  allowPositionals: true,
  async run({ values, positionals }, io) {
    const ctx = openContext(values, io);
    try {
      const outcome = mergeShardRuns(ctx.store, positionals, { cwd: io.cwd, allowIncomplete: Boolean(values['allow-incomplete']) });
      if (values.json) {
        io.out(JSON.stringify({
          run_id: outcome.runId,
          created: outcome.created,
          changed: outcome.changed,
          complete: outcome.complete,
          suite: outcome.suite,
          repeats: outcome.repeats,
          results: outcome.results,
          written: outcome.written,
          scores: outcome.scored?.scores ?? null,
          shards: outcome.shards.map((s) => ({ shard: shardLabel(s.shard), path: s.path, run_id: s.runId, status: s.status, cases: s.cases, results: s.results, missing: s.missing })),
        }));
      } else {
        io.out(renderTable(
          ['shard', 'from', 'run', 'status', 'cases', 'results', 'missing'],
          outcome.shards.map((s) => [shardLabel(s.shard), s.path, s.runId, s.status, String(s.cases), String(s.results), String(s.missing)]),
        ));
        const what = !outcome.changed
          ? `Already merged: run ${outcome.runId} holds exactly these shard runs' ${outcome.results} results; nothing was written.`
          : `${outcome.created ? 'Merged into new run' : 'Updated merged run'} ${outcome.runId}: ${outcome.results} results of suite ${outcome.suite.name} (${outcome.written.inserted} added, ${outcome.written.replaced} replaced, ${outcome.written.removed} removed), ${outcome.scored?.scores ?? 0} scores.`;
        io.out(`\n${what}`);
        if (!outcome.complete) {
          const missing = outcome.shards.reduce((n, s) => n + s.missing, 0);
          io.out(`INCOMPLETE (--allow-incomplete): ${missing} call(s) have no result; the merged run is marked interrupted, and gate refuses it (exit 2) unless --allow-incomplete, which labels the report INCOMPLETE and never PASS. Resume the shards and merge again to complete it.`);
        } else io.out(`Next: canary-gate gate --run ${outcome.runId}`);
      }
      return EXIT.ok;
    } finally {
      ctx.close();
    }
  },
};
