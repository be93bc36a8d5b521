import { useEffect, useRef } from 'react';
import { isTypingTarget } from './case-format.js';

/** Key handlers by KeyboardEvent.key ('j', '?', 'Escape', …). */
export type KeyMap = Partial<Record<string, (e: KeyboardEvent) => void>>;

/**
 * Single-key shortcuts on the whole window while a screen is shown. Keys typed into a text field stay text
 * (only Escape gets through), and chords with Ctrl/Meta/Alt belong to the browser.
 */
export function useKeys(map: KeyMap, enabled = true): void {
  const ref = useRef(map);
  ref.current = map;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key !== 'Escape' && isTypingTarget(e.target)) return;
      const handler = ref.current[e.key];
      if (!handler) return;
      e.preventDefault();
      handler(e);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
