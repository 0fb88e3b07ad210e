// Cosine annealing, with a linear warmup, and restarted (SGDR).
import { ValueError } from "../../errors.js";
import * as jnp from "../../numpy/index.js";
import { joinSchedules } from "./join.js";
import { linearSchedule } from "./polynomial.js";
import type { ScheduleFn, ScheduleValue } from "./types.js";

export interface CosineDecayOptions {
  /** The floor of the multiplier: the value ends at `alpha * initValue`. */
  alpha?: ScheduleValue;
  /** Raises the cosine factor `0.5 * (1 + cos(pi * t / T))` to this power. */
  exponent?: ScheduleValue;
}

/** optax.cosine_decay_schedule: `init * ((1 - alpha) * (0.5 * (1 + cos(pi * t / T))) ** exponent + alpha)`, t capped at T. */
export function cosineDecaySchedule(
  initValue: ScheduleValue,
  decaySteps: number,
  options: CosineDecayOptions = {},
): ScheduleFn {
  if (!(decaySteps > 0)) throw new ValueError(`cosineDecaySchedule: decaySteps must be positive, got ${decaySteps}`);
  const { alpha = 0, exponent = 1 } = options;
  return (count) => {
    const t = jnp.minimum(count, decaySteps);
    const cosine = jnp.multiply(0.5, jnp.add(1, jnp.cos(jnp.divide(jnp.multiply(Math.PI, t), decaySteps))));
    const decayed = jnp.add(jnp.multiply(jnp.subtract(1, alpha), jnp.power(cosine, exponent)), alpha);
    return jnp.multiply(initValue, decayed);
  };
}

export interface WarmupCosineDecayOptions {
  endValue?: ScheduleValue;
  exponent?: ScheduleValue;
}

/** `endValue / peakValue`, or 0 when the peak is 0 (optax's alpha for the cosine part). */
function endFraction(endValue: ScheduleValue, peakValue: ScheduleValue): ScheduleValue {
  if (typeof endValue === "number" && typeof peakValue === "number") return peakValue === 0 ? 0 : endValue / peakValue;
  const zeroPeak = jnp.equal(peakValue, 0);
  return jnp.where(zeroPeak, 0, jnp.divide(endValue, jnp.where(zeroPeak, 1, peakValue)));
}

/**
 * optax.warmup_cosine_decay_schedule: linear warmup from `initValue` to `peakValue` over
 * `warmupSteps`, then cosine decay to `endValue`; `decaySteps` counts the warmup too.
 */
export function warmupCosineDecaySchedule(
  initValue: ScheduleValue,
  peakValue: ScheduleValue,
  warmupSteps: number,
  decaySteps: number,
  options: WarmupCosineDecayOptions = {},
): ScheduleFn {
  const { endValue = 0, exponent = 1 } = options;
  return joinSchedules(
    [
      linearSchedule(initValue, peakValue, warmupSteps),
      cosineDecaySchedule(peakValue, decaySteps - warmupSteps, { alpha: endFraction(endValue, peakValue), exponent }),
    ],
    [warmupSteps],
  );
}

/** One cycle of sgdrSchedule: the arguments of warmupCosineDecaySchedule by name. */
export interface SgdrCycle extends WarmupCosineDecayOptions {
  initValue: ScheduleValue;
  peakValue: ScheduleValue;
  warmupSteps: number;
  decaySteps: number;
}

/** optax.sgdr_schedule: warm restarts, one warmupCosineDecaySchedule per cycle, each `decaySteps` long. */
export function sgdrSchedule(cycles: readonly SgdrCycle[]): ScheduleFn {
  const boundaries: number[] = [];
  let step = 0;
  const schedules = cycles.map((c) => {
    step += c.decaySteps;
    boundaries.push(step);
    return warmupCosineDecaySchedule(c.initValue, c.peakValue, c.warmupSteps, c.decaySteps, c);
  });
  return joinSchedules(schedules, boundaries.slice(0, -1));
}
