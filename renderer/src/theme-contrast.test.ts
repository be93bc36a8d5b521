// A test reads the stylesheet the app ships from disk (Vitest does not load CSS as text); the browser rule is for app code.
// eslint-disable-next-line no-restricted-imports
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8');

/** The custom properties of the first `:root { … }` block inside `scope` (the whole file, or the dark media block). */
function variables(scope: string): Record<string, string> {
  const root = /:root\s*\{([^}]*)\}/.exec(scope);
  if (!root) throw new Error('no :root block');
  const vars: Record<string, string> = {};
  for (const m of root[1]!.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) vars[m[1]!] = m[2]!;
  return vars;
}

const light = variables(css);
const darkBlock = /@media \(prefers-color-scheme: dark\)\s*\{([\s\S]*?\n\})/.exec(css)?.[1] ?? '';
const dark = { ...light, ...variables(darkBlock) };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2.1 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

// Every foreground/background pair the stylesheets put text on (4.5:1), then non-text marks (3:1).
const TEXT_PAIRS: [string, string][] = [
  ['text', 'bg'],
  ['text', 'panel'],
  ['text', 'th-bg'],
  ['text', 'row-hover'],
  ['text', 'inc-bg'],
  ['muted', 'panel'],
  ['muted', 'bg'],
  ['muted', 'th-bg'],
  ['muted', 'row-hover'],
  ['accent-text', 'panel'],
  ['accent-text', 'accent-soft'],
  ['accent-text', 'row-hover'],
  ['accent-text', 'fail-bg'],
  ['accent-text', 'inc-bg'],
  ['pass', 'pass-bg'],
  ['pass', 'panel'],
  ['fail', 'fail-bg'],
  ['fail', 'panel'],
  ['fail-strong', 'fail-bg'],
  ['inc', 'inc-bg'],
  ['inc', 'panel'],
  ['sim', 'sim-bg'],
  ['on-accent', 'accent'],
  ['on-accent', 'accent-hover'],
];
const MARK_PAIRS: [string, string][] = [
  ['arm-baseline', 'panel'],
  ['arm-candidate', 'panel'],
  ['control-off', 'panel'],
  ['pass', 'panel'],
  ['fail', 'fail-bg'],
  ['inc', 'panel'],
];

describe('theme colours (styles.css)', () => {
  it('defines the same variables in the dark theme as in the light one', () => {
    expect(Object.keys(variables(darkBlock)).sort()).toEqual(Object.keys(light).sort());
  });

  for (const [name, theme] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it(`keeps WCAG AA contrast for every text pair in the ${name} theme`, () => {
      const low = TEXT_PAIRS.map(([fg, bg]) => ({ pair: `${fg} on ${bg}`, ratio: Math.round(contrast(theme[fg]!, theme[bg]!) * 100) / 100 })).filter((p) => p.ratio < 4.5);
      expect(low).toEqual([]);
    });

    it(`keeps 3:1 for chart marks and controls in the ${name} theme`, () => {
      const low = MARK_PAIRS.map(([fg, bg]) => ({ pair: `${fg} on ${bg}`, ratio: Math.round(contrast(theme[fg]!, theme[bg]!) * 100) / 100 })).filter((p) => p.ratio < 3);
      expect(low).toEqual([]);
    });
  }
});
