// Schedules defined by multiplicative jumps at given steps: held constant between them, or
// interpolated (linearly or by a half cosine) from one accumulated value to the next.
import { ValueError } from "../../errors.js";
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import type { ScheduleFn, ScheduleValue } from "./types.js";

/**
 * optax's `{step: scale}` dict: a JS object (`{ 100: 0.1, 200: 0.01 }`), a Map, or [step, scale]
 * pairs. A later pair for the same step replaces an earlier one, as a dict literal does.
 */
export type BoundariesAndScales =
  Readonly<Record<number, number>> | ReadonlyMap<number, number> | ReadonlyArray<readonly [number, number]>;

/** The boundaries in increasing order with their scales, checked non-negative. */
export function sortedBoundaries(op: string, given: BoundariesAndScales | null | undefined): [number, number][] {
  if (given === null || given === undefined) return [];
  const merged = new Map<number, number>();
  const pairs: Iterable<readonly [number | string, number]> =
    given instanceof Map || Array.isArray(given)
      ? (given as Iterable<readonly [number, number]>)
      : Object.entries(given);
  for (const [step, scale] of pairs) merged.set(Number(step), scale);
  const sorted = [...merged.entries()].sort((a, b) => a[0] - b[0]);
  if (sorted.some(([, s]) => !(s >= 0))) throw new ValueError(`${op}: expects non-negative scale factors`);
  return sorted;
}

/**
 * optax.piecewise_constant_schedule: `initValue` times the product of the scales of every
 * boundary the count has reached (`count >= boundary`).
 */
export function piecewiseConstantSchedule(
  initValue: ScheduleValue,
  boundariesAndScales?: BoundariesAndScales | null,
): ScheduleFn {
  const steps = sortedBoundaries("piecewiseConstantSchedule", boundariesAndScales);
  return (count) => {
    let v = jnp.asarray(initValue);
    for (const [boundary, scale] of steps) v = jnp.where(jnp.less(count, boundary), v, jnp.multiply(v, scale));
    return v;
  };
}

export type InterpolateType = "linear" | "cosine";

function interpolate(kind: InterpolateType, start: JaxArray, end: JaxArray, pct: JaxArray): JaxArray {
  if (kind === "linear") return jnp.add(jnp.multiply(jnp.subtract(end, start), pct), start);
  const halfCos = jnp.add(jnp.cos(jnp.multiply(Math.PI, pct)), 1);
  return jnp.add(end, jnp.multiply(jnp.divide(jnp.subtract(start, end), 2), halfCos));
}

/**
 * optax.piecewise_interpolate_schedule: the values `initValue * scale_1 * ... * scale_i` are
 * reached at the boundaries, and interpolated between them; before step 0 the value is 0 and
 * after the last boundary it is the last value, as in optax.
 */
export function piecewiseInterpolateSchedule(
  interpolateType: InterpolateType,
  initValue: ScheduleValue,
  boundariesAndScales?: BoundariesAndScales | null,
): ScheduleFn {
  if (interpolateType !== "linear" && interpolateType !== "cosine") {
    throw new ValueError(
      `piecewiseInterpolateSchedule: interpolateType must be 'linear' or 'cosine', got '${String(interpolateType)}'`,
    );
  }
  const steps = sortedBoundaries("piecewiseInterpolateSchedule", boundariesAndScales);
  const bounds = [0, ...steps.map(([b]) => b)];
  return (count) => {
    const values = [jnp.asarray(initValue)];
    for (const [, scale] of steps) values.push(jnp.multiply(values[values.length - 1]!, scale));
    const last = values[values.length - 1]!;
    let out = jnp.where(jnp.lessEqual(bounds[bounds.length - 1]!, count), last, jnp.zerosLike(last));
    for (let i = 0; i + 1 < bounds.length; i++) {
      const lo = bounds[i]!;
      const hi = bounds[i + 1]!;
      const inside = jnp.logicalAnd(jnp.lessEqual(lo, count), jnp.less(count, hi));
      const pct = jnp.divide(jnp.subtract(count, lo), Math.max(hi - lo, 1));
      out = jnp.add(out, jnp.where(inside, interpolate(interpolateType, values[i]!, values[i + 1]!, pct), 0));
    }
    return out;
  };
}
