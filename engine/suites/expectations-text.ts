import { isMap, isNode, isSeq, LineCounter, parseDocument, YAMLSeq, type Document, type Node } from 'yaml';
import { z } from 'zod';
import { nearestKey } from '../../shared/domain/config-object.js';
import { configScorerSpecSchema, scorerTypes, type ScorerSpec } from '../../shared/domain/scorer-spec.js';
import { checkExpectation } from '../../shared/scorers/check-expectation.js';
import type { ExpectationProblem } from '../../shared/domain/suite-view.js';
import { InputError } from '../errors.js';
import { MAX_ALIAS_COUNT, parseYamlText } from '../yaml-file.js';

/** One expectation of the editor's text: where it starts, and its spec when it is valid on its own. */
export interface EditedExpectation {
  index: number;
  line: number | null;
  spec: ScorerSpec | null;
}

/** The editor's text read as a list of expectations. */
export interface EditedExpectations {
  items: EditedExpectation[];
  /** What is wrong with the text (empty when it can be saved). */
  problems: ExpectationProblem[];
  /** The list as a YAML node, comments kept: what saving puts into the suite file. Null for an empty text. */
  node: YAMLSeq | null;
  /** The valid list, when there are no problems. */
  specs: ScorerSpec[] | null;
}

/** A list of expectations; a single mapping is taken as a list of one. */
const expectationListSchema = z.preprocess((v) => (v === null || v === undefined ? [] : !Array.isArray(v) && typeof v === 'object' ? [v] : v), z.array(configScorerSpecSchema));

/** The field a check of {@link checkExpectation} is about, by scorer type. */
const CHECKED_FIELD: Partial<Record<ScorerSpec['type'], string>> = { regex: 'pattern', json_schema: 'schema', tool_args_schema: 'schema', language: 'expected' };

/** What the schema cannot say is wrong with a spec (a regex or JSON Schema that does not compile, …), or null. */
function checkProblem(spec: ScorerSpec): string | null {
  try {
    checkExpectation(spec);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** The `type` of an expectation when it names no scorer (a typo such as `contans`), else undefined. */
function unknownType(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const type = (raw as { type?: unknown }).type;
  return typeof type === 'string' && !(scorerTypes as readonly string[]).includes(type) ? type : undefined;
}

function lineOfNode(node: unknown, lineCounter: LineCounter): number | null {
  return isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : null;
}

/**
 * Reads the expectation editor's text (a YAML list of expectations, comments allowed) the way a suite file's
 * `expectations` are read: the same schema and the same file/line/field messages, lines counted in the text.
 */
export function parseExpectationsText(text: string): EditedExpectations {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => ({ line: lineCounter.linePos(e.pos[0]).line, field: null, message: `invalid YAML: ${e.message.split('\n')[0]}` }));
    return { items: [], problems, node: null, specs: null };
  }
  const contents = doc.contents;
  if (contents !== null && !isSeq(contents) && !isMap(contents)) {
    return { items: [], problems: [{ line: lineOfNode(contents, lineCounter), field: null, message: 'expected a list of expectations (- type: contains …)' }], node: null, specs: null };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return { items: [], problems: [{ line: null, field: null, message: (err as Error).message }], node: null, specs: null };
  }
  const seq = isSeq(contents) ? contents : null;
  const raws: unknown[] = Array.isArray(data) ? data : data === null || data === undefined ? [] : [data];
  const nodes: unknown[] = seq ? seq.items : contents ? [contents] : [];
  const problems: ExpectationProblem[] = [];
  const items = raws.map((raw, index): EditedExpectation => {
    const parsed = configScorerSpecSchema.safeParse(raw);
    const line = lineOfNode(nodes[index], lineCounter);
    if (!parsed.success) {
      const type = unknownType(raw);
      if (type !== undefined) {
        const item = nodes[index];
        const near = nearestKey(type, scorerTypes);
        const message = `unknown expectation type "${type}"${near ? `: did you mean "${near}"?` : ` (one of ${scorerTypes.join(', ')})`}`;
        problems.push({ line: lineOfNode(isMap(item) ? item.get('type', true) : null, lineCounter) ?? line, field: `${index}.type`, message });
      }
      return { index, line, spec: null };
    }
    const bad = checkProblem(parsed.data);
    if (bad) {
      const item = nodes[index];
      const key = CHECKED_FIELD[parsed.data.type];
      const fieldNode = isMap(item) && key ? item.get(key, true) : null;
      problems.push({ line: lineOfNode(fieldNode, lineCounter) ?? line, field: key ? `${index}.${key}` : String(index), message: bad });
      return { index, line, spec: null };
    }
    return { index, line, spec: parsed.data };
  });
  // The first schema problem, with the message and line a suite file would get (unknown keys and typos first).
  if (items.some((i) => i.spec === null) && problems.length === 0) {
    try {
      parseYamlText(text, '', expectationListSchema);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push({ line: err.where.line ?? null, field: err.where.field ?? null, message: err.message });
    }
    const first = items.find((i) => i.spec === null)!;
    if (problems.length === 0) problems.push({ line: first.line, field: String(first.index), message: 'not a valid expectation' });
  }
  let node: YAMLSeq | null = null;
  if (seq) node = seq;
  else if (contents) {
    node = new YAMLSeq();
    node.items.push(contents as Node);
  }
  const specs = problems.length === 0 ? items.map((i) => i.spec!) : null;
  return { items, problems, node, specs };
}
