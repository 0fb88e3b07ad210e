// Accumulating past updates: momentum traces and exponential moving averages.
import type { DType } from "../../dtypes.js";
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { hp } from "../scalars.js";
import { biasCorrection, cast, mapLeaves, updateMoment, zerosLike } from "../tree-math.js";

export interface TraceState {
  trace: unknown;
}

export interface TraceOptions {
  /** Nesterov momentum: the update is `g + decay * trace` instead of the trace itself. */
  nesterov?: boolean;
  /** dtype of the accumulator; by default that of the params. */
  accumulatorDtype?: DType | null;
}

const TRACE_DEFAULTS: Required<TraceOptions> = { nesterov: false, accumulatorDtype: null };

/** Momentum: `trace = g + decay * trace`; the update is the trace (or `g + decay * trace`, Nesterov). */
export function trace(decay: Numeric, options: TraceOptions = {}): GradientTransformation<TraceState> {
  const { nesterov, accumulatorDtype } = withDefaults(TRACE_DEFAULTS, options);
  const step = (g: JaxArray, t: JaxArray) => jnp.add(g, jnp.multiply(hp(decay, t), t));
  return {
    init: (params) => ({ trace: zerosLike(params, accumulatorDtype) }),
    update: <U>(updates: U, state: TraceState): [U, TraceState] => {
      const newTrace = mapLeaves(step, updates, state.trace);
      const out = nesterov ? mapLeaves(step, updates, newTrace) : newTrace;
      return [out, { trace: cast(newTrace, accumulatorDtype) }];
    },
  };
}

export interface EmaState {
  count: JaxArray;
  ema: unknown;
}

export interface EmaOptions {
  /** Divide by `1 - decay ** count` so early averages are not biased toward zero. */
  debias?: boolean;
  accumulatorDtype?: DType | null;
}

const EMA_DEFAULTS: Required<EmaOptions> = { debias: true, accumulatorDtype: null };

/** Exponential moving average: `ema = decay * ema + (1 - decay) * g`. */
export function ema(decay: Numeric, options: EmaOptions = {}): GradientTransformation<EmaState> {
  const { debias, accumulatorDtype } = withDefaults(EMA_DEFAULTS, options);
  return {
    init: (params) => ({ count: zeroCount(), ema: zerosLike(params, accumulatorDtype) }),
    update: <U>(updates: U, state: EmaState): [U, EmaState] => {
      const newEma = updateMoment(updates, state.ema, decay, 1);
      const count = safeIncrement(state.count);
      const out = debias ? biasCorrection(newEma, decay, count) : newEma;
      return [out, { count, ema: cast(newEma, accumulatorDtype) }];
    },
  };
}

declareFactory(trace, { positional: ["decay"], defaults: TRACE_DEFAULTS });
declareFactory(ema, { positional: ["decay"], defaults: EMA_DEFAULTS });
