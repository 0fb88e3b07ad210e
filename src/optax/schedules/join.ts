import { ValueError } from "../../errors.js";
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import type { ScheduleFn } from "./types.js";

/** Any schedule a user may pass: ours, or a plain function of the count. */
export type AnySchedule = (count: JaxArray) => JaxArray | number;

/**
 * optax.join_schedules: `schedules[i + 1]` takes over at `boundaries[i]`, and counts its steps
 * from that boundary.
 */
export function joinSchedules(schedules: readonly AnySchedule[], boundaries: readonly number[]): ScheduleFn {
  if (schedules.length === 0) throw new ValueError("joinSchedules: needs at least one schedule");
  return (count) => {
    const step = jnp.asarray(count);
    let out = jnp.asarray(schedules[0]!(step));
    boundaries.forEach((boundary, i) => {
      const next = schedules[i + 1];
      if (next === undefined) return;
      out = jnp.where(jnp.less(step, boundary), out, next(jnp.subtract(step, boundary)));
    });
    return out;
  };
}
