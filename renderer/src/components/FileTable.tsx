import type { ImportPreview } from '../../../shared/domain/import.js';

/** Per input file: the format it was read as, what it held, and why it could not be read if so. */
export function FileTable({ files, testId, note }: { files: ImportPreview['files']; testId: string; note?: string }) {
  if (files.length === 0) {
    return (
      <p className="placeholder" data-testid={testId}>
        No capture files found at these paths.
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data-table file-table" data-testid={testId}>
        {note && <caption className="file-table-note">{note}</caption>}
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Format</th>
            <th scope="col" className="num">
              Records
            </th>
            <th scope="col" className="num">
              Samples
            </th>
            <th scope="col" className="num">
              Skipped
            </th>
            <th scope="col" className="num">
              Rejected
            </th>
            <th scope="col">Error</th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.file} data-file={f.file} className={f.error ? 'row-error' : undefined}>
              <td data-col="file">
                <code>{f.file}</code>
              </td>
              <td data-col="format">{f.format ?? <span className="muted" title="No record of this file was recognised">not detected</span>}</td>
              <td data-col="records" className="num">
                {f.records}
              </td>
              <td data-col="samples" className="num">
                {f.samples}
              </td>
              <td data-col="skipped" className="num">
                {f.skipped}
              </td>
              <td data-col="rejected" className={f.rejected > 0 ? 'num warn' : 'num'}>
                {f.rejected}
              </td>
              <td data-col="error" className="error-text">
                {f.error ?? ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
