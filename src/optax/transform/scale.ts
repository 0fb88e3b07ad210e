// Scaling by constants, schedules, signs and parameter-block statistics.
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import {
  emptyState,
  identity,
  isSchedule,
  requireParams,
  type EmptyState,
  type GradientTransformation,
  type Numeric,
  type ScalarOrSchedule,
  type Schedule,
} from "../base.js";
import { declareFactory } from "../factory.js";
import { safeIncrement, safeNorm, safeRootMeanSquares, zeroCount } from "../numerics.js";
import { hp, scalarOf } from "../scalars.js";
import { mapLeaves } from "../tree-math.js";

/** Multiplies every update by `stepSize`. */
export function scale(stepSize: Numeric): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState): [U, EmptyState] => [
      mapLeaves((g) => jnp.multiply(hp(stepSize, g), g), updates),
      state,
    ],
  };
}

export interface ScaleByScheduleState {
  count: JaxArray;
}

/** Multiplies the updates by `stepSizeFn(count)`, the count being the number of updates so far. */
export function scaleBySchedule(stepSizeFn: Schedule): GradientTransformation<ScaleByScheduleState> {
  return {
    init: () => ({ count: zeroCount() }),
    update: <U>(updates: U, state: ScaleByScheduleState): [U, ScaleByScheduleState] => {
      const stepSize = stepSizeFn(state.count);
      const out = mapLeaves((g) => jnp.multiply(scalarOf(stepSize, g.dtype), g), updates);
      return [out, { count: safeIncrement(state.count) }];
    },
  };
}

export type ScaleByLearningRateState = ScaleByScheduleState | EmptyState;

export interface ScaleByLearningRateOptions {
  /** Scale by `-learningRate` (descent, the default) or by `learningRate`. */
  flipSign?: boolean;
}

/** Scales by the negative learning rate (a number or a schedule); `null` means no scaling. */
export function scaleByLearningRate(
  learningRate: ScalarOrSchedule | null,
  options: ScaleByLearningRateOptions = {},
): GradientTransformation<ScaleByLearningRateState> {
  if (learningRate === null) return identity();
  const m = (options.flipSign ?? true) ? -1 : 1;
  if (isSchedule(learningRate)) {
    return scaleBySchedule((count) => {
      const lr = learningRate(count);
      return typeof lr === "number" ? m * lr : jnp.multiply(hp(m, lr), lr);
    });
  }
  return scale(typeof learningRate === "number" ? m * learningRate : jnp.multiply(hp(m, learningRate), learningRate));
}

/** Replaces each update by its sign. */
export function scaleBySign(): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState): [U, EmptyState] => [mapLeaves((g) => jnp.sign(g), updates), state],
  };
}

/** Scales each update by the norm of its parameter block (at least `minScale`). */
export function scaleByParamBlockNorm(minScale: Numeric = 1e-3): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState, params?: unknown): [U, EmptyState] => {
      const p = requireParams(params, "scaleByParamBlockNorm");
      return [mapLeaves((u, x) => jnp.multiply(u, safeNorm(x, minScale)), updates, p), state];
    },
  };
}

/** Scales each update by the root mean square of its parameter block (at least `minScale`). */
export function scaleByParamBlockRms(minScale: Numeric = 1e-3): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState, params?: unknown): [U, EmptyState] => {
      const p = requireParams(params, "scaleByParamBlockRms");
      return [mapLeaves((u, x) => jnp.multiply(u, safeRootMeanSquares(x, minScale)), updates, p), state];
    },
  };
}

declareFactory(scale, { positional: ["stepSize"], defaults: {} });
declareFactory(scaleBySchedule, { positional: ["stepSizeFn"], defaults: {} });
declareFactory(scaleByLearningRate, { positional: ["learningRate"], defaults: { flipSign: true } });
declareFactory(scaleBySign, { positional: [], defaults: {} });
declareFactory(scaleByParamBlockNorm, { positional: ["minScale"], defaults: { minScale: 1e-3 } });
declareFactory(scaleByParamBlockRms, { positional: ["minScale"], defaults: { minScale: 1e-3 } });
