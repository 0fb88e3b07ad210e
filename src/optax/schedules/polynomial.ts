// Polynomial and linear transitions between two values over a window of steps.
import * as jnp from "../../numpy/index.js";
import { constantSchedule } from "./constant.js";
import type { ScheduleFn, ScheduleValue } from "./types.js";

export interface PolynomialScheduleOptions {
  /** Steps to hold `initValue` before the transition starts (negative values count as 0). */
  transitionBegin?: number;
}

/**
 * optax.polynomial_schedule: `(init - end) * (1 - t / transitionSteps) ** power + end` with
 * `t = clip(count - transitionBegin, 0, transitionSteps)`. A non-positive `transitionSteps`
 * disables the transition (the value stays `initValue`), as in optax.
 */
export function polynomialSchedule(
  initValue: ScheduleValue,
  endValue: ScheduleValue,
  power: number,
  transitionSteps: number,
  options: PolynomialScheduleOptions = {},
): ScheduleFn {
  if (transitionSteps <= 0) return constantSchedule(initValue);
  const begin = Math.max(0, options.transitionBegin ?? 0);
  return (count) => {
    const t = jnp.clip(jnp.subtract(count, begin), 0, transitionSteps);
    const frac = jnp.subtract(1, jnp.divide(t, transitionSteps));
    const span = jnp.subtract(initValue, endValue);
    return jnp.add(jnp.multiply(span, jnp.power(frac, power)), endValue);
  };
}

/** optax.linear_schedule: polynomialSchedule with power 1. */
export function linearSchedule(
  initValue: ScheduleValue,
  endValue: ScheduleValue,
  transitionSteps: number,
  options: PolynomialScheduleOptions = {},
): ScheduleFn {
  return polynomialSchedule(initValue, endValue, 1, transitionSteps, options);
}

/** optax.warmup_constant_schedule: a linear warmup to `peakValue`, held afterwards. */
export function warmupConstantSchedule(
  initValue: ScheduleValue,
  peakValue: ScheduleValue,
  warmupSteps: number,
): ScheduleFn {
  return linearSchedule(initValue, peakValue, warmupSteps);
}
