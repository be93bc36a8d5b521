import type { ReactNode } from 'react';
import type { Section } from '../../stores/overview-store.js';
import { ErrorBox } from '../ErrorBox.js';

/**
 * One part of the overview in whichever state it is: loading, failed (with what to do), or its content. A failed
 * refresh keeps the content that was shown and says above it that it may be out of date.
 */
export function SectionState<T>({ what, section, onRetry, children }: { what: string; section: Section<T>; onRetry(): void; children(value: T): ReactNode }) {
  if (section.value === null) {
    if (section.status === 'error') return <ErrorBox title={`Could not load ${what}`} message={section.error ?? 'unknown error'} onRetry={onRetry} />;
    if (section.status === 'loading') {
      return (
        <p className="placeholder section-loading" aria-busy="true">
          Loading {what}…
        </p>
      );
    }
    return null;
  }
  return (
    <>
      {section.error && <StaleNote what={what} error={section.error} onRetry={onRetry} />}
      {children(section.value)}
    </>
  );
}

/** A refresh failed: what is shown is the last good answer. */
export function StaleNote({ what, error, onRetry }: { what: string; error: string; onRetry(): void }) {
  return (
    <div className="stale-note" role="alert" data-testid="stale-note">
      <p>
        <strong>Could not refresh {what}; showing what was loaded before.</strong> {error}
      </p>
      <button type="button" className="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}
