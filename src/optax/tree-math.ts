// optax.tree: arithmetic on pytrees of arrays, and the moment updates the optimizers share.
// null / undefined (optax's None) are structure without leaves, so they pass through untouched.
import type { DType } from "../dtypes.js";
import { promoteTypes } from "../dtypes.js";
import * as jnp from "../numpy/index.js";
import type { JaxArray } from "../tracing/array.js";
import { leaves as treeLeaves, map as treeMap } from "../tree/pytree.js";
import type { Numeric } from "./base.js";
import { hp, scalarOf, oneMinus } from "./scalars.js";

/** Maps `f` over the leaves of `tree` and the matching leaves of `rest`, keeping tree's type. */
export function mapLeaves<T>(f: (x: JaxArray, ...rest: JaxArray[]) => JaxArray, tree: T, ...rest: unknown[]): T {
  return treeMap(f as (...xs: never[]) => JaxArray, tree, ...rest) as T;
}

export function leavesOf(tree: unknown): JaxArray[] {
  return treeLeaves<JaxArray>(tree);
}

export function zerosLike<T>(tree: T, dtype: DType | null = null): T {
  return mapLeaves((x) => jnp.zerosLike(x, dtype === null ? {} : { dtype }), tree);
}

/** Arrays shaped like the leaves, filled with `value` (in each leaf's dtype unless `dtype`). */
export function fullLike<T>(tree: T, value: Numeric, dtype: DType | null = null): T {
  return mapLeaves((x) => jnp.broadcastTo(scalarOf(value, dtype ?? x.dtype), x.shape), tree);
}

export function cast<T>(tree: T, dtype: DType | null): T {
  if (dtype === null) return tree;
  return mapLeaves((x) => (x.dtype === dtype ? x : x.astype(dtype)), tree);
}

export function castLike<T>(tree: T, like: unknown): T {
  return mapLeaves((x, l) => (x.dtype === l.dtype ? x : x.astype(l.dtype)), tree, like);
}

export function add<T>(a: T, b: unknown): T {
  return mapLeaves((x, y) => jnp.add(x, y), a, b);
}

export function sub<T>(a: T, b: unknown): T {
  return mapLeaves((x, y) => jnp.subtract(x, y), a, b);
}

export function mul<T>(a: T, b: unknown): T {
  return mapLeaves((x, y) => jnp.multiply(x, y), a, b);
}

export function div<T>(a: T, b: unknown): T {
  return mapLeaves((x, y) => jnp.divide(x, y), a, b);
}

/** `s * tree`. */
export function scale<T>(s: Numeric, tree: T): T {
  return mapLeaves((x) => jnp.multiply(hp(s, x), x), tree);
}

/** `x + s * y`. */
export function addScale<T>(x: T, s: Numeric, y: unknown): T {
  return mapLeaves((a, b) => jnp.add(a, jnp.multiply(hp(s, b), b)), x, y);
}

/** Where `cond` (a scalar or tree-matching arrays) holds take `a`, else `b`. */
export function where<T>(cond: JaxArray, a: T, b: unknown): T {
  return mapLeaves((x, y) => jnp.where(cond, x, y), a, b);
}

function sumScalars(xs: JaxArray[], dtype: DType): JaxArray {
  return xs.reduce((acc, x) => jnp.add(acc, x), jnp.zeros([], { dtype }));
}

/** The dtype every leaf promotes to (float32 for an empty tree). */
export function highestDtype(tree: unknown): DType {
  const ls = leavesOf(tree);
  if (ls.length === 0) return "float32";
  return promoteTypes(...ls.map((l) => ({ dtype: l.dtype, weakType: false }))).dtype;
}

/** Sum of every element of every leaf. */
export function sum(tree: unknown): JaxArray {
  const ls = leavesOf(tree);
  return sumScalars(
    ls.map((l) => jnp.sum(l)),
    highestDtype(tree),
  );
}

/** Sum over leaves of the inner products of matching leaves. */
export function vdot(a: unknown, b: unknown): JaxArray {
  const la = leavesOf(a);
  const lb = leavesOf(b);
  return sumScalars(
    la.map((x, i) => jnp.sum(jnp.multiply(x, lb[i]!))),
    highestDtype(a),
  );
}

/** The euclidean norm of all the leaves together (its square with `squared`). */
export function norm(tree: unknown, squared = false): JaxArray {
  const ls = leavesOf(tree);
  const sq = sumScalars(
    ls.map((l) => jnp.sum(jnp.square(l))),
    highestDtype(tree),
  );
  return squared ? sq : jnp.sqrt(sq);
}

/** `decay * moment + (1 - decay) * update ** order`, the exponential moving average of a power. */
export function updateMoment<T>(updates: T, moments: unknown, decay: Numeric, order: number): T {
  return mapLeaves(
    (g, t) => {
      const d = hp(decay, t);
      const p = order === 1 ? g : jnp.power(g, order);
      return jnp.add(jnp.multiply(oneMinus(decay, t), p), jnp.multiply(d, t));
    },
    updates,
    moments,
  );
}

/** As updateMoment; for real arrays the order-th power is the order-th norm of each element. */
export function updateMomentPerElemNorm<T>(updates: T, moments: unknown, decay: Numeric, order: number): T {
  return updateMoment(updates, moments, decay, order);
}

/** `max(|update| + eps, decay * moment)`: Adamax's infinity-norm moment. */
export function updateInfinityMoment<T>(updates: T, moments: unknown, decay: Numeric, eps: Numeric): T {
  return mapLeaves(
    (g, t) => jnp.maximum(jnp.add(jnp.abs(g), hp(eps, g)), jnp.multiply(hp(decay, t), t)),
    updates,
    moments,
  );
}

/** `moment / (1 - decay ** count)`, computed in each leaf's dtype. */
export function biasCorrection<T>(moment: T, decay: Numeric, count: JaxArray): T {
  return mapLeaves((t) => {
    const correction = jnp.subtract(hp(1, t), jnp.power(hp(decay, t), count.astype(t.dtype)));
    return jnp.divide(t, correction.astype(t.dtype));
  }, moment);
}
