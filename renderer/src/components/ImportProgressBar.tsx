import type { ImportProgress } from '../stores/import-store.js';
import { formatBytes } from '../format.js';

/** How far a running import has read; indeterminate until the engine's first import.progress event. */
export function ImportProgressBar({ progress }: { progress: ImportProgress | null }) {
  const known = progress !== null && progress.bytesTotal > 0;
  return (
    <div className="import-progress" role="status" data-testid="import-progress">
      {known ? <progress max={progress.bytesTotal} value={Math.min(progress.bytesRead, progress.bytesTotal)} /> : <progress />}
      <span>
        {progress === null
          ? 'Importing…'
          : `Importing… ${known ? `${formatBytes(progress.bytesRead)} of ${formatBytes(progress.bytesTotal)} · ` : ''}${progress.records} record${progress.records === 1 ? '' : 's'} read`}
      </span>
    </div>
  );
}
