import type { TargetDiff, TargetSide } from '../../shared/domain/run-overview.js';
import type { StoredTarget, Store } from '../store/index.js';
import { unknownRunError } from './unknown-run.js';

/** How a field one side lacks reads in the list of changes. */
export const NOT_SET = '(not set)';

/**
 * One side as stored with the run. Only what defines the model change: never the headers (a value written in the
 * config may be a key) nor the key's variable, nor the operational stream and limits (not in the fingerprint).
 */
export function targetSide(stored: StoredTarget): TargetSide {
  const t = stored.target;
  return {
    name: stored.name,
    fingerprint: stored.fingerprint,
    provider: t.provider,
    model: t.model,
    base_url: t.base_url ?? '',
    simulated: stored.simulated,
    params: t.params ?? {},
    system_prompt: t.system_prompt ?? '',
    ...(t.prompt_template !== undefined ? { prompt_template: t.prompt_template } : {}),
    tools: (t.tools ?? []).map((tool) => tool.function.name),
    tool_policy: t.tool_policy ?? null,
  };
}

/** A value as the list of changes shows it: strings as they are, anything else as JSON. */
function text(value: unknown): string {
  if (value === undefined) return NOT_SET;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Leaves of a parameter object by dotted path (nested objects walked; arrays and scalars are leaves). */
function leaves(value: unknown, path: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) leaves(v, `${path}.${k}`, out);
  } else {
    out.set(path, value);
  }
}

/** The fields that differ between two sides, by dotted path, in a fixed order (params by name). */
export function changedFields(a: TargetSide, b: TargetSide): TargetDiff['changed'] {
  const changed: TargetDiff['changed'] = [];
  const compare = (field: string, x: unknown, y: unknown) => {
    const [tx, ty] = [text(x), text(y)];
    if (tx !== ty) changed.push({ field, baseline: tx, candidate: ty });
  };
  compare('provider', a.provider, b.provider);
  compare('model', a.model, b.model);
  compare('base_url', a.base_url, b.base_url);
  compare('simulated', a.simulated, b.simulated);
  const pa = new Map<string, unknown>();
  const pb = new Map<string, unknown>();
  for (const [k, v] of Object.entries(a.params)) leaves(v, `params.${k}`, pa);
  for (const [k, v] of Object.entries(b.params)) leaves(v, `params.${k}`, pb);
  for (const path of [...new Set([...pa.keys(), ...pb.keys()])].sort()) compare(path, pa.get(path), pb.get(path));
  compare('system_prompt', a.system_prompt, b.system_prompt);
  compare('prompt_template', a.prompt_template, b.prompt_template);
  compare('tool_policy', a.tool_policy ?? undefined, b.tool_policy ?? undefined);
  compare('tools', a.tools.length ? a.tools.join(', ') : undefined, b.tools.length ? b.tools.join(', ') : undefined);
  return changed;
}

/** How a header value reads in the list of changes: it may be a key, so it is never shown. */
export const HIDDEN = '(value not shown)';

/**
 * Changes the sides do not show but the fingerprint covers: a tool's definition under the same name, the key's
 * environment variable, and headers — by name, and for a value that differs, that it differs (never the value).
 */
export function definitionChanges(a: StoredTarget, b: StoredTarget): TargetDiff['changed'] {
  const changed: TargetDiff['changed'] = [];
  const toolsA = new Map((a.target.tools ?? []).map((t) => [t.function.name, JSON.stringify(t)]));
  const toolsB = new Map((b.target.tools ?? []).map((t) => [t.function.name, JSON.stringify(t)]));
  for (const [name, def] of toolsA) {
    const other = toolsB.get(name);
    if (other !== undefined && other !== def) changed.push({ field: `tools.${name}`, baseline: def, candidate: other });
  }
  if ((a.target.api_key_env ?? '') !== (b.target.api_key_env ?? '')) {
    changed.push({ field: 'api_key_env', baseline: a.target.api_key_env ?? NOT_SET, candidate: b.target.api_key_env ?? NOT_SET });
  }
  const ha = a.target.headers ?? {};
  const hb = b.target.headers ?? {};
  for (const name of [...new Set([...Object.keys(ha), ...Object.keys(hb)])].sort()) {
    const [va, vb] = [ha[name], hb[name]];
    if (JSON.stringify(va) === JSON.stringify(vb)) continue;
    changed.push({ field: `headers.${name}`, baseline: va === undefined ? NOT_SET : HIDDEN, candidate: vb === undefined ? NOT_SET : HIDDEN });
  }
  return changed;
}

/**
 * What differs between a run's baseline and candidate targets, as frozen with the run: both sides, the changed
 * fields, and whether the fingerprints are the same (an A/A run).
 */
export function runTargetDiff(store: Store, runId: string): TargetDiff {
  const run = store.runs.get(runId);
  if (!run) throw unknownRunError(store, runId);
  const storedBaseline = store.targets.get(run.baselineTargetId)!;
  const storedCandidate = store.targets.get(run.candidateTargetId)!;
  const baseline = targetSide(storedBaseline);
  const candidate = targetSide(storedCandidate);
  return {
    baseline,
    candidate,
    changed: [...changedFields(baseline, candidate), ...definitionChanges(storedBaseline, storedCandidate)],
    identical: baseline.fingerprint === candidate.fingerprint,
  };
}
