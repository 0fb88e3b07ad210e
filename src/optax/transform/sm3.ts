// SM3: Adagrad-like scaling whose accumulators cover each axis (one vector per dimension)
// instead of each element, so the memory is the sum of the dimensions, not their product.
import * as jnp from "../../numpy/index.js";
import * as lax from "../../lax/index.js";
import type { JaxArray } from "../../tracing/array.js";
import type { GradientTransformation, Numeric } from "../base.js";
import { declareFactory, withDefaults } from "../factory.js";
import { mapPrefix } from "../prefix-tree.js";
import { hp } from "../scalars.js";
import { mapLeaves, updateMoment, zerosLike } from "../tree-math.js";

export interface ScaleBySm3State {
  /** For each parameter, one accumulator per axis (one scalar for a 0-d parameter). */
  mu: unknown;
  /** The momentum of the scaled updates. */
  nu: unknown;
}

export interface ScaleBySm3Options {
  b1?: Numeric;
  b2?: Numeric;
  eps?: Numeric;
}

const SCALE_BY_SM3_DEFAULTS: Required<ScaleBySm3Options> = { b1: 0.9, b2: 1, eps: 1e-8 };

function otherAxes(axis: number, ndim: number): number[] {
  return Array.from({ length: ndim }, (_, i) => i).filter((i) => i !== axis);
}

function expandedShape(shape: readonly number[], axis: number): number[] {
  return shape.map((d, i) => (i === axis ? d : 1));
}

export function scaleBySm3(options: ScaleBySm3Options = {}): GradientTransformation<ScaleBySm3State> {
  const { b1, b2, eps } = withDefaults(SCALE_BY_SM3_DEFAULTS, options);
  // optax adds plain squared gradients when b2 is 1 (Adagrad-like) and averages otherwise.
  const newAccumulator = (g: JaxArray, covers: JaxArray[]): JaxArray => {
    const b = hp(b2, g);
    const one = hp(1, g);
    const gradCoeff = jnp.where(jnp.notEqual(b, one), jnp.subtract(one, b), one);
    const prior = covers.length < 2 ? covers[0]! : covers.reduce((a, c) => jnp.minimum(a, c));
    return jnp.add(jnp.multiply(gradCoeff, jnp.square(g)), jnp.multiply(b, prior));
  };
  const perAxis = (accum: JaxArray): JaxArray[] => {
    if (accum.ndim < 2) return [accum];
    return accum.shape.map((_, i) => jnp.max(accum, otherAxes(i, accum.ndim)));
  };
  return {
    init: (params) => ({
      mu: mapPrefix((p) => zerosPerAxis(p as JaxArray), params),
      nu: zerosLike(params),
    }),
    update: <U>(updates: U, state: ScaleBySm3State): [U, ScaleBySm3State] => {
      const accum = mapPrefix(
        (g, covers) => {
          const grad = g as JaxArray;
          const vs = covers as JaxArray[];
          const broadcastCovers = grad.ndim < 2 ? vs : vs.map((v, i) => jnp.reshape(v, expandedShape(grad.shape, i)));
          return newAccumulator(grad, broadcastCovers);
        },
        updates,
        state.mu,
      );
      const scaled = mapLeaves(
        (g, t) => jnp.multiply(g, jnp.where(jnp.greater(t, 0), lax.rsqrt(jnp.add(t, hp(eps, t))), 0)),
        updates,
        accum,
      );
      const nu = updateMoment(scaled, state.nu, b1, 1);
      const mu = mapPrefix((t) => perAxis(t as JaxArray), accum);
      return [nu, { mu, nu }];
    },
  };
}

/** One zero vector per axis of `p`; a 0-d parameter keeps a single scalar (optax has no case for it). */
function zerosPerAxis(p: JaxArray): JaxArray[] {
  if (p.ndim === 0) return [jnp.zeros([], { dtype: p.dtype })];
  return p.shape.map((d) => jnp.zeros([d], { dtype: p.dtype }));
}

declareFactory(scaleBySm3, { positional: [], defaults: SCALE_BY_SM3_DEFAULTS });
