// Lookahead (Zhang et al. 2019): k fast steps forward, then one slow step back toward them.
import { ValueError } from "../../errors.js";
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { registerPytreeNode } from "../../tree/pytree.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { zeroCount } from "../numerics.js";
import { hp, oneMinus } from "../scalars.js";
import { mapLeaves } from "../tree-math.js";

/** Fast parameters (take gradients here) and slow ones (evaluate with these); a pytree node. */
export class LookaheadParams<P = unknown> {
  constructor(
    readonly fast: P,
    readonly slow: P,
  ) {}

  /** Both copies equal to `params`. */
  static initSynced<P>(params: P): LookaheadParams<P> {
    return new LookaheadParams(params, params);
  }
}
registerPytreeNode(
  LookaheadParams,
  (p) => [[p.fast, p.slow], null],
  (_aux, [fast, slow]) => new LookaheadParams(fast, slow),
);

export interface LookaheadState<S = unknown> {
  fastState: S;
  /** Fast steps since the last synchronization. */
  stepsSinceSync: JaxArray;
}

export interface LookaheadOptions {
  /** Re-initialize the fast optimizer's state at each synchronization. */
  resetState?: boolean;
}

/** A transformation of fast-parameter gradients into updates of both parameter copies. */
export interface LookaheadTransformation<S> {
  init(params: unknown): LookaheadState<S>;
  update<U>(updates: U, state: LookaheadState<S>, params?: unknown): [LookaheadParams<U>, LookaheadState<S>];
}

function asLookaheadParams(params: unknown): LookaheadParams {
  if (!(params instanceof LookaheadParams)) {
    throw new ValueError(
      "lookahead: update needs the params as LookaheadParams (fast and slow); start from LookaheadParams.initSynced(params)",
    );
  }
  return params;
}

/**
 * Steps `fastOptimizer` on the fast parameters; every `syncPeriod` steps the slow parameters move
 * `slowStepSize` of the way to the fast ones and the fast ones are reset to them. The updates
 * must reach applyUpdates unchanged for the two copies to stay in sync.
 */
export function lookahead<S>(
  fastOptimizer: GradientTransformation<S>,
  syncPeriod: number,
  slowStepSize: Numeric,
  options: LookaheadOptions = {},
): LookaheadTransformation<S> {
  if (syncPeriod < 1) throw new ValueError(`lookahead: the synchronization period must be >= 1, got ${syncPeriod}`);
  const resetState = options.resetState ?? false;
  return {
    init: (params) => ({
      fastState: fastOptimizer.init(params instanceof LookaheadParams ? params.fast : params),
      stepsSinceSync: zeroCount(),
    }),
    update: <U>(updates: U, state: LookaheadState<S>, params?: unknown): [LookaheadParams<U>, LookaheadState<S>] => {
      const p = asLookaheadParams(params);
      const [fastUpdates, fastStateRaw] = fastOptimizer.update(updates, state.fastState, p.fast);
      const syncNext = jnp.equal(state.stepsSinceSync, syncPeriod - 1);
      // Merged into one jittable step: slow += a * s * d and fast += u - (1 - a) * s * d, where
      // d = fast + u - slow and s says whether this step synchronizes.
      const lastDifference = mapLeaves((f, u, s) => jnp.subtract(jnp.add(f, u), s), p.fast as U, fastUpdates, p.slow);
      const slow = mapLeaves(
        (d) => jnp.multiply(jnp.multiply(hp(slowStepSize, d), syncNext.astype(d.dtype)), d),
        lastDifference,
      );
      const fast = mapLeaves(
        (u, d) => jnp.subtract(u, jnp.multiply(jnp.multiply(syncNext.astype(d.dtype), oneMinus(slowStepSize, d)), d)),
        fastUpdates,
        lastDifference,
      );
      let fastState = fastStateRaw;
      if (resetState) {
        const initial = fastOptimizer.init(p.fast);
        fastState = mapLeaves((current, init) => jnp.where(syncNext, init, current), fastStateRaw, initial);
      }
      const stepsSinceSync = jnp.remainder(jnp.add(state.stepsSinceSync, 1), syncPeriod);
      return [new LookaheadParams(fast, slow), { fastState, stepsSinceSync }];
    },
  };
}
