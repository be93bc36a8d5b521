/** A multipart/form-data body: its plain fields and its file parts. */
export interface FormData {
  fields: Record<string, string>;
  files: Record<string, { filename: string; contentType: string | null; content: string }>;
}

/** The body is not the multipart/form-data it claims to be; the message says what is wrong. */
export class MultipartError extends Error {}

function boundaryOf(contentType: string | undefined): string {
  const [type, ...params] = (contentType ?? '').split(';').map((p) => p.trim());
  if (type?.toLowerCase() !== 'multipart/form-data') throw new MultipartError(`expected Content-Type multipart/form-data, got ${contentType ? `"${type}"` : 'none'}`);
  for (const p of params) {
    const m = /^boundary=(?:"([^"]+)"|([^\s;]+))$/i.exec(p);
    if (m) return m[1] ?? m[2]!;
  }
  throw new MultipartError('the multipart/form-data Content-Type has no boundary');
}

function dispositionParam(disposition: string, name: string): string | undefined {
  const m = new RegExp(`;\\s*${name}="([^"]*)"`, 'i').exec(disposition) ?? new RegExp(`;\\s*${name}=([^;\\s]+)`, 'i').exec(disposition);
  return m?.[1];
}

/**
 * Parses a multipart/form-data body (RFC 7578) read as UTF-8 text: the sim only receives JSONL uploads, so text
 * is enough. Each part needs a Content-Disposition of form-data with a name; a filename makes it a file.
 */
export function parseMultipart(body: string, contentType: string | undefined): FormData {
  const delimiter = `--${boundaryOf(contentType)}`;
  const out: FormData = { fields: {}, files: {} };
  const start = body.indexOf(delimiter);
  if (start < 0) throw new MultipartError('the body does not contain the boundary');
  let pos = start + delimiter.length;
  for (;;) {
    if (body.startsWith('--', pos)) return out; // the closing delimiter
    if (!body.startsWith('\r\n', pos)) throw new MultipartError('a boundary is not followed by CRLF');
    const next = body.indexOf(`\r\n${delimiter}`, pos + 2);
    if (next < 0) throw new MultipartError('the body ends without the closing boundary');
    const part = body.slice(pos + 2, next);
    pos = next + 2 + delimiter.length;
    const headerEnd = part.indexOf('\r\n\r\n');
    const rawHeaders = headerEnd < 0 ? part : part.slice(0, headerEnd);
    const content = headerEnd < 0 ? '' : part.slice(headerEnd + 4);
    const headers = new Map<string, string>();
    for (const line of rawHeaders.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    if (!/^form-data\b/i.test(disposition)) throw new MultipartError('a part has no Content-Disposition: form-data');
    const name = dispositionParam(disposition, 'name');
    if (!name) throw new MultipartError('a part has no name');
    const filename = dispositionParam(disposition, 'filename');
    if (filename !== undefined) out.files[name] = { filename, contentType: headers.get('content-type') ?? null, content };
    else out.fields[name] = content;
  }
}
