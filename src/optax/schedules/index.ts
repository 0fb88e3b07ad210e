// optax's schedules: step count -> value, computed with array ops so they jit.
export type { ScheduleFn, ScheduleValue } from "./types.js";
export { constantSchedule } from "./constant.js";
export {
  polynomialSchedule,
  linearSchedule,
  warmupConstantSchedule,
  type PolynomialScheduleOptions,
} from "./polynomial.js";
export { exponentialDecay, warmupExponentialDecaySchedule, type ExponentialDecayOptions } from "./exponential.js";
export {
  cosineDecaySchedule,
  warmupCosineDecaySchedule,
  sgdrSchedule,
  type CosineDecayOptions,
  type WarmupCosineDecayOptions,
  type SgdrCycle,
} from "./cosine.js";
export {
  piecewiseConstantSchedule,
  piecewiseInterpolateSchedule,
  type BoundariesAndScales,
  type InterpolateType,
} from "./piecewise.js";
export {
  linearOnecycleSchedule,
  cosineOnecycleSchedule,
  type LinearOnecycleOptions,
  type CosineOnecycleOptions,
} from "./onecycle.js";
export { joinSchedules } from "./join.js";
