// optax.contrib.reduce_on_plateau: scale the updates down by `factor` once the monitored value
// (passed as the extra argument `value`) has not improved for `patience` updates.
import { asArray, type ArrayLike } from "../../coerce.js";
import type { DType } from "../../dtypes.js";
import { ValueError } from "../../errors.js";
import * as lax from "../../lax/index.js";
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import type { ExtraArgs, GradientTransformation } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { safeIncrement } from "../numerics.js";
import { hp, scalarOf } from "../scalars.js";
import { leavesOf, mapLeaves } from "../tree-math.js";

export interface ReduceLROnPlateauState {
  /** The factor the updates are multiplied by. */
  scale: JaxArray;
  bestValue: JaxArray;
  /** Accumulated rounds without improvement. */
  plateauCount: JaxArray;
  /** Rounds left before plateaus are counted again after a reduction. */
  cooldownCount: JaxArray;
  /** Values accumulated into avgValue so far in this round. */
  count: JaxArray;
  avgValue: JaxArray;
}

export interface ReduceOnPlateauOptions {
  /** new scale = scale * factor, in (0, 1). */
  factor?: number;
  /** Rounds without improvement before reducing. */
  patience?: number;
  /** An improvement is a value below (1 - rtol) * best - atol. */
  rtol?: number;
  atol?: number;
  /** Rounds to wait after a reduction before counting plateaus again. */
  cooldown?: number;
  /** Values averaged into one round (e.g. minibatch losses); 1 for a validation value. */
  accumulationSize?: number;
  /** The scale never goes below this. */
  minScale?: number;
}

export const REDUCE_ON_PLATEAU_DEFAULTS = {
  factor: 0.1,
  patience: 10,
  rtol: 1e-4,
  atol: 0,
  cooldown: 0,
  accumulationSize: 1,
  minScale: 0,
};

const FLOAT_RANK: Partial<Record<DType, number>> = { float16: 0, float32: 1, float64: 2 };

/** The lowest float dtype among the leaves, so scaling never promotes a parameter's updates. */
function lowestFloatDtype(params: unknown): DType {
  const floats = leavesOf(params)
    .map((l) => l.dtype)
    .filter((d) => FLOAT_RANK[d] !== undefined);
  return floats.reduce<DType>((lo, d) => (FLOAT_RANK[d]! < FLOAT_RANK[lo]! ? d : lo), floats[0] ?? "float32");
}

const i32 = (v: number) => scalarOf(v, "int32");

/**
 * `reduceOnPlateau(options)`: its `update(updates, state, params, { value })` multiplies the
 * updates by `state.scale`, averaging `value` over `accumulationSize` calls and then, if the
 * average has not improved on the best for `patience` rounds, multiplying the scale by `factor`.
 */
export function reduceOnPlateau(options: ReduceOnPlateauOptions = {}): GradientTransformation<ReduceLROnPlateauState> {
  const o = withDefaults(REDUCE_ON_PLATEAU_DEFAULTS, options);
  if (!(o.factor > 0 && o.factor < 1))
    throw new ValueError(`reduceOnPlateau: factor must be in the range (0, 1), got ${o.factor}`);
  if (o.rtol < 0 || o.atol < 0)
    throw new ValueError(
      `reduceOnPlateau: rtol and atol must be non-negative, got rtol = ${o.rtol} and atol = ${o.atol}`,
    );
  if (o.rtol === 0 && o.atol === 0)
    throw new ValueError("reduceOnPlateau: at least one of rtol or atol must be positive");
  if (o.rtol > 1) throw new ValueError(`reduceOnPlateau: rtol must be at most 1, got ${o.rtol}`);

  const init = (params: unknown): ReduceLROnPlateauState => ({
    scale: scalarOf(1, lowestFloatDtype(params)),
    bestValue: scalarOf(Infinity, "float32"),
    plateauCount: i32(0),
    cooldownCount: i32(0),
    count: i32(0),
    avgValue: scalarOf(0, "float32"),
  });

  /** One round is complete: compare its average with the best and adjust the scale. */
  const endRound = (s: ReduceLROnPlateauState): ReduceLROnPlateauState => {
    const avg = s.avgValue;
    const improved = jnp.less(avg, jnp.subtract(jnp.multiply(hp(1 - o.rtol, avg), s.bestValue), hp(o.atol, avg)));
    const bestValue = jnp.where(improved, avg, s.bestValue);
    const plateau = jnp.where(improved, i32(0), safeIncrement(s.plateauCount));
    const [plateauCount, scale, cooldownCount] = lax.cond(
      jnp.greater(s.cooldownCount, 0),
      // In cooldown: plateaus are not counted.
      () => [i32(0), s.scale, jnp.subtract(s.cooldownCount, i32(1))],
      () => {
        const reduce = jnp.equal(plateau, o.patience);
        const reduced = jnp.where(reduce, jnp.multiply(s.scale, hp(o.factor, s.scale)), s.scale);
        return [
          jnp.where(reduce, i32(0), plateau),
          jnp.maximum(reduced, hp(o.minScale, s.scale)),
          jnp.where(reduce, i32(o.cooldown), i32(0)),
        ];
      },
    ) as [JaxArray, JaxArray, JaxArray];
    return { scale, bestValue, plateauCount, cooldownCount, count: i32(0), avgValue: scalarOf(0, avg.dtype) };
  };

  const update = <U>(
    updates: U,
    state: ReduceLROnPlateauState,
    _params?: unknown,
    extra?: ExtraArgs,
  ): [U, ReduceLROnPlateauState] => {
    const value = extra?.value;
    if (value === undefined || value === null)
      throw new ValueError("reduceOnPlateau: update needs the monitored value as the extra argument { value }");
    const v = asArray(value as ArrayLike, "reduceOnPlateau").astype(state.avgValue.dtype);
    const count = safeIncrement(state.count);
    const avgValue = jnp.divide(
      jnp.add(jnp.multiply(state.count.astype(v.dtype), state.avgValue), v),
      count.astype(v.dtype),
    );
    const accumulated = { ...state, avgValue, count };
    const next = lax.cond(
      jnp.equal(count, o.accumulationSize),
      endRound,
      (s: ReduceLROnPlateauState) => s,
      accumulated,
    ) as ReduceLROnPlateauState;
    return [mapLeaves((g) => jnp.multiply(next.scale.astype(g.dtype), g), updates), next];
  };

  return { init, update };
}

declareFactory(reduceOnPlateau, {
  positional: [],
  defaults: REDUCE_ON_PLATEAU_DEFAULTS,
  integers: ["patience", "cooldown", "accumulationSize"],
});
