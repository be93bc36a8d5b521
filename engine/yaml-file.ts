import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import type { z } from 'zod';
import { nearestKey, unknownKeyMessage } from '../shared/domain/config-object.js';
import { InputError } from './errors.js';

/** How many alias expansions a config file may need; past it, the file is refused as a resource-exhaustion attempt. */
export const MAX_ALIAS_COUNT = 100;

/** Finds the line (1-based) of a path in a parsed YAML file, for problems found after validation. */
export type YamlLineOf = (path: readonly (string | number)[]) => number | undefined;

/** A YAML text parsed once and validated: its value, and a locator over the same parsed document. */
export interface YamlSource<T> {
  value: T;
  text: string;
  lineOf: YamlLineOf;
}

/** A YAML source with the document it was parsed into (for in-place edits: nodes know their source ranges). */
export interface YamlDocumentSource<T> extends YamlSource<T> {
  doc: Document;
  lineCounter: LineCounter;
}

/** Reads a YAML file and validates it; errors name the file, line and field. */
export function readYamlFile<S extends z.ZodType>(file: string, schema: S): { value: z.output<S>; text: string } {
  const { value, text } = readYamlSource(file, schema);
  return { value, text };
}

/** Reads a YAML file, validates it and keeps a locator for its paths, parsing it once. */
export function readYamlSource<S extends z.ZodType>(file: string, schema: S): YamlDocumentSource<z.output<S>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file });
  }
  return parseYamlSource(text, file, schema);
}

/**
 * Parses YAML text and validates it against a schema, mapping the first problem to its line. An unknown key
 * (a config object's `unrecognized_keys`) is reported before anything else: a misspelled `modle` also makes
 * `model` missing, and the typo is the thing to fix.
 */
export function parseYamlText<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  return parseYamlSource(text, file, schema).value;
}

/**
 * As parseYamlText, keeping a locator over the same parsed document (parsing a suite of thousands of cases takes
 * seconds, so the lines of later findings must not parse it again).
 */
export function parseYamlSource<S extends z.ZodType>(text: string, file: string, schema: S): YamlDocumentSource<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    throw new InputError(`invalid YAML: ${syntax.message.split('\n')[0]}`, { file, line: lineCounter.linePos(syntax.pos[0]).line });
  }
  let data: unknown;
  try {
    // A billion-laughs file (aliases of aliases) would expand to gigabytes: the yaml package refuses past this count.
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof ReferenceError) throw new InputError(`too many alias expansions (more than ${MAX_ALIAS_COUNT}): ${err.message}`, { file });
    throw err;
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { value: parsed.data, text, lineOf: locatorOf(doc, lineCounter), doc, lineCounter };
  const { issues } = parsed.error;
  const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
  const lineOf = (path: readonly PropertyKey[], key?: string) => {
    if (key !== undefined) {
      const line = keyLine(doc, path, key, lineCounter);
      if (line !== undefined) return line;
    }
    // Walk up the path until a node with a source position is found.
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as (string | number)[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const fieldOf = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(root)';
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    // The message (set by configObject) covers every unknown key of the object; the line is the first one's.
    const key = issue.keys[0]!;
    throw new InputError(issue.message, { file, line: lineOf(issue.path, key), field: fieldOf([...issue.path, key]) });
  }
  const misspelled = misspelledDiscriminator(issue, data);
  if (misspelled) {
    const parent = issue.path.slice(0, -1);
    throw new InputError(unknownKeyMessage(misspelled.key, [misspelled.discriminator]), { file, line: lineOf(parent, misspelled.key), field: fieldOf([...parent, misspelled.key]) });
  }
  throw new InputError(issue.message, { file, line: lineOf(issue.path), field: fieldOf(issue.path) });
}

/**
 * Finds the line of a path in YAML text (the key's own line when the path ends in a mapping key, else the nearest
 * enclosing node that has a position), for errors found after validation: a duplicate id, a regex that does not compile.
 */
export function yamlLocator(text: string): YamlLineOf {
  const lineCounter = new LineCounter();
  return locatorOf(parseDocument(text, { lineCounter, prettyErrors: false }), lineCounter);
}

/** A locator over a document already parsed with its line counter. */
export function locatorOf(doc: Document, lineCounter: LineCounter): YamlLineOf {
  return (path) => {
    const last = path.at(-1);
    if (typeof last === 'string') {
      const line = keyLine(doc, path.slice(0, -1), last, lineCounter);
      if (line !== undefined) return line;
    }
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

/** The line of `key` itself in the mapping at path (not of its value, which may start lines below). */
function keyLine(doc: Document, path: readonly PropertyKey[], key: string, lineCounter: LineCounter): number | undefined {
  const node = path.length === 0 ? doc.contents : doc.getIn(path as (string | number)[], true);
  if (!isMap(node)) return undefined;
  const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  const range = pair && isNode(pair.key) ? pair.key.range : undefined;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}

/**
 * A discriminated union (a gate's `kind`, an expectation's `type`) whose object has no discriminator but a key
 * close to it (`knd:`): that key is the mistake, not the missing `kind`.
 */
function misspelledDiscriminator(issue: z.core.$ZodIssue, data: unknown): { key: string; discriminator: string } | undefined {
  if (issue.code !== 'invalid_union' || !issue.discriminator || issue.path.at(-1) !== issue.discriminator) return undefined;
  let parent: unknown = data;
  for (const step of issue.path.slice(0, -1)) parent = parent !== null && typeof parent === 'object' ? (parent as Record<PropertyKey, unknown>)[step] : undefined;
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent) || issue.discriminator in parent) return undefined;
  const key = Object.keys(parent).find((k) => nearestKey(k, [issue.discriminator!]) !== undefined);
  return key === undefined ? undefined : { key, discriminator: issue.discriminator };
}
