// Layer-wise trust ratios (LARS, LAMB, Fromage): each update block scaled by |param| / |update|.
import * as jnp from "../../numpy/index.js";
import { emptyState, requireParams, type EmptyState, type GradientTransformation, type Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { safeNorm } from "../numerics.js";
import { hp } from "../scalars.js";
import { mapLeaves } from "../tree-math.js";

export interface ScaleByTrustRatioOptions {
  /** Norms are clipped below at this value (no clipping by default). */
  minNorm?: Numeric;
  trustCoefficient?: Numeric;
  /** Added to the update norm in the ratio's denominator. */
  eps?: Numeric;
}

const SCALE_BY_TRUST_RATIO_DEFAULTS: Required<ScaleByTrustRatioOptions> = { minNorm: 0, trustCoefficient: 1, eps: 0 };

export function scaleByTrustRatio(options: ScaleByTrustRatioOptions = {}): GradientTransformation<EmptyState> {
  const { minNorm, trustCoefficient, eps } = withDefaults(SCALE_BY_TRUST_RATIO_DEFAULTS, options);
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState, params?: unknown): [U, EmptyState] => {
      const p = requireParams(params, "scaleByTrustRatio");
      const out = mapLeaves(
        (u, x) => {
          const paramNorm = safeNorm(x, minNorm);
          const updateNorm = safeNorm(u, minNorm);
          const ratio = jnp.divide(jnp.multiply(hp(trustCoefficient, x), paramNorm), jnp.add(updateNorm, hp(eps, x)));
          // A zero norm would freeze the parameter forever: use a ratio of 1 there.
          const zeroNorm = jnp.logicalOr(jnp.equal(paramNorm, 0), jnp.equal(updateNorm, 0));
          return jnp.multiply(u, jnp.where(zeroNorm, hp(1, x), ratio));
        },
        updates,
        p,
      );
      return [out, state];
    },
  };
}

declareFactory(scaleByTrustRatio, { positional: [], defaults: SCALE_BY_TRUST_RATIO_DEFAULTS });
