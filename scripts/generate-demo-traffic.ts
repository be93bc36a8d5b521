/**
 * Writes fixtures/traffic/support-bot-capture.jsonl, the demo capture of Acme Cloud's (fictional) support
 * assistant, and prints per-slice pass rates of the two simulated models against its labels.
 *
 *   npx tsx scripts/generate-demo-traffic.ts [--seed <seed>] [--out <file>] [--check]
 *
 * --check writes nothing and exits 1 when the committed file differs from what the generator produces.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { packageRoot } from '../engine/package-root.js';
import {
  DEFAULT_DEMO_SEED,
  demoSlices,
  generateDemoTraffic,
  loadBehaviours,
  scoreSampleAnswer,
  simulateCompletion,
  toJsonl,
} from '../engine/sim/index.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: DEFAULT_DEMO_SEED },
    out: { type: 'string', default: join(packageRoot(), 'fixtures', 'traffic', 'support-bot-capture.jsonl') },
    check: { type: 'boolean', default: false },
  },
});

const behaviours = loadBehaviours();
const samples = generateDemoTraffic({ seed: values.seed, behaviours });
const text = toJsonl(samples);
const out = values.out;

if (values.check) {
  let committed = '';
  try {
    committed = readFileSync(out, 'utf8');
  } catch {
    // a missing file is simply out of date
  }
  if (committed !== text) {
    console.error(`${relative(process.cwd(), out)} is out of date: run npx tsx scripts/generate-demo-traffic.ts`);
    process.exit(1);
  }
  console.log(`${relative(process.cwd(), out)} is up to date (${samples.length} samples)`);
  process.exit(0);
}

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);

// Pass rates per slice, scored in-process exactly as a replay would score the sim's answers.
const rows = demoSlices.map((slice) => {
  const inSlice = samples.filter((s) => s.metadata.slice === slice);
  const rate = (model: string) => {
    const passed = inSlice.filter((s) => {
      const c = simulateCompletion(behaviours, model, { ...s.request, model });
      return scoreSampleAnswer(s, c.content, c.finishReason).passed;
    }).length;
    return `${((100 * passed) / inSlice.length).toFixed(1)}%`;
  };
  return { slice, samples: inSlice.length, 'sim-baseline': rate('sim-baseline'), 'sim-candidate': rate('sim-candidate') };
});
console.log(`wrote ${samples.length} samples to ${relative(process.cwd(), out)} (seed ${values.seed})`);
console.table(rows);
