// Timing. Warm-up calls come first (they include tracing, compilation and cache fills); then the
// frameworks take turns, one timed call each per round, so that load from other processes on a
// shared machine falls on all of them alike rather than on whichever ran during a busy spell.
// Each reports the median of its timed calls, which resists outliers such as a garbage
// collection landing in one call.

export interface TimingOptions {
  warmup: number;
  minRuns: number;
  maxRuns: number;
  /** A framework stops taking turns once this many milliseconds have been spent on its timed calls. */
  budgetMs: number;
}

export interface Timing {
  /** The first call, compilation included. */
  firstMs: number;
  medianMs: number;
  runs: number;
}

export const DEFAULT_TIMING: TimingOptions = { warmup: 2, minRuns: 5, maxRuns: 25, budgetMs: 2000 };

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await run();
  return [performance.now() - start, result];
}

interface Contender<T> {
  run: () => Promise<T>;
  firstMs: number;
  minRuns: number;
  times: number[];
  spent: number;
  last: T;
}

/** A framework's timing and the result of its last call, or the error that stopped it. */
export type Measured<T> = { timing: Timing; result: T } | { error: unknown };

/** Times each of `runs` (keyed by framework) in alternation. */
export async function measureInTurns<T>(
  runs: ReadonlyMap<string, () => Promise<T>>,
  options: TimingOptions = DEFAULT_TIMING,
): Promise<Map<string, Measured<T>>> {
  const out = new Map<string, Measured<T>>();
  const contenders = new Map<string, Contender<T>>();
  for (const [name, run] of runs) {
    try {
      const [firstMs, first] = await timed(run);
      // A call slower than the whole budget (an interpreted peer on a big matmul) is timed once
      // more and no further, so one slow framework cannot hold the run for minutes.
      const slow = firstMs > options.budgetMs;
      let last = first;
      for (let i = 1; i < (slow ? 1 : options.warmup); i++) last = await run();
      contenders.set(name, { run, firstMs, minRuns: slow ? 1 : options.minRuns, times: [], spent: 0, last });
    } catch (error) {
      out.set(name, { error });
    }
  }
  const wantsMore = (c: Contender<T>) =>
    c.times.length < options.maxRuns && (c.times.length < c.minRuns || c.spent < options.budgetMs);
  for (;;) {
    const active = [...contenders].filter(([, c]) => wantsMore(c));
    if (active.length === 0) break;
    for (const [name, c] of active) {
      try {
        const [ms, result] = await timed(c.run);
        c.times.push(ms);
        c.spent += ms;
        c.last = result;
      } catch (error) {
        out.set(name, { error });
        contenders.delete(name);
      }
    }
  }
  for (const [name, c] of contenders) {
    out.set(name, { timing: { firstMs: c.firstMs, medianMs: median(c.times), runs: c.times.length }, result: c.last });
  }
  return out;
}
