// Gradient centralization (Yong et al. 2020): subtract each gradient's mean over all axes but the first.
import * as jnp from "../../numpy/index.js";
import { emptyState, type EmptyState, type GradientTransformation } from "../base.js";
import { declareFactory } from "../factory.js";
import { mapLeaves } from "../tree-math.js";

export function centralize(): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState): [U, EmptyState] => {
      const out = mapLeaves((g) => {
        if (g.ndim <= 1) return g;
        const axes = Array.from({ length: g.ndim - 1 }, (_, i) => i + 1);
        return jnp.subtract(g, jnp.mean(g, axes, { keepdims: true }));
      }, updates);
      return [out, state];
    },
  };
}

declareFactory(centralize, { positional: [], defaults: {} });
