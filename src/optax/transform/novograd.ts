// NovoGrad: Adam-like steps normalized by a per-layer (not per-element) second moment.
import type { DType } from "../../dtypes.js";
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { requireParams, type GradientTransformation, type Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { hp, oneMinus, plus } from "../scalars.js";
import { cast, mapLeaves, zerosLike } from "../tree-math.js";

export interface ScaleByNovogradState {
  count: JaxArray;
  mu: unknown;
  /** One scalar per parameter block. */
  nu: unknown;
}

export interface ScaleByNovogradOptions {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
  epsRoot?: Numeric;
  weightDecay?: Numeric;
  muDtype?: DType | null;
}

const SCALE_BY_NOVOGRAD_DEFAULTS: Required<ScaleByNovogradOptions> = {
  b1: 0.9,
  b2: 0.25,
  eps: 1e-8,
  epsRoot: 0,
  weightDecay: 0,
  muDtype: null,
};

export function scaleByNovograd(options: ScaleByNovogradOptions = {}): GradientTransformation<ScaleByNovogradState> {
  const { b1, b2, eps, epsRoot, weightDecay, muDtype } = withDefaults(SCALE_BY_NOVOGRAD_DEFAULTS, options);
  const squaredNorm = (g: JaxArray) => jnp.square(jnp.sqrt(jnp.sum(jnp.square(g))));
  return {
    init: (params) => ({
      count: zeroCount(),
      mu: zerosLike(params, muDtype),
      nu: mapLeaves((p) => jnp.zeros([], { dtype: p.dtype }), params),
    }),
    update: <U>(updates: U, state: ScaleByNovogradState, params?: unknown): [U, ScaleByNovogradState] => {
      const count = safeIncrement(state.count);
      // The first step initializes the moments with the first gradient instead of averaging.
      const first = jnp.equal(count, 1);
      const nu = mapLeaves(
        (g, n) => {
          const a = squaredNorm(g).astype(n.dtype);
          return jnp.where(first, a, jnp.add(jnp.multiply(oneMinus(b2, n), a), jnp.multiply(hp(b2, n), n)));
        },
        updates,
        state.nu,
      );
      // Without weight decay the params are not needed (optax always asks for them).
      const noDecay = typeof weightDecay === "number" && weightDecay === 0 && (params === undefined || params === null);
      const decayed = noDecay ? null : requireParams(params, "scaleByNovograd");
      const step = (g: JaxArray, n: JaxArray, m: JaxArray, p?: JaxArray) => {
        const scaled = jnp.divide(g, jnp.add(jnp.sqrt(plus(n, epsRoot)), hp(eps, n)));
        const addition = p === undefined ? scaled : jnp.add(scaled, jnp.multiply(hp(weightDecay, p), p));
        return jnp.where(first, addition, jnp.add(jnp.multiply(hp(b1, m), m), addition));
      };
      const mu =
        decayed === null ? mapLeaves(step, updates, nu, state.mu) : mapLeaves(step, updates, nu, state.mu, decayed);
      const muCast = cast(mu, muDtype);
      return [muCast, { count, mu: muCast, nu }];
    },
  };
}

declareFactory(scaleByNovograd, { positional: [], defaults: SCALE_BY_NOVOGRAD_DEFAULTS });
