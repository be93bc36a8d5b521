import type { ScorerSpecOf } from '../domain/scorer-spec.js';
import type { ScoredOutput } from './output-text.js';
import { quoted, type Verdict } from './reason.js';
import { validateAgainst } from './schema-cache.js';
import { schemaErrors } from './structure.js';

type Call = ScoredOutput['toolCalls'][number];

/** A call's arguments parsed from their JSON string (undefined when they are not JSON). */
function argsOf(call: Call): unknown {
  if (call.arguments.trim() === '') return {};
  try {
    return JSON.parse(call.arguments) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Whether `actual` includes `expected`: equal primitives; every key of an expected object present in the actual
 * one and including its value; arrays of the same length, element by element. Extra keys of `actual` are fine.
 */
export function includesSubset(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return actual === expected;
  if (Array.isArray(expected)) return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => includesSubset(actual[i], e));
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const a = actual as Record<string, unknown>;
  return Object.entries(expected as Record<string, unknown>).every(([k, v]) => Object.hasOwn(a, k) && includesSubset(a[k], v));
}

/** How a call reads in a reason: `name {"arg":1}` (arguments shortened). */
function callText(call: { name: string; arguments?: unknown }, raw?: string): string {
  const args = raw ?? (call.arguments === undefined ? '' : JSON.stringify(call.arguments));
  const shown = args.length > 80 ? `${args.slice(0, 80)}…` : args;
  return shown && shown !== '{}' ? `${call.name} ${shown}` : call.name;
}

function madeList(calls: readonly Call[]): string {
  return calls.length ? calls.map((c) => callText(c, c.arguments)).join(', ') : 'none';
}

/** tool_call: each expected call (name, argument subset) is made, by distinct calls, in order when `ordered`; `value` is how many were. */
export function scoreToolCall(spec: ScorerSpecOf<'tool_call'>, output: ScoredOutput): Verdict {
  const calls = output.toolCalls;
  const parsed = calls.map(argsOf);
  const matches = (i: number, e: (typeof spec.calls)[number]) => calls[i]!.name === e.name && (e.arguments === undefined || includesSubset(parsed[i], e.arguments));
  const used = new Set<number>();
  let from = 0;
  let matched = 0;
  const missing: string[] = [];
  for (const e of spec.calls) {
    let hit = -1;
    for (let i = spec.ordered ? from : 0; i < calls.length; i++) {
      if (!used.has(i) && matches(i, e)) {
        hit = i;
        break;
      }
    }
    if (hit < 0) {
      missing.push(callText(e));
      continue;
    }
    used.add(hit);
    from = hit + 1;
    matched++;
  }
  const made = `calls made: ${madeList(calls)}`;
  if (missing.length === 0) return { passed: true, detail: `made ${spec.calls.map((e) => callText(e)).join(spec.ordered ? ' then ' : ', ')}`, value: matched };
  if (spec.ordered && spec.calls.every((e) => calls.some((_c, i) => matches(i, e)))) {
    return { passed: false, detail: `calls made out of order: expected ${spec.calls.map((e) => e.name).join(' then ')}; ${made}`, value: matched };
  }
  return { passed: false, detail: `expected call ${missing.join(', ')} not made; ${made}`, value: matched };
}

/** forbidden_tools: none of the named tools is called; `value` is how many forbidden calls were made. */
export function scoreForbiddenTools(spec: ScorerSpecOf<'forbidden_tools'>, output: ScoredOutput): Verdict {
  const names = new Set(spec.names);
  const bad = output.toolCalls.map((c, i) => ({ c, i })).filter(({ c }) => names.has(c.name));
  if (bad.length === 0) return { passed: true, detail: `called none of ${spec.names.join(', ')} (calls made: ${madeList(output.toolCalls)})`, value: 0 };
  const list = bad.map(({ c, i }) => `${callText(c, c.arguments)} (call ${i + 1} of ${output.toolCalls.length})`).join(', ');
  return { passed: false, detail: `called forbidden tool ${list}`, value: bad.length };
}

/** max_tool_calls: at most `max` tool calls; `value` is the number made. */
export function scoreMaxToolCalls(spec: ScorerSpecOf<'max_tool_calls'>, output: ScoredOutput): Verdict {
  const n = output.toolCalls.length;
  if (n <= spec.max) return { passed: true, detail: `made ${n} tool call(s), within the maximum of ${spec.max}`, value: n };
  const counts = new Map<string, number>();
  for (const c of output.toolCalls) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  const which = [...counts].map(([name, k]) => (k > 1 ? `${name} ×${k}` : name)).join(', ');
  return { passed: false, detail: `made ${n} tool calls, more than the maximum of ${spec.max}: ${which}`, value: n };
}

/** tool_args_schema: every call of the tool has JSON arguments that match the schema; `value` is the number of calls that do not. */
export function scoreToolArgsSchema(spec: ScorerSpecOf<'tool_args_schema'>, output: ScoredOutput): Verdict {
  const calls = output.toolCalls.map((c, i) => ({ c, i })).filter(({ c }) => c.name === spec.tool);
  if (calls.length === 0) return { passed: true, detail: `no call of ${spec.tool} was made`, value: 0 };
  const problems: string[] = [];
  for (const { c, i } of calls) {
    const args = argsOf(c);
    if (args === undefined) {
      problems.push(`call ${i + 1} (${spec.tool}): arguments are not JSON: ${quoted(c.arguments)}`);
      continue;
    }
    const checked = validateAgainst(spec.schema, args);
    if ('compileError' in checked) {
      const why = `invalid JSON Schema: ${checked.compileError}`;
      return { passed: false, detail: why, error: why };
    }
    if (checked.errors) problems.push(`call ${i + 1} (${spec.tool}): ${schemaErrors(checked.errors)}: ${quoted(c.arguments)}`);
  }
  if (problems.length === 0) return { passed: true, detail: `the arguments of ${calls.length} call(s) of ${spec.tool} match the schema`, value: 0 };
  return { passed: false, detail: `arguments do not match the schema: ${problems.join('; ')}`, value: problems.length };
}
