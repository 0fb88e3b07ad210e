// optax.scale_by_lbfgs and optax.lbfgs: the L-BFGS direction from a ring buffer of the last
// `memorySize` parameter and gradient differences, and the solver that chains it with a line search.
import { ValueError } from "../errors.js";
import * as jnp from "../numpy/index.js";
import type { JaxArray } from "../tracing/array.js";
import { requireParams, type GradientTransformation, type ScalarOrSchedule } from "./base.js";
import { chain } from "./combine/chain.js";
import { declareFactory, withDefaults } from "./factory.js";
import { stackedZeros, withEntry } from "./lbfgs-memory.js";
import { preconditionByLbfgs } from "./lbfgs-precondition.js";
import { scaleByZoomLinesearch } from "./linesearch/zoom.js";
import { safeIncrement, zeroCount } from "./numerics.js";
import { hp } from "./scalars.js";
import { scale, scaleByLearningRate } from "./transform/scale.js";
import { mapLeaves, norm, sub, vdot, zerosLike } from "./tree-math.js";
import { valueDtypeOf } from "./linesearch/common.js";

export interface ScaleByLbfgsState<P = unknown> {
  count: JaxArray;
  /** The params and updates of the previous step, to form the next differences. */
  params: P;
  updates: P;
  diffParamsMemory: P;
  diffUpdatesMemory: P;
  weightsMemory: JaxArray;
}

export interface ScaleByLbfgsOptions {
  /** How many past differences approximate the inverse Hessian. */
  memorySize?: number;
  /** Start from `gamma I` with gamma = <s, y> / <y, y> of the last pair (else the identity). */
  scaleInitPrecond?: boolean;
}

export const SCALE_BY_LBFGS_DEFAULTS = { memorySize: 10, scaleInitPrecond: true };

/**
 * The L-BFGS direction `P_k u_k` (not negated: chain a negative scaling and a line search, as
 * `lbfgs` does). The memory is updated with the params passed now, so chained after a line
 * search it only records accepted steps. The first step is scaled by `min(1, 1 / |u|)`.
 */
export function scaleByLbfgs(options: ScaleByLbfgsOptions = {}): GradientTransformation<ScaleByLbfgsState> {
  const { memorySize, scaleInitPrecond } = withDefaults(SCALE_BY_LBFGS_DEFAULTS, options);
  if (!Number.isInteger(memorySize) || memorySize < 1)
    throw new ValueError(`scaleByLbfgs: memorySize must be an integer >= 1, got ${memorySize}`);

  const init = (params: unknown): ScaleByLbfgsState => {
    const stacked = stackedZeros(params, memorySize);
    return {
      count: zeroCount(),
      params: zerosLike(params),
      updates: zerosLike(params),
      diffParamsMemory: stacked,
      diffUpdatesMemory: stacked,
      weightsMemory: jnp.zeros([memorySize], { dtype: valueDtypeOf(params) }),
    };
  };

  const update = <U>(updates: U, state: ScaleByLbfgsState, params?: unknown): [U, ScaleByLbfgsState] => {
    const p = requireParams(params, "scaleByLbfgs");
    const memoryIdx = jnp.remainder(state.count, memorySize);
    const prevIdx = jnp.remainder(jnp.subtract(state.count, 1), memorySize);
    const started = jnp.greater(state.count, 0);
    const dtype = state.weightsMemory.dtype;

    // 1. Record the newest pair; at the first step there is no previous one, so it stays zero.
    const keep = <T>(tree: T): T => mapLeaves((x) => jnp.where(started, x, jnp.zerosLike(x)), tree);
    const diffParams = keep(sub(p, state.params));
    const diffUpdates = keep(sub(updates, state.updates));
    const curvature = vdot(diffUpdates, diffParams).astype(dtype);
    const zero = hp(0, curvature);
    const weight = jnp.where(
      jnp.equal(curvature, zero),
      zero,
      jnp.divide(hp(1, curvature), jnp.where(jnp.equal(curvature, zero), hp(1, curvature), curvature)),
    );
    const memory = {
      diffParams: withEntry(state.diffParamsMemory, prevIdx, diffParams),
      diffUpdates: withEntry(state.diffUpdatesMemory, prevIdx, diffUpdates),
      weights: withEntry(state.weightsMemory, prevIdx, weight),
    };

    // 2. The scale of the initial inverse Hessian approximation.
    let identityScale: JaxArray | number = 1;
    if (scaleInitPrecond) {
      const yy = norm(diffUpdates, true).astype(dtype);
      const positive = jnp.greater(yy, zero);
      const gamma = jnp.where(positive, jnp.divide(curvature, jnp.where(positive, yy, hp(1, yy))), hp(1, yy));
      // The first step has no pair yet: cap its length at 1 (optax's heuristic).
      const cappedInvNorm = jnp.minimum(hp(1, yy), jnp.divide(hp(1, yy), norm(updates).astype(dtype)));
      identityScale = jnp.where(started, gamma, cappedInvNorm);
    }

    // 3. The direction.
    const direction = preconditionByLbfgs(updates, memory, identityScale, memoryIdx);
    return [
      direction,
      {
        count: safeIncrement(state.count),
        params: p,
        updates,
        diffParamsMemory: memory.diffParams,
        diffUpdatesMemory: memory.diffUpdates,
        weightsMemory: memory.weights,
      },
    ];
  };

  return { init, update };
}

export interface LbfgsOptions extends ScaleByLbfgsOptions {
  /** The line search scaling the direction; null for none (then learningRate alone sets the step). */
  linesearch?: GradientTransformation<unknown> | null;
}

/**
 * optax.lbfgs: `chain(scaleByLbfgs, scale by -learningRate (or -1), linesearch)` with a zoom line
 * search (20 steps, starting each search at 1) by default. Its update takes the line search's
 * extra arguments `{ value, grad, valueFn }`; `valueAndGradFromState(fn)` reuses what it computed.
 */
export function lbfgs(
  learningRate: ScalarOrSchedule | null = null,
  options: LbfgsOptions = {},
): GradientTransformation<unknown> {
  const linesearch =
    options.linesearch === undefined ? scaleByZoomLinesearch(20, { initialGuessStrategy: "one" }) : options.linesearch;
  const steps: GradientTransformation<unknown>[] = [
    scaleByLbfgs(options),
    learningRate === null ? scale(-1) : scaleByLearningRate(learningRate),
  ];
  if (linesearch !== null) steps.push(linesearch);
  return chain(...steps);
}

declareFactory(scaleByLbfgs, { positional: [], defaults: SCALE_BY_LBFGS_DEFAULTS, integers: ["memorySize"] });
declareFactory(lbfgs, {
  positional: ["learningRate"],
  defaults: { learningRate: null, ...SCALE_BY_LBFGS_DEFAULTS },
  integers: ["memorySize"],
});
