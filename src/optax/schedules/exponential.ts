// Exponential decay (continuous, or StepLR-like with `staircase`) and its warmup variant.
import * as jnp from "../../numpy/index.js";
import { constantSchedule } from "./constant.js";
import { joinSchedules } from "./join.js";
import { linearSchedule } from "./polynomial.js";
import type { ScheduleFn, ScheduleValue } from "./types.js";

export interface ExponentialDecayOptions {
  /** Steps to hold `initValue` before decaying (negative values count as 0). */
  transitionBegin?: number;
  /** Decay in whole steps of `transitionSteps` (PyTorch's StepLR) rather than continuously. */
  staircase?: boolean;
  /** A floor when `decayRate < 1`, a ceiling otherwise. */
  endValue?: ScheduleValue;
}

/**
 * optax.exponential_decay: `initValue * decayRate ** ((count - transitionBegin) / transitionSteps)`
 * once `count > transitionBegin`. A non-positive `transitionSteps` or a zero `decayRate` gives a
 * constant schedule, as in optax.
 */
export function exponentialDecay(
  initValue: ScheduleValue,
  transitionSteps: number,
  decayRate: number,
  options: ExponentialDecayOptions = {},
): ScheduleFn {
  if (transitionSteps <= 0 || decayRate === 0) return constantSchedule(initValue);
  const begin = Math.max(0, options.transitionBegin ?? 0);
  const { staircase = false, endValue } = options;
  const bound = decayRate < 1 ? jnp.maximum : jnp.minimum;
  return (count) => {
    const elapsed = jnp.subtract(count, begin);
    let p = jnp.divide(elapsed, transitionSteps);
    if (staircase) p = jnp.floor(p);
    const decayed = jnp.where(jnp.lessEqual(elapsed, 0), initValue, jnp.multiply(initValue, jnp.power(decayRate, p)));
    return endValue === undefined ? decayed : bound(decayed, endValue);
  };
}

/** optax.warmup_exponential_decay_schedule: a linear warmup to `peakValue`, then exponentialDecay from it. */
export function warmupExponentialDecaySchedule(
  initValue: ScheduleValue,
  peakValue: ScheduleValue,
  warmupSteps: number,
  transitionSteps: number,
  decayRate: number,
  options: ExponentialDecayOptions = {},
): ScheduleFn {
  return joinSchedules(
    [
      linearSchedule(initValue, peakValue, warmupSteps),
      exponentialDecay(peakValue, transitionSteps, decayRate, options),
    ],
    [warmupSteps],
  );
}
