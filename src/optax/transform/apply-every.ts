// Accumulating gradients over k steps and emitting their sum every k-th step.
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { declareFactory } from "../factory.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { mapLeaves, zerosLike } from "../tree-math.js";

export interface ApplyEveryState {
  count: JaxArray;
  gradAcc: unknown;
}

/**
 * Emits the sum of the last k updates every k steps and zeros in between. Other transformations
 * in a chain still update their state every step; `MultiSteps` avoids that.
 */
export function applyEvery(k: Numeric = 1): GradientTransformation<ApplyEveryState> {
  return {
    init: (params) => ({ count: zeroCount(), gradAcc: zerosLike(params) }),
    update: <U>(updates: U, state: ApplyEveryState): [U, ApplyEveryState] => {
      const c = jnp.remainder(state.count, k);
      const accumulate = jnp.notEqual(c, 0);
      const gradAcc = mapLeaves((g, ga) => jnp.add(jnp.multiply(accumulate, ga), g), updates, state.gradAcc);
      const emit = jnp.equal(c, jnp.subtract(k, 1));
      const out = mapLeaves((ga) => jnp.multiply(emit, ga), gradAcc);
      return [out, { count: jnp.remainder(safeIncrement(state.count), k), gradAcc }];
    },
  };
}

declareFactory(applyEvery, { positional: ["k"], defaults: { k: 1 }, integers: ["k"] });
