// Timing: warm-up calls first (they include tracing, compilation and cache fills), then timed calls
// until both a minimum count and a time budget are reached; the median resists outliers such as
// a garbage collection landing in one call.

export interface TimingOptions {
  warmup: number;
  minRuns: number;
  maxRuns: number;
  /** Stop adding timed runs once this many milliseconds have been spent on them. */
  budgetMs: number;
}

export interface Timing {
  /** The first call, compilation included. */
  firstMs: number;
  medianMs: number;
  runs: number;
}

export const DEFAULT_TIMING: TimingOptions = { warmup: 2, minRuns: 3, maxRuns: 15, budgetMs: 1500 };

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Times `run`; returns the timing and the last call's result. */
export async function measure<T>(run: () => Promise<T>, options: TimingOptions = DEFAULT_TIMING): Promise<[Timing, T]> {
  let start = performance.now();
  let result = await run();
  const firstMs = performance.now() - start;
  // A call slower than the whole budget (an interpreted peer on a big matmul) is timed once more
  // and no further, so one slow framework cannot hold the run for minutes.
  const slow = firstMs > options.budgetMs;
  const warmup = slow ? 1 : options.warmup;
  const minRuns = slow ? 1 : options.minRuns;
  for (let i = 1; i < warmup; i++) result = await run();
  const times: number[] = [];
  let spent = 0;
  while (times.length < options.maxRuns && (times.length < minRuns || spent < options.budgetMs)) {
    start = performance.now();
    result = await run();
    const t = performance.now() - start;
    times.push(t);
    spent += t;
  }
  return [{ firstMs, medianMs: median(times), runs: times.length }, result];
}
