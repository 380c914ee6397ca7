// A benchmark's headline figures, gathered by bench/run.ts into one table. Each figure is a
// ratio against a baseline measured in the same run, so a loaded machine slows both sides alike.
import { appendFileSync } from 'node:fs';

export interface Figure {
  /** What was measured, e.g. "capture load + index (1,000,000 envelopes)". */
  name: string;
  /** The measurement, already formatted with its unit. */
  measured: string;
  /** The baseline it is compared with, formatted, and what it is. */
  baseline: string;
  /** measured / baseline, in the direction the target states. */
  ratio: number;
  /** The target in words, e.g. "ratio >= 0.5" or "<= 2 s". */
  target: string;
  met: boolean;
}

/** Where bench/run.ts collects figures; a benchmark run on its own just prints them. */
export const FIGURES_FILE_ENV = 'PARALLAX_BENCH_FIGURES';

export function reportFigure(figure: Figure): void {
  console.log(`  figure: ${figure.name}: ${figure.measured} vs ${figure.baseline} = ${figure.ratio.toFixed(3)} (target ${figure.target}: ${figure.met ? 'met' : 'MISSED'})`);
  const file = process.env[FIGURES_FILE_ENV];
  if (file) appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

export const formatMs = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);
export const formatRate = (perSecond: number, unit: string) => `${Math.round(perSecond).toLocaleString('en')} ${unit}/s`;
export const formatMiB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
