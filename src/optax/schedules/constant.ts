import * as jnp from "../../numpy/index.js";
import type { ScheduleFn, ScheduleValue } from "./types.js";

/** optax.constant_schedule: the same value at every step. */
export function constantSchedule(value: ScheduleValue): ScheduleFn {
  return () => jnp.asarray(value);
}
