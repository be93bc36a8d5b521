import type { MethodInput } from '../../shared/contract/index.js';
import { captureFormatSchema } from '../../shared/domain/import.js';

export type CaptureFormat = (typeof captureFormatSchema.options)[number];

/** The formats the engine can read, straight from the contract's enum. */
export const captureFormats: readonly CaptureFormat[] = captureFormatSchema.options;

/** How each format is named in the UI; a Record so a new format in the contract is a compile error here. */
export const captureFormatLabels: Record<CaptureFormat, string> = {
  canonical: 'Canary Gate capture (canonical)',
  'openai-chat': 'OpenAI Chat Completions',
  'openai-responses': 'OpenAI Responses',
  anthropic: 'Anthropic Messages',
  otel: 'OpenTelemetry GenAI spans',
  langfuse: 'Langfuse trace export',
};

export type ImportRequest = MethodInput<'import.run'>;

/** The import form as typed: numbers stay strings so a half-typed value is not silently coerced. */
export interface ImportFormValues {
  pathsText: string;
  /** '' means auto-detect per file. */
  format: CaptureFormat | '';
  redact: boolean;
  sampleEnabled: boolean;
  sampleN: string;
  sampleMinPerSlice: string;
  sampleSeed: string;
}

/** Redaction is on unless someone turns it off on purpose; the sampling defaults are the contract's. */
export const defaultImportForm: ImportFormValues = {
  pathsText: '',
  format: '',
  redact: true,
  sampleEnabled: false,
  sampleN: '',
  sampleMinPerSlice: '5',
  sampleSeed: '1',
};

export interface FormProblem {
  field: 'paths' | 'sample';
  message: string;
}

export type BuiltImportRequest = { ok: true; request: ImportRequest; key: string } | { ok: false; problems: FormProblem[] };

/** The non-blank lines of the paths box, trimmed: one path per line. */
export function parsePaths(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function wholeNumber(text: string, min: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n >= min ? n : null;
}

/** The request the form describes (its `key` ties a preview to the inputs it was made for), or what is wrong with it. */
export function buildImportRequest(form: ImportFormValues): BuiltImportRequest {
  const problems: FormProblem[] = [];
  const paths = parsePaths(form.pathsText);
  if (paths.length === 0) problems.push({ field: 'paths', message: 'Enter at least one file or folder.' });
  let sample: ImportRequest['sample'];
  if (form.sampleEnabled) {
    const n = wholeNumber(form.sampleN, 1);
    const minPerSlice = wholeNumber(form.sampleMinPerSlice, 0);
    const seed = wholeNumber(form.sampleSeed, 0);
    if (n === null) problems.push({ field: 'sample', message: 'Sample size must be a whole number of at least 1.' });
    if (minPerSlice === null) problems.push({ field: 'sample', message: 'Minimum per slice must be a whole number (0 or more).' });
    if (seed === null) problems.push({ field: 'sample', message: 'Seed must be a whole number (0 or more).' });
    if (n !== null && minPerSlice !== null && seed !== null) sample = { n, minPerSlice, seed };
  }
  if (problems.length > 0) return { ok: false, problems };
  // redact is always sent: the switch the person saw is what decides, not a default elsewhere.
  const request: ImportRequest = { paths, redact: form.redact, ...(form.format ? { format: form.format } : {}), ...(sample ? { sample } : {}) };
  return { ok: true, request, key: JSON.stringify(request) };
}
