import type { RunSummary } from '../../../shared/domain/run.js';

/** "shard 2 of 4" for a run that is part of a split replay (not gateable alone), "merged · 4 shards" for their merge. */
export function RunShardLabel({ run }: { run: Pick<RunSummary, 'shard' | 'merged_shards'> }) {
  if (run.shard) {
    return (
      <span className="run-shard" title="One shard of a split replay: merge the shards (canary-gate merge) to gate them">
        shard {run.shard.index} of {run.shard.count}
      </span>
    );
  }
  if (run.merged_shards) return <span className="run-shard">merged · {run.merged_shards} shards</span>;
  return null;
}
