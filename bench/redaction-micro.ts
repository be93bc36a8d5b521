// bench/redaction-micro: redactSample over ~100k realistic support-bot captures (~1.5 KB each, 10% with PII),
// built here from templates with a seeded generator; prints samples/s and MB/s of sample JSON.
//   npx tsx bench/redaction-micro.ts [--samples 100000] [--rounds 3]
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { TrafficSample } from '../shared/domain/capture.js';
import { ibanCheckDigits, luhnCheckDigit } from '../shared/redaction/checksums.js';
import { createRedactor } from '../shared/redaction/index.js';
import { createRng, type Rng } from '../shared/stats/index.js';
import { emit } from './bench-output.js';

const { values } = parseArgs({ options: { samples: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' } } });
const count = Number(values.samples);
const rounds = Number(values.rounds);

const SYSTEM = [
  'You are the support assistant of Northwind Outfitters. Never invent order details: look them up with',
  'the tools. Returns are accepted for 30 days. Never ask for card numbers.',
].join(' ');
const POLICY = [
  'Returns policy v4 (2024-03-01). Items may be returned within 30 days of delivery in original condition.',
].join(' ');
const WORDS = 'jacket boots tent backpack size colour delivery parcel tracking refund exchange warehouse courier label invoice discount voucher'.split(' ');
const QUESTIONS = [
  'Hi, my order {order} placed on {date} still has not arrived. The tracking page says "label created" since {date}. Can you check what is going on with the {word} and the {word}?',
  'Hello! I bought a {word} for ${amount} and the {word} is the wrong size. I would like to exchange it for a size {size}. Is that possible within the {days} day window?',
  'Can you tell me when invoice INV-{inv} will be refunded? I returned the {word} on {date} and got a confirmation but nothing since. Order {order}.',
  'Is the {word} waterproof? I am planning a trip in {month} and need something for {days} days of hiking. Budget is about ${amount}.',
];
const PII = [
  (r: Rng) => `You can reach me at ${pick(r, ['jane.doe', 'm.rossi', 'kim_lee', 'alex+shop'])}${r.int(100)}@${pick(r, ['example.com', 'mail.example.org', 'corp.example.co.uk'])}.`,
  (r: Rng) => `My number is +1 ${200 + r.int(800)} 555 ${String(r.int(10000)).padStart(4, '0')} if you need to call.`,
  (r: Rng) => `I paid with my card ${card(r)}, exp 08/27.`,
  (r: Rng) => `Please refund to my account ${iban(r)} instead.`,
  (r: Rng) => `The checkout page failed from IP ${r.int(224) + 1}.${r.int(256)}.${r.int(256)}.${r.int(256)} this morning.`,
  (r: Rng) => `Our integration uses the key sk-proj-${token(r, 40)} and it stopped working.`,
];

function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[r.int(xs.length)]!;
}
function digits(r: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(r.int(10));
  return s;
}
function token(r: Rng, n: number): string {
  const a = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let s = '';
  for (let i = 0; i < n; i++) s += a[r.int(a.length)];
  return s;
}
function card(r: Rng): string {
  const payload = `4${digits(r, 14)}`;
  const d = payload + luhnCheckDigit(payload);
  return d.replace(/(\d{4})(?=\d)/g, '$1 ');
}
function iban(r: Rng): string {
  const bban = digits(r, 18);
  return `DE${ibanCheckDigits('DE', bban)}${bban}`.replace(/(.{4})(?=.)/g, '$1 ');
}
function fill(r: Rng, template: string): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    switch (k) {
      case 'order':
        return `#${100000 + r.int(900000)}`;
      case 'date':
        return `2024-${String(1 + r.int(12)).padStart(2, '0')}-${String(1 + r.int(28)).padStart(2, '0')}`;
      case 'amount':
        return `${20 + r.int(400)}.${digits(r, 2)}`;
      case 'inv':
        return String(1000 + r.int(9000));
      case 'size':
        return pick(r, ['S', 'M', 'L', '42', '44']);
      case 'days':
        return String(3 + r.int(27));
      case 'month':
        return pick(r, ['May', 'June', 'July', 'September']);
      default:
        return pick(r, WORDS);
    }
  });
}

function buildSample(r: Rng, i: number): TrafficSample {
  let question = fill(r, pick(r, QUESTIONS));
  if (r.next() < 0.1) question += ` ${pick(r, PII)(r)}`;
  const order = `${100000 + r.int(900000)}`;
  const toolResult = JSON.stringify({
    order_id: order,
    status: pick(r, ['in_transit', 'delivered', 'label_created', 'returned']),
    items: [
      { sku: `NW-${r.int(99999)}`, name: `Trail ${pick(r, WORDS)}`, qty: 1 + r.int(3), price: Number(`${10 + r.int(300)}.${digits(r, 2)}`) },
    ],
    carrier: pick(r, ['DHL', 'UPS', 'Royal Mail']),
    tracking: `1Z${token(r, 16).toUpperCase()}`,
  });
  return {
    id: `cap-${i}`,
    timestamp: '2024-06-01T12:00:00Z',
    request: {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: question },
        { role: 'assistant', content: null, tool_calls: [{ id: `call_${i}`, type: 'function', function: { name: 'get_order', arguments: JSON.stringify({ order_id: order, include_items: true }) } }] },
        { role: 'tool', tool_call_id: `call_${i}`, content: toolResult },
      ],
      temperature: 0.2,
    },
    response: {
      id: `resp-${i}`,
      model: 'gpt-4o-mini',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: {
            role: 'assistant',
            content: `Thanks for reaching out! Order #${order} is currently ${pick(r, ['in transit', 'delivered', 'awaiting pickup'])} with the carrier. Per [returns-v4] you can exchange the ${pick(r, WORDS)} within 30 days; a prepaid label will follow by e-mail.`,
          },
        },
      ],
      usage: { prompt_tokens: 420 + r.int(100), completion_tokens: 60 + r.int(80) },
    },
    latency_ms: 400 + r.int(2000),
    context: { documents: [{ id: 'returns-v4', title: 'Returns policy', text: POLICY }] },
    metadata: { slice: pick(r, ['billing', 'shipping', 'returns', 'product_qa']), route: '/v1/support', session_id: `sess-${token(r, 12)}`, user_id: `u_${r.int(1e6)}` },
  };
}

const rng = createRng(20240601);
const samples = Array.from({ length: count }, (_, i) => buildSample(rng, i));
const totalBytes = samples.reduce((n, s) => n + JSON.stringify(s).length, 0);
const redactor = createRedactor();

// Warm-up so the measured rounds run optimised code.
for (let i = 0; i < Math.min(5000, count); i++) redactor.redactSample(samples[i]!);

// Wall-clock rate is the figure; the CPU-time rate is steadier on a shared machine (steal and neighbours).
const rates: number[] = [];
const cpuRates: number[] = [];
let redactions = 0;
for (let round = 0; round < rounds; round++) {
  let found = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (const s of samples) {
    const { counts } = redactor.redactSample(s);
    for (const k in counts) found += counts[k]!;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  rates.push(count / seconds);
  cpuRates.push(count / ((cpu.user + cpu.system) / 1e6));
  redactions = found;
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
emit({ bench: 'redaction-micro', metric: 'samples_per_second', value: median(rates), unit: 'samples/s' });
emit({ bench: 'redaction-micro', metric: 'samples_per_cpu_second', value: median(cpuRates), unit: 'samples/s' });
emit({ bench: 'redaction-micro', metric: 'megabytes_per_second', value: (median(rates) * (totalBytes / count)) / 1e6, unit: 'MB/s' });
emit({ bench: 'redaction-micro', metric: 'mean_sample_bytes', value: totalBytes / count, unit: 'B' });
emit({ bench: 'redaction-micro', metric: 'redactions_per_round', value: redactions, unit: 'placeholders' });
