// Sampling entries of an array (or of [0, n)), uniformly or with given probabilities, with or
// without replacement: JAX's `random.choice`, built from randint, permutation, the inverse CDF
// and the Gumbel top-k trick exactly as JAX composes them.
import { isFloat, isInteger, type DType } from "../dtypes.js";
import { DTypeError, ValueError } from "../errors.js";
import {
  add,
  broadcastInDim,
  convertElementType,
  cumsum,
  log,
  lt,
  mul,
  reduceSum,
  reshape,
  slice,
  sliceInDim,
  sub,
} from "../lax/index.js";
import { normalizeAxis, shapeStr, sizeOf } from "../shape.js";
import { JaxArray } from "../tracing/array.js";
import { gumbelSample } from "./continuous.js";
import { checkKey, type KeyArray } from "./key.js";
import { topKIndices, takeAlong } from "./ordering.js";
import { checkSampleShape, constant, type FloatDType } from "./params.js";
import { permutation } from "./permutation.js";
import { randint } from "./randint.js";
import { uniformIn } from "./uniform.js";

export interface ChoiceOptions {
  /** Sample with replacement (default true). */
  replace?: boolean;
  /** Probabilities of the entries along `axis` (a 1-D array of that length); default uniform. */
  p?: JaxArray | null;
  /** The axis of `a` to sample along (default 0). */
  axis?: number;
}

/** `jnp.searchsorted(sorted, v)` (side "left"): how many entries of the ascending `sorted` are below each v. */
function searchSortedLeft(sorted: JaxArray, values: JaxArray): JaxArray {
  const shape = [...values.shape, sorted.shape[0]!];
  const table = broadcastInDim(sorted, shape, [values.ndim]);
  const probes = broadcastInDim(
    values,
    shape,
    values.shape.map((_, i) => i),
  );
  return reduceSum(convertElementType(lt(table, probes), "int32"), [values.ndim]);
}

/** The population size for an integer `a` (a JS number or a concrete integer scalar). */
function populationSize(op: string, a: number | JaxArray): number {
  if (typeof a === "number") {
    if (!Number.isInteger(a)) throw new ValueError(`${op}: a must be an integer or an array, got ${a}`);
    return a;
  }
  if (!isInteger(a.dtype)) throw new DTypeError(`${op}: a scalar a must be an integer, got ${a.aval.str()}`);
  // A traced scalar throws a ConcretizationError: the population size must be static.
  return Number(a);
}

/**
 * `random.choice(key, a, shape?, { replace?, p?, axis? })`: entries of `a` along `axis` (or
 * integers in [0, a) for an integer a). The result has shape `shape` for an integer a, else
 * a.shape with the sampled axis replaced by `shape`.
 */
export function choice(
  key: KeyArray,
  a: number | JaxArray,
  shape: readonly number[] = [],
  options: ChoiceOptions = {},
): JaxArray {
  const op = "random.choice";
  const k = checkKey(op, key);
  const s = checkSampleShape(op, shape);
  const replace = options.replace ?? true;
  const arr = typeof a === "number" || a.ndim === 0 ? null : a;
  const axis = arr ? normalizeAxis(options.axis ?? 0, arr.ndim, op) : 0;
  const n = arr ? arr.shape[axis]! : populationSize(op, a);
  const draws = sizeOf(s);
  const outShape = arr ? [...arr.shape.slice(0, axis), ...s, ...arr.shape.slice(axis + 1)] : s;
  const outDtype: DType = arr ? arr.dtype : typeof a === "number" ? "int32" : a.dtype;
  if (draws === 0) return constant(s, 0, outDtype);
  if (n <= 0) throw new ValueError(`${op}: a must be greater than 0 unless no samples are taken, got ${n}`);
  if (!replace && draws > n) {
    throw new ValueError(
      `${op}: cannot take a larger sample (size ${draws}) than the population (size ${n}) when replace is false`,
    );
  }
  const pick = (indices: JaxArray) => reshape(arr ? takeAlong(arr, indices, axis) : indices, outShape);

  const p = options.p ?? null;
  if (p === null) {
    if (replace) return pick(randint(k, s, 0, n));
    const permuted = permutation(k, arr ?? n, { axis });
    return reshape(sliceInDim(permuted, 0, draws, 1, axis), outShape);
  }
  if (!(p instanceof JaxArray)) throw new DTypeError(`${op}: p must be an array of probabilities, got ${typeof p}`);
  const probs = isFloat(p.dtype) ? p : convertElementType(p, "float32");
  if (probs.ndim !== 1 || probs.shape[0] !== n) {
    throw new ValueError(
      `${op}: p must be a 1-D vector with the same size as the sampled axis of a; p has shape ${shapeStr(probs.shape)} and the axis has ${n} entries`,
    );
  }
  const dtype = probs.dtype as FloatDType;
  if (replace) {
    // Inverse CDF: r = total * (1 - u) lies in (0, total], found by a left search in the cumulative sums.
    const cumulative = cumsum(probs, 0);
    const total = broadcastInDim(reshape(slice(cumulative, [n - 1], [n]), []), s, []);
    const u = uniformIn(op, k, s, dtype, 0, 1);
    const r = mul(total, sub(constant(s, 1, dtype), u));
    return pick(searchSortedLeft(cumulative, r));
  }
  // Gumbel top-k: the k largest of log(p) + Gumbel noise are a sample without replacement.
  const noisy = add(gumbelSample(op, k, [n], dtype), log(probs));
  return pick(topKIndices(noisy, draws));
}
