// The shape of every schedule built here: a step count (an int32 scalar array, or a JS number when
// called by hand) to a value computed with array ops only, so a schedule traces under jit.
import type { JaxArray } from "../../tracing/array.js";

export type ScheduleFn = (count: JaxArray | number) => JaxArray;

/** A schedule value or bound given as a JS number or an array (e.g. one injectHyperparams made). */
export type ScheduleValue = number | JaxArray;
