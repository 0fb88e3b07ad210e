import { ValueError } from "../../errors.js";
import * as jnp from "../../numpy/index.js";
import type { Schedule } from "../base.js";
import type { ScheduleFn } from "./types.js";

/**
 * optax.join_schedules: `schedules[i + 1]` takes over at `boundaries[i]`, and counts its steps
 * from that boundary.
 */
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): ScheduleFn {
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
