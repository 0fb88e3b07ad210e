// Lion: the sign of an interpolation between momentum and gradient.
import type { DType } from "../../dtypes.js";
import { ValueError } from "../../errors.js";
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { hp, oneMinus } from "../scalars.js";
import { cast, mapLeaves, updateMoment, zerosLike } from "../tree-math.js";

export interface ScaleByLionState {
  count: JaxArray;
  mu: unknown;
}

export type LionMode = "hard" | "smooth" | "refined";

export interface ScaleByLionOptions {
  /** Rate combining the momentum and the current gradient. */
  b1?: Numeric;
  /** Decay of the momentum. */
  b2?: Numeric;
  muDtype?: DType | null;
  /** sign ("hard"), tanh(smoothBeta * x) ("smooth"), or linear below 1 and sign above ("refined"). */
  mode?: LionMode;
  smoothBeta?: Numeric;
}

const SCALE_BY_LION_DEFAULTS: Required<ScaleByLionOptions> = {
  b1: 0.9,
  b2: 0.99,
  muDtype: null,
  mode: "hard",
  smoothBeta: 1,
};

function signVariant(x: JaxArray, mode: LionMode, smoothBeta: Numeric): JaxArray {
  switch (mode) {
    case "hard":
      return jnp.sign(x);
    case "smooth":
      return jnp.tanh(jnp.multiply(hp(smoothBeta, x), x));
    case "refined":
      return jnp.where(jnp.less(jnp.abs(x), hp(1, x)), x, jnp.sign(x));
  }
}

export function scaleByLion(options: ScaleByLionOptions = {}): GradientTransformation<ScaleByLionState> {
  const { b1, b2, muDtype, mode, smoothBeta } = withDefaults(SCALE_BY_LION_DEFAULTS, options);
  if (!["hard", "smooth", "refined"].includes(mode)) {
    throw new ValueError(`scaleByLion: unknown mode "${String(mode)}"; use "hard", "smooth" or "refined"`);
  }
  return {
    init: (params) => ({ count: zeroCount(), mu: zerosLike(params, muDtype) }),
    update: <U>(updates: U, state: ScaleByLionState): [U, ScaleByLionState] => {
      const out = mapLeaves(
        (g, m) => signVariant(jnp.add(jnp.multiply(oneMinus(b1, g), g), jnp.multiply(hp(b1, m), m)), mode, smoothBeta),
        updates,
        state.mu,
      );
      const mu = cast(updateMoment(updates, state.mu, b2, 1), muDtype);
      return [out, { count: safeIncrement(state.count), mu }];
    },
  };
}

declareFactory(scaleByLion, { positional: [], defaults: SCALE_BY_LION_DEFAULTS });
