// `npm run bench -- suite-create [samples] [n]`: `suite create --from-samples --sample n --by slice` over a workspace
// of `samples` imported samples (default 100,000, n = 50): how long the selection and the drafting take.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSuiteFromSamples } from '../engine/suites/create-suite.js';
import { openStore, type NewTrafficSample } from '../engine/store/index.js';
import { initWorkspace, openWorkspace } from '../engine/workspace.js';
import { emit } from './bench-output.js';

const total = Number(process.argv[2] ?? 100_000);
const n = Number(process.argv[3] ?? 50);
const slices = ['billing', 'pii', 'doc_qa', 'refunds', 'shipping', 'account', 'tool_use', 'unanswerable'];
const filler = 'Answer billing, refund and account questions only from the account facts below. '.repeat(20);

const dir = mkdtempSync(join(tmpdir(), 'canary-gate-bench-create-'));
try {
  initWorkspace(dir);
  const workspace = openWorkspace(dir);
  const store = openStore(workspace.databaseFile);
  const t0 = performance.now();
  for (let start = 0; start < total; start += 10_000) {
    const batch: NewTrafficSample[] = [];
    for (let i = start; i < Math.min(total, start + 10_000); i++) {
      const slice = slices[i % slices.length]!;
      const sample = {
        schema: 'canary-gate/capture@1',
        id: `cap_${i}`,
        timestamp: '2026-11-01T10:00:00Z',
        request: { model: 'gpt-x', messages: [{ role: 'system', content: filler }, { role: 'user', content: `Question ${i} about my ${slice}?` }] },
        response: { choices: [{ message: { role: 'assistant', content: `Answer ${i}: ${filler.slice(0, 400)}` }, finish_reason: 'stop' }] },
        metadata: { slice },
      };
      batch.push({ sourceId: sample.id, fingerprint: randomBytes(16), slice, capturedAt: sample.timestamp, sampleJson: JSON.stringify(sample), sourceFile: 'captures/big.jsonl', sourceLine: i + 1 });
    }
    store.traffic.insertMany(batch);
  }
  emit({ bench: 'suite-create', metric: `workspace build (${total} samples)`, value: performance.now() - t0, unit: 'ms' });
  const out = join(dir, 'evals', 'suites', 'sampled.yaml');
  const t = performance.now();
  const cpu = process.cpuUsage();
  const result = createSuiteFromSamples(store, workspace.config, { out, sample: { n }, by: 'bench', at: '2026-12-08T00:00:00Z', root: dir });
  const used = process.cpuUsage(cpu);
  emit({ bench: 'suite-create', metric: `suite create --sample ${n} --by slice (${result.selected} drafted)`, value: performance.now() - t, unit: 'ms' });
  emit({ bench: 'suite-create', metric: `suite create --sample ${n} --by slice, CPU`, value: (used.user + used.system) / 1000, unit: 'ms' });
  store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
