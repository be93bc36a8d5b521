import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { InputError } from './errors.js';

/** Reads a YAML file and validates it; errors name the file, line and field. */
export function readYamlFile<S extends z.ZodType>(file: string, schema: S): { value: z.output<S>; text: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { file });
  }
  return { value: parseYamlText(text, file, schema), text };
}

/** Parses YAML text and validates it against a schema, mapping the first problem to its line. */
export function parseYamlText<S extends z.ZodType>(text: string, file: string, schema: S): z.output<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) {
    throw new InputError(`invalid YAML: ${syntax.message.split('\n')[0]}`, { file, line: lineCounter.linePos(syntax.pos[0]).line });
  }
  const parsed = schema.safeParse(doc.toJS());
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  // Walk up the path until a node with a source position is found.
  let line: number | undefined;
  for (let depth = issue.path.length; depth >= 0 && line === undefined; depth--) {
    const node = doc.getIn(issue.path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
  }
  throw new InputError(issue.message, { file, line, field: issue.path.join('.') || '(root)' });
}
