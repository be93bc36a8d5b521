/** One figure of a benchmark, printed as one JSON line. */
export interface BenchFigure {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  reference?: number;
  ratio?: number;
}

/** Prints a figure as one JSON line on stdout (ratio = value / reference when a reference is given). */
export function emit(f: BenchFigure): void {
  const out: BenchFigure = { ...f, value: round(f.value) };
  if (f.reference !== undefined) {
    out.reference = round(f.reference);
    out.ratio = round(f.value / f.reference);
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Tracks the process's peak resident set size by sampling (ru_maxrss is also read at the end). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** The median of some figures (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
