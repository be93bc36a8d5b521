/** A one-line progress bar on a TTY; silent otherwise (CI logs stay clean). */
export function progressBar(label: string, enabled: boolean, stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  return {
    update(done: number, total: number, extra = ''): void {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 80 && done < total) return;
      last = now;
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const bar = '█'.repeat(Math.round(frac * 28)).padEnd(28, '░');
      stream.write(`\r${label} ${bar} ${done}/${total} ${extra}`.padEnd(80));
    },
    finish(): void {
      if (enabled) stream.write('\n');
    },
  };
}
