// Adafactor's scaling: a factored (row and column) estimate of the second moment for matrices,
// a full one for small or one-dimensional parameters.
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { requireParams, type GradientTransformation, type Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { hp, oneMinus } from "../scalars.js";
import { leavesOf, mapLeaves } from "../tree-math.js";
import { flatten, unflatten } from "../../tree/pytree.js";

export interface FactoredState {
  count: JaxArray;
  /** Row statistics of factored parameters (a [1] placeholder for the others). */
  vRow: unknown;
  /** Column statistics of factored parameters (a [1] placeholder for the others). */
  vCol: unknown;
  /** Full statistics of unfactored parameters (a [1] placeholder for the factored ones). */
  v: unknown;
}

export type DecayRateFn = (step: JaxArray, decayRate: Numeric, like: JaxArray) => JaxArray;

export interface ScaleByFactoredRmsOptions {
  /** Use factored second moments for parameters with two large enough dimensions. */
  factored?: boolean;
  /** Exponent of the second-moment decay schedule `1 - (t + 1) ** -decayRate`. */
  decayRate?: Numeric;
  /** The step the schedule starts from (for fine-tuning). */
  stepOffset?: number;
  /** Factor only when the two largest dimensions are at least this size. */
  minDimSizeToFactor?: number;
  /** Added to the squared gradients. */
  epsilon?: Numeric;
  decayRateFn?: DecayRateFn;
}

/** Adafactor's decay schedule `1 - (step + 1) ** -exponent`, in like's dtype. */
export function decayRatePow(step: JaxArray, exponent: Numeric, like: JaxArray): JaxArray {
  const t = jnp.add(step.astype(like.dtype), hp(1, like));
  return jnp.subtract(hp(1, like), jnp.power(t, jnp.negative(hp(exponent, like))));
}

const SCALE_BY_FACTORED_RMS_DEFAULTS: Required<ScaleByFactoredRmsOptions> = {
  factored: true,
  decayRate: 0.8,
  stepOffset: 0,
  minDimSizeToFactor: 128,
  epsilon: 1e-30,
  decayRateFn: decayRatePow,
};

/** The two largest axes [second largest, largest], or null when the parameter is not factored. */
export function factoredDims(
  shape: readonly number[],
  factored: boolean,
  minDimSizeToFactor: number,
): [number, number] | null {
  if (!factored || shape.length < 2) return null;
  const sorted = shape.map((_, i) => i).sort((a, b) => shape[a]! - shape[b]! || a - b);
  const d1 = sorted[sorted.length - 2]!;
  const d0 = sorted[sorted.length - 1]!;
  if (shape[d1]! < minDimSizeToFactor) return null;
  return [d1, d0];
}

function without(shape: readonly number[], axis: number): number[] {
  return shape.filter((_, i) => i !== axis);
}

export function scaleByFactoredRms(options: ScaleByFactoredRmsOptions = {}): GradientTransformation<FactoredState> {
  const o = withDefaults(SCALE_BY_FACTORED_RMS_DEFAULTS, options);
  const placeholder = (p: JaxArray) => jnp.zeros([1], { dtype: p.dtype });
  return {
    init: (params) => {
      const dims = (p: JaxArray) => factoredDims(p.shape, o.factored, o.minDimSizeToFactor);
      return {
        count: zeroCount(),
        vRow: mapLeaves(
          (p) => (dims(p) ? jnp.zeros(without(p.shape, dims(p)![1]), { dtype: p.dtype }) : placeholder(p)),
          params,
        ),
        vCol: mapLeaves(
          (p) => (dims(p) ? jnp.zeros(without(p.shape, dims(p)![0]), { dtype: p.dtype }) : placeholder(p)),
          params,
        ),
        v: mapLeaves((p) => (dims(p) ? placeholder(p) : jnp.zeros(p.shape, { dtype: p.dtype })), params),
      };
    },
    update: <U>(grads: U, state: FactoredState, params?: unknown): [U, FactoredState] => {
      requireParams(params, "scaleByFactoredRms");
      const [gs, def] = flatten<JaxArray>(grads);
      const [rows, cols, vs] = [leavesOf(state.vRow), leavesOf(state.vCol), leavesOf(state.v)];
      const step = jnp.subtract(state.count, o.stepOffset);
      const results = gs.map((g, i) => {
        const decay = o.decayRateFn(step, o.decayRate, g);
        const keep = (prev: JaxArray, fresh: JaxArray) =>
          jnp.add(jnp.multiply(decay, prev), jnp.multiply(oneMinus(decay, g), fresh));
        const gradSqr = jnp.add(jnp.square(g), hp(o.epsilon, g));
        const dims = factoredDims(g.shape, o.factored, o.minDimSizeToFactor);
        if (dims === null) {
          const v = keep(vs[i]!, gradSqr);
          return { update: jnp.multiply(g, jnp.power(v, -0.5)), row: placeholder(g), col: placeholder(g), v };
        }
        const [d1, d0] = dims;
        const row = keep(rows[i]!, jnp.mean(gradSqr, d0));
        const col = keep(cols[i]!, jnp.mean(gradSqr, d1));
        const reducedD1 = d1 > d0 ? d1 - 1 : d1;
        const rowColMean = jnp.mean(row, reducedD1, { keepdims: true });
        const rowFactor = jnp.power(jnp.divide(row, rowColMean), -0.5);
        const colFactor = jnp.power(col, -0.5);
        const update = jnp.multiply(jnp.multiply(g, jnp.expandDims(rowFactor, d0)), jnp.expandDims(colFactor, d1));
        return { update, row, col, v: placeholder(g) };
      });
      const rebuild = (pick: (r: (typeof results)[number]) => JaxArray) => unflatten(def, results.map(pick));
      return [
        rebuild((r) => r.update) as U,
        {
          count: safeIncrement(state.count),
          vRow: rebuild((r) => r.row),
          vCol: rebuild((r) => r.col),
          v: rebuild((r) => r.v),
        },
      ];
    },
  };
}

declareFactory(scaleByFactoredRms, {
  positional: [],
  defaults: SCALE_BY_FACTORED_RMS_DEFAULTS,
  integers: ["stepOffset", "minDimSizeToFactor"],
});
