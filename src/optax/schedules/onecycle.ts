// The one-cycle policy (Smith et al., 2017): up to a peak, back down, then a long tail.
import { ValueError } from "../../errors.js";
import * as jnp from "../../numpy/index.js";
import { piecewiseInterpolateSchedule } from "./piecewise.js";
import type { ScheduleFn, ScheduleValue } from "./types.js";

export interface LinearOnecycleOptions {
  pctStart?: number;
  pctFinal?: number;
  divFactor?: number;
  finalDivFactor?: number;
}

/**
 * optax.linear_onecycle_schedule: linear from `peak / divFactor` to `peakValue` at
 * `pctStart * T`, back to `peak / divFactor` at `pctFinal * T`, then to
 * `peak / (divFactor * finalDivFactor)` at T.
 */
export function linearOnecycleSchedule(
  transitionSteps: number,
  peakValue: ScheduleValue,
  options: LinearOnecycleOptions = {},
): ScheduleFn {
  if (transitionSteps <= 0) throw new ValueError("linearOnecycleSchedule: transitionSteps must be positive");
  const { pctStart = 0.3, pctFinal = 0.85, divFactor = 25, finalDivFactor = 1e4 } = options;
  return piecewiseInterpolateSchedule("linear", initialOf(peakValue, divFactor), [
    [Math.trunc(pctStart * transitionSteps), divFactor],
    [Math.trunc(pctFinal * transitionSteps), 1 / divFactor],
    [transitionSteps, 1 / finalDivFactor],
  ]);
}

export interface CosineOnecycleOptions {
  pctStart?: number;
  divFactor?: number;
  finalDivFactor?: number;
}

/** optax.cosine_onecycle_schedule: half-cosine up to `peakValue` at `pctStart * T`, then down to `peak / (divFactor * finalDivFactor)`. */
export function cosineOnecycleSchedule(
  transitionSteps: number,
  peakValue: ScheduleValue,
  options: CosineOnecycleOptions = {},
): ScheduleFn {
  if (transitionSteps <= 0) throw new ValueError("cosineOnecycleSchedule: transitionSteps must be positive");
  const { pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4 } = options;
  return piecewiseInterpolateSchedule("cosine", initialOf(peakValue, divFactor), [
    [Math.trunc(pctStart * transitionSteps), divFactor],
    [Math.trunc(transitionSteps), 1 / (divFactor * finalDivFactor)],
  ]);
}

function initialOf(peakValue: ScheduleValue, divFactor: number): ScheduleValue {
  return typeof peakValue === "number" ? peakValue / divFactor : jnp.divide(peakValue, divFactor);
}
