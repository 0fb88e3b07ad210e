// Skipping updates that hold NaN or Inf, for at most a given number of consecutive steps.
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { scalar } from "../../array.js";
import type { ExtraArgs, GradientTransformation } from "../base.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { leavesOf, mapLeaves, zerosLike } from "../tree-math.js";

export interface ApplyIfFiniteState<S = unknown> {
  /** Consecutive non-finite updates so far (reset by a finite one). */
  notfiniteCount: JaxArray;
  /** Whether the last updates were finite. */
  lastFinite: JaxArray;
  /** Non-finite updates since init (never reset). */
  totalNotfinite: JaxArray;
  innerState: S;
}

/** Whether every element of every leaf is finite (a bool scalar). */
export function allFinite(tree: unknown): JaxArray {
  return leavesOf(tree).reduce((acc, x) => jnp.logicalAnd(acc, jnp.all(jnp.isfinite(x))), scalar(true));
}

/**
 * Runs `inner` only on finite updates: a NaN or Inf gives zero updates and leaves the inner
 * state as it was, unless it persists for more than `maxConsecutiveErrors` steps.
 */
export function applyIfFinite<S>(
  inner: GradientTransformation<S>,
  maxConsecutiveErrors: number,
): GradientTransformation<ApplyIfFiniteState<S>> {
  return {
    init: (params) => ({
      notfiniteCount: zeroCount(),
      lastFinite: scalar(true),
      totalNotfinite: zeroCount(),
      innerState: inner.init(params),
    }),
    update: <U>(
      updates: U,
      state: ApplyIfFiniteState<S>,
      params?: unknown,
      extra?: ExtraArgs,
    ): [U, ApplyIfFiniteState<S>] => {
      const isFinite = allFinite(updates);
      const notfiniteCount = jnp.where(isFinite, zeroCount(), safeIncrement(state.notfiniteCount));
      const accept = jnp.logicalOr(isFinite, jnp.greater(notfiniteCount, maxConsecutiveErrors));
      // Both branches are computed and selected, so the step stays one jittable program.
      const [innerUpdates, innerState] = inner.update(updates, state.innerState, params, extra);
      const out = mapLeaves((n, z) => jnp.where(accept, n, z), innerUpdates, zerosLike(updates));
      const keptState = mapLeaves((n, o) => jnp.where(accept, n, o), innerState, state.innerState);
      return [
        out,
        {
          notfiniteCount,
          lastFinite: isFinite,
          totalNotfinite: jnp.where(isFinite, state.totalNotfinite, safeIncrement(state.totalNotfinite)),
          innerState: keptState,
        },
      ];
    },
  };
}
