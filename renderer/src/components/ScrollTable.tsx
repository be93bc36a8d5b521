import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways inside its own box when it is wider than the screen. The box is a labelled
 * region in the tab order, so keyboard users can scroll it too; `pinFirst` keeps the first column in view.
 */
export function ScrollTable({ label, pinFirst = false, children }: { label: string; pinFirst?: boolean; children: ReactNode }) {
  return (
    <div className={pinFirst ? 'table-wrap pin-first' : 'table-wrap'} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
