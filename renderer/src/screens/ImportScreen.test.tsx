// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodOutput } from '../../../shared/contract/index.js';
import { App } from '../App.js';
import { useImportStore } from '../stores/import-store.js';
import { useRunsStore } from '../stores/runs-store.js';
import { fakeClient, type FakeClient, type Responder } from '../testing/fake-client.js';

const FILE = '/work/demo/captures/support.jsonl';
const MISSING = '/work/demo/nope.jsonl';

const preview: MethodOutput<'import.preview'> = {
  files: [
    { file: FILE, format: 'canonical', records: 4, rejected: 1, samples: 3, skipped: 0, error: null },
    { file: '/work/demo/captures/broken.jsonl.gz', format: null, records: 0, rejected: 0, samples: 0, skipped: 0, error: 'not a gzip file' },
  ],
  samples: [
    {
      id: 'cap_001',
      timestamp: '2026-11-02T09:15:00.000Z',
      slice: 'billing',
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', text: 'You are a support bot.' },
        { role: 'user', text: 'Mail me at <EMAIL_1>, card <CARD_1>, cc <EMAIL_2>' },
      ],
      response: 'Sent to <EMAIL_1>.',
    },
    { id: 'cap_002', timestamp: '2026-11-02T09:16:00.000Z', slice: null, model: 'gpt-4.1-mini', messages: [{ role: 'user', text: 'Where is my parcel?' }], response: null },
    { id: 'cap_003', timestamp: '2026-11-02T09:17:00.000Z', slice: 'shipping', model: 'gpt-4.1', messages: [{ role: 'user', text: 'Reply to <EMAIL_3>' }], response: 'Done.' },
  ],
  redacted: true,
  redactions: { CARD: 1, EMAIL: 3 },
  rejects: [{ file: FILE, line: 3, reason: 'invalid JSON: Unexpected token' }],
  file_errors: [
    { file: '/work/demo/captures/broken.jsonl.gz', line: null, reason: 'not a gzip file' },
    { file: MISSING, line: null, reason: 'cannot read: ENOENT' },
  ],
};

const result: MethodOutput<'import.run'> = {
  files: [{ file: FILE, format: 'canonical', records: 4, rejected: 1, samples: 3, skipped: 0, error: null }],
  records: 4,
  rejected: 1,
  rejected_parts: 0,
  samples: 3,
  skipped: 0,
  imported: 2,
  duplicates: 1,
  not_sampled: 0,
  redacted: true,
  redactions: { EMAIL: 3, CARD: 1 },
  slices: { billing: 1, shipping: 1, '(none)': 1 },
  rejects: [{ file: FILE, line: 3, reason: 'invalid JSON: Unexpected token' }],
  rejects_file: '/work/demo/.canary-gate/rejects/rejects-2026-11-02T09-20-00-000Z.jsonl',
  file_errors: [],
  interrupted: false,
  sample_allocation: null,
};

/** The shared fake client, answering the import screen's calls by default (each test may override one). */
function importClient(overrides: Responder = {}): FakeClient {
  return fakeClient({
    'runs.list': () => ({ ok: true, value: { runs: [], total: 0 } }),
    'import.preview': () => ({ ok: true, value: preview }),
    'import.run': () => ({ ok: true, value: result }),
    ...overrides,
  });
}

async function openImport(client: FakeClient) {
  window.location.hash = '#/import';
  render(<App client={client} />);
  return (await screen.findByTestId('import-paths')) as HTMLTextAreaElement;
}

function typePaths(text: string) {
  fireEvent.change(screen.getByTestId('import-paths'), { target: { value: text } });
}

const runButton = () => screen.getByTestId('import-run-button') as HTMLButtonElement;
const previewButton = () => screen.getByTestId('import-preview-button') as HTMLButtonElement;

async function previewPaths(text: string) {
  typePaths(text);
  fireEvent.click(previewButton());
  await screen.findByTestId('preview-samples');
}

afterEach(() => {
  cleanup();
  window.location.hash = '';
  useRunsStore.getState().reset();
  useImportStore.getState().reset();
});

describe('navigation', () => {
  it('opens on Runs and switches to Import and back from the header', async () => {
    const client = importClient();
    render(<App client={client} />);
    await screen.findByTestId('empty-runs');
    expect(screen.getByTestId('nav-runs').getAttribute('aria-current')).toBe('page');
    expect(screen.getByTestId('nav-import').getAttribute('aria-current')).toBeNull();
    expect(screen.queryByTestId('import-paths')).toBeNull();

    // The header's links are real links (#/import): following one is a hash change.
    expect(screen.getByTestId('nav-import').getAttribute('href')).toBe('#/import');
    window.location.hash = '#/import';
    await waitFor(() => expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Import traffic'));
    expect(screen.getByTestId('nav-import').getAttribute('aria-current')).toBe('page');
    expect(screen.queryByTestId('empty-runs')).toBeNull();

    window.location.hash = screen.getByTestId('nav-runs').getAttribute('href')!;
    expect(await screen.findByTestId('empty-runs')).toBeTruthy();
  });
});

describe('import form', () => {
  it('starts with redaction on, auto-detect, the contract formats, and says where relative paths start', async () => {
    await openImport(importClient());
    const redact = screen.getByTestId('import-redact') as HTMLInputElement;
    expect(redact.checked).toBe(true);
    expect(redact.getAttribute('role')).toBe('switch');
    expect(redact.closest('label')?.textContent).toBe('Redact secrets and PII before storing');
    expect(screen.queryByTestId('redact-warning')).toBeNull();

    const format = screen.getByTestId('import-format') as HTMLSelectElement;
    expect(format.value).toBe('');
    expect([...format.options].map((o) => o.value)).toEqual(['', 'canonical', 'openai-chat', 'openai-responses', 'anthropic', 'otel', 'langfuse']);
    expect(format.options[0]!.textContent).toBe('Auto-detect per file');

    expect(screen.getByText(/Relative paths are relative to the workspace root/).textContent).toContain('(/work/demo)');
    expect(previewButton().disabled).toBe(true);
    expect(runButton().disabled).toBe(true);
    expect(screen.getByTestId('import-blocker').textContent).toBe('Fill in the inputs, then preview them.');
  });

  it('sends the chosen format and a stratified sample, and refuses a sample without a valid size', async () => {
    const client = importClient();
    await openImport(client);
    typePaths('a.jsonl');
    fireEvent.change(screen.getByTestId('import-format'), { target: { value: 'anthropic' } });
    fireEvent.click(screen.getByTestId('import-sample'));
    expect(previewButton().disabled).toBe(true);
    expect(screen.getByTestId('form-problems').textContent).toBe('Sample size must be a whole number of at least 1.');

    fireEvent.change(screen.getByTestId('import-sample-n'), { target: { value: '100' } });
    fireEvent.change(screen.getByTestId('import-sample-min'), { target: { value: '3' } });
    fireEvent.change(screen.getByTestId('import-sample-seed'), { target: { value: '7' } });
    expect(screen.queryByTestId('form-problems')).toBeNull();
    fireEvent.click(previewButton());
    await screen.findByTestId('preview-samples');
    expect(client.callsOf('import.preview')).toEqual([{ paths: ['a.jsonl'], redact: true, format: 'anthropic', sample: { n: 100, minPerSlice: 3, seed: 7 }, limit: 20 }]);
  });
});

describe('preview', () => {
  it('shows per file format and counts, redaction counts, the first samples with placeholders, rejects and file errors', async () => {
    const client = importClient();
    await openImport(client);
    await previewPaths(`captures/support.jsonl\n\n   ${MISSING}  \n`);
    expect(client.callsOf('import.preview')).toEqual([{ paths: ['captures/support.jsonl', MISSING], redact: true, limit: 20 }]);

    const files = screen.getByTestId('preview-files');
    const rows = [...files.querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-file'))).toEqual([FILE, '/work/demo/captures/broken.jsonl.gz']);
    const cells = (row: Element) => Object.fromEntries([...row.querySelectorAll('td')].map((td) => [td.getAttribute('data-col'), td.textContent]));
    expect(cells(rows[0]!)).toEqual({ file: FILE, format: 'canonical', records: '4', samples: '3', skipped: '0', rejected: '1', error: '' });
    expect(cells(rows[1]!)).toEqual({ file: '/work/demo/captures/broken.jsonl.gz', format: 'not detected', records: '0', samples: '0', skipped: '0', rejected: '0', error: 'not a gzip file' });

    expect(screen.getByTestId('redaction-counts').textContent).toBe('EMAIL 3 · CARD 1');

    const samples = screen.getByTestId('preview-samples');
    const items = [...samples.querySelectorAll('[data-sample-id]')];
    expect(items.map((i) => i.getAttribute('data-sample-id'))).toEqual(['cap_001', 'cap_002', 'cap_003']);
    const first = items[0] as HTMLElement;
    expect(first.querySelector('.sample-slice')?.textContent).toBe('billing');
    expect(first.querySelector('.model')?.textContent).toBe('gpt-4.1-mini');
    expect([...first.querySelectorAll('.message')].map((m) => [m.querySelector('.role')?.textContent, m.querySelector('.message-text')?.textContent])).toEqual([
      ['system', 'You are a support bot.'],
      ['user', 'Mail me at <EMAIL_1>, card <CARD_1>, cc <EMAIL_2>'],
      ['response', 'Sent to <EMAIL_1>.'],
    ]);
    expect([...first.querySelectorAll('mark.redaction-token')].map((m) => m.textContent)).toEqual(['<EMAIL_1>', '<CARD_1>', '<EMAIL_2>', '<EMAIL_1>']);
    const second = items[1] as HTMLElement;
    expect(second.querySelector('.sample-slice')?.textContent).toBe('no slice');
    expect(second.querySelector('.response .message-text')?.textContent).toBe('no response recorded');
    expect(second.querySelectorAll('mark')).toHaveLength(0);

    expect([...screen.getByTestId('preview-rejects').querySelectorAll('li')].map((li) => li.textContent)).toEqual([`${FILE}:3: invalid JSON: Unexpected token`]);
    expect([...screen.getByTestId('preview-file-errors').querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      '/work/demo/captures/broken.jsonl.gz: not a gzip file',
      `${MISSING}: cannot read: ENOENT`,
    ]);
    // Nothing was imported by previewing.
    expect(client.callsOf('import.run')).toEqual([]);
  });

  it('enables Import only after a preview of the same inputs, and disables it again when they change', async () => {
    const client = importClient();
    await openImport(client);
    typePaths('a.jsonl');
    expect(runButton().disabled).toBe(true);
    expect(screen.getByTestId('import-blocker').textContent).toBe('Preview these inputs first.');

    fireEvent.click(previewButton());
    await screen.findByTestId('preview-samples');
    await waitFor(() => expect(runButton().disabled).toBe(false));
    expect(screen.queryByTestId('preview-stale')).toBeNull();

    typePaths('a.jsonl\nb.jsonl');
    expect(runButton().disabled).toBe(true);
    expect(screen.getByTestId('import-blocker').textContent).toBe('The inputs changed since the preview: preview again.');
    expect(screen.getByTestId('preview-stale').textContent).toBe('The inputs changed since this preview. Preview again before importing.');

    fireEvent.click(previewButton());
    await waitFor(() => expect(runButton().disabled).toBe(false));

    // Every input counts, not just the paths.
    fireEvent.change(screen.getByTestId('import-format'), { target: { value: 'otel' } });
    expect(runButton().disabled).toBe(true);
    fireEvent.change(screen.getByTestId('import-format'), { target: { value: '' } });
    expect(runButton().disabled).toBe(false);
    fireEvent.click(screen.getByTestId('import-redact'));
    expect(runButton().disabled).toBe(true);
    fireEvent.click(screen.getByTestId('import-redact'));
    fireEvent.click(screen.getByTestId('import-sample'));
    expect(runButton().disabled).toBe(true);

    expect(client.callsOf('import.preview')).toEqual([
      { paths: ['a.jsonl'], redact: true, limit: 20 },
      { paths: ['a.jsonl', 'b.jsonl'], redact: true, limit: 20 },
    ]);
    expect(client.callsOf('import.run')).toEqual([]);
  });

  it('keeps the newest preview when an older answer arrives late', async () => {
    let releaseSlow: () => void = () => {};
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const client = importClient({
      'import.preview': async (input) => {
        if (input.paths[0] === 'old.jsonl') await slow;
        return { ok: true, value: { ...preview, samples: preview.samples.filter((s) => (input.paths[0] === 'old.jsonl' ? s.id === 'cap_001' : s.id !== 'cap_001')) } };
      },
    });
    await openImport(client);
    typePaths('old.jsonl');
    fireEvent.click(previewButton());
    typePaths('new.jsonl');
    // Previewing again while the first preview is still running is allowed: the inputs moved on.
    fireEvent.click(previewButton());
    await screen.findByTestId('preview-samples');
    releaseSlow();
    await waitFor(() => expect(client.callsOf('import.preview')).toHaveLength(2));
    await slow;
    await new Promise((r) => setTimeout(r, 0));
    const ids = [...screen.getByTestId('preview-samples').querySelectorAll('[data-sample-id]')].map((i) => i.getAttribute('data-sample-id'));
    expect(ids).toEqual(['cap_002', 'cap_003']);
    expect(runButton().disabled).toBe(false);
  });

  it('shows a failed preview with its message and code', async () => {
    const client = importClient({ 'import.preview': () => ({ ok: false, error: { code: 'bad_input', message: 'import.redact_patterns: invalid regular expression' } }) });
    await openImport(client);
    typePaths('a.jsonl');
    fireEvent.click(previewButton());
    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('strong')?.textContent).toBe('Preview failed');
    expect(alert.querySelector('p')?.textContent).toBe('import.redact_patterns: invalid regular expression (bad_input)');
    expect(runButton().disabled).toBe(true);
    expect(screen.queryByTestId('preview-samples')).toBeNull();
  });
});

describe('import', () => {
  it('imports the previewed request, shows progress from import.progress events, then the summary', async () => {
    let finish: () => void = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    const client = importClient({
      'import.run': async () => {
        await done;
        return { ok: true, value: result };
      },
    });
    await openImport(client);
    await previewPaths('captures/support.jsonl');
    await waitFor(() => expect(runButton().disabled).toBe(false));
    fireEvent.click(runButton());

    const progress = await screen.findByTestId('import-progress');
    expect(progress.textContent).toBe('Importing…');
    expect(runButton().disabled).toBe(true);
    expect(runButton().textContent).toBe('Importing…');
    expect((screen.getByTestId('import-paths') as HTMLTextAreaElement).closest('fieldset')?.disabled).toBe(true);

    client.emit('import.progress', { bytesRead: 1536, bytesTotal: 3072, records: 2 });
    await waitFor(() => expect(screen.getByTestId('import-progress').textContent).toBe('Importing… 1.5 KB of 3.0 KB · 2 records read'));
    const bar = screen.getByTestId('import-progress').querySelector('progress')!;
    expect([bar.getAttribute('value'), bar.getAttribute('max')]).toEqual(['1536', '3072']);

    finish();
    const summary = await screen.findByTestId('import-summary');
    expect(screen.queryByTestId('import-progress')).toBeNull();
    const counts = Object.fromEntries([...summary.querySelectorAll('[data-count]')].map((d) => [d.getAttribute('data-count'), d.querySelector('dd')?.textContent]));
    expect(counts).toEqual({ imported: '2', duplicates: '1', rejected: '1', rejected_parts: '0', not_sampled: '0', skipped: '0' });
    expect(within(summary).getByTestId('summary-redactions').textContent).toBe('EMAIL 3 · CARD 1');
    expect(within(summary).getByTestId('summary-slices').textContent).toBe('(none) 1 · billing 1 · shipping 1');
    expect(within(summary).getByTestId('summary-rejects-file').textContent).toBe(result.rejects_file);
    expect([...within(summary).getByTestId('summary-rejects').querySelectorAll('li')].map((li) => li.textContent)).toEqual([`${FILE}:3: invalid JSON: Unexpected token`]);

    expect(client.callsOf('import.run')).toEqual([{ paths: ['captures/support.jsonl'], redact: true }]);
    // One preview is imported once; a late progress event of the finished import changes nothing.
    expect(runButton().disabled).toBe(true);
    expect(screen.getByTestId('import-blocker').textContent).toBe('Imported. Preview again to import these inputs once more.');
    client.emit('import.progress', { bytesRead: 3072, bytesTotal: 3072, records: 4 });
    expect(screen.queryByTestId('import-progress')).toBeNull();
  });

  it('passes redact:false when the switch is off, and warns that samples are stored as captured', async () => {
    const client = importClient({
      'import.preview': () => ({ ok: true, value: { ...preview, redacted: false, redactions: {} } }),
      'import.run': () => ({ ok: true, value: { ...result, redacted: false, redactions: {} } }),
    });
    await openImport(client);
    fireEvent.click(screen.getByTestId('import-redact'));
    expect((screen.getByTestId('import-redact') as HTMLInputElement).checked).toBe(false);
    expect(screen.getByTestId('redact-warning').textContent).toBe(
      'Redaction is off: samples will be stored as captured, including any secrets or personal data they contain.',
    );
    await previewPaths('a.jsonl');
    expect(screen.getByTestId('redaction-counts').textContent).toBe('off: stored as captured');
    await waitFor(() => expect(runButton().disabled).toBe(false));
    fireEvent.click(runButton());
    await screen.findByTestId('import-summary');
    expect(client.callsOf('import.preview')).toEqual([{ paths: ['a.jsonl'], redact: false, limit: 20 }]);
    expect(client.callsOf('import.run')).toEqual([{ paths: ['a.jsonl'], redact: false }]);
    expect(screen.getByTestId('summary-redactions').textContent).toBe('off: stored as captured');
  });

  it('shows a failed import with its message and keeps the preview so it can be retried', async () => {
    let fail = true;
    const client = importClient({
      'import.run': () => (fail ? { ok: false, error: { code: 'infra', message: 'database is locked' } } : { ok: true, value: result }),
    });
    await openImport(client);
    await previewPaths('a.jsonl');
    await waitFor(() => expect(runButton().disabled).toBe(false));
    fireEvent.click(runButton());
    const alert = await screen.findByTestId('import-error');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.querySelector('strong')?.textContent).toBe('Import failed');
    expect(alert.querySelector('p')?.textContent).toBe('database is locked (infra)');
    expect(screen.queryByTestId('import-summary')).toBeNull();
    expect(runButton().disabled).toBe(false);

    fail = false;
    fireEvent.click(runButton());
    await screen.findByTestId('import-summary');
    expect(screen.queryByTestId('import-error')).toBeNull();
    expect(client.callsOf('import.run')).toHaveLength(2);
  });
});

describe('issue 15 fixes', () => {
  const sampleOf = (id: string, text: string) => ({ id, timestamp: '2026-11-02T09:15:00.000Z', slice: null, model: 'gpt-4.1-mini', messages: [{ role: 'user', text }], response: null });

  it('a duplicate sample id leaves no ghost card behind when the preview changes', async () => {
    const client = importClient({
      'import.preview': (input) => ({
        ok: true,
        value: { ...preview, samples: input.paths[0] === 'dup.jsonl' ? [sampleOf('same', 'first copy'), sampleOf('same', 'second copy'), sampleOf('other', 'third')] : [sampleOf('fresh', 'only one')] },
      }),
    });
    await openImport(client);
    await previewPaths('dup.jsonl');
    expect([...screen.getByTestId('preview-samples').querySelectorAll('[data-sample-id]')].map((i) => i.getAttribute('data-sample-id'))).toEqual(['same', 'same', 'other']);
    typePaths('clean.jsonl');
    fireEvent.click(previewButton());
    await waitFor(() => expect(screen.getByTestId('preview-samples').textContent).toContain('only one'));
    expect([...screen.getByTestId('preview-samples').querySelectorAll('[data-sample-id]')].map((i) => i.getAttribute('data-sample-id'))).toEqual(['fresh']);
  });

  it('says the preview stopped early with the counts it limits (the file table), not above the preview', async () => {
    const many = Array.from({ length: 20 }, (_, i) => sampleOf(`s${i}`, `question ${i}`));
    const client = importClient({ 'import.preview': () => ({ ok: true, value: { ...preview, samples: many } }) });
    await openImport(client);
    await previewPaths('big.jsonl');
    const caption = screen.getByTestId('preview-files').querySelector('caption');
    expect(caption?.textContent).toBe('The preview stopped after the first 20 samples: these counts cover only what it read, and files after that point were not opened.');
    expect(screen.getByText(/First samples/).textContent).toBe('First samples 20 (the preview stops at 20)');
  });

  it('keeps Import disabled when the preview found no capture file at the paths, and says why', async () => {
    const client = importClient({
      'import.preview': () => ({ ok: true, value: { ...preview, files: [], samples: [], redactions: {}, rejects: [], file_errors: [{ file: MISSING, line: null, reason: 'cannot read: ENOENT' }] } }),
    });
    await openImport(client);
    await previewPaths(MISSING);
    expect(runButton().disabled).toBe(true);
    expect(screen.getByTestId('import-blocker').textContent).toBe('No capture file was found at these paths (see the file errors below): correct them and preview again.');
    fireEvent.click(runButton());
    expect(client.callsOf('import.run')).toEqual([]);
  });

  it('keeps Import disabled when every file the preview found failed to read', async () => {
    const client = importClient({
      'import.preview': () => ({ ok: true, value: { ...preview, files: [preview.files[1]!], samples: [] } }),
    });
    await openImport(client);
    await previewPaths('captures/broken.jsonl.gz');
    expect(runButton().disabled).toBe(true);
    expect(screen.getByTestId('import-blocker').textContent).toBe('None of these files could be read (see the errors below): correct the paths and preview again.');
  });

  it('is the skip link\'s target (#main)', async () => {
    await openImport(importClient());
    expect(document.getElementById('main')?.className).toBe('import-screen');
    expect(document.querySelector('.skip-link')?.getAttribute('href')).toBe('#main');
  });

  it('offers the replay as the next step after an import, and the imported traffic', async () => {
    const client = importClient();
    await openImport(client);
    await previewPaths('captures/support.jsonl');
    await waitFor(() => expect(runButton().disabled).toBe(false));
    fireEvent.click(runButton());
    const next = await screen.findByTestId('import-next');
    expect(within(next).getByRole('link', { name: 'Replay this traffic →' }).getAttribute('href')).toBe('#/replay');
    expect(within(next).getByRole('link', { name: 'Browse the samples' }).getAttribute('href')).toBe('#/traffic');
  });
});
