// Derivatives of sort. JAX sorts an iota along with the keys and gathers the tangents with the
// resulting permutation. We apply the permutation with sort itself: sorting a tangent by the
// inverse permutation (distinct integer keys, so no ties) moves each element to where its primal
// went. Sort is linear in its non-key operands once the keys are known, which gives its
// transpose: sorting by the forward permutation puts every cotangent back.
import { arrayFromHost } from "../../array.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind } from "../../tracing/trace.js";
import { broadcastInDim } from "../shape/broadcast-in-dim.js";
import { UndefinedPrimal, Zero, type Primitive, type Tangent, type TransposeArg } from "../primitive.js";
import type { SortParams } from "./sort.js";

/** Index along `dimension`, broadcast to `shape` (an int32 constant). */
function iotaAlong(shape: readonly number[], dimension: number): JaxArray {
  const n = shape[dimension]!;
  const line = arrayFromHost(Array.from({ length: n }, (_, i) => i), [n], "int32");
  return broadcastInDim(line, shape, [dimension]);
}

/** Sorts `payload` by one integer key without ties; returns the sorted payload. */
function sortByIndex(prim: Primitive<SortParams>, key: JaxArray, payload: readonly JaxArray[], dimension: number): JaxArray[] {
  return bind(prim, [key, ...payload], { dimension, isStable: true, numKeys: 1 }).slice(1);
}

/** perm[..., k, ...] = the input index that lands at sorted position k. */
function sortPermutation(prim: Primitive<SortParams>, keys: readonly JaxArray[], params: SortParams): JaxArray {
  const iota = iotaAlong(keys[0]!.shape, params.dimension);
  return bind(prim, [...keys, iota], params).at(-1)!;
}

export function sortJvp(
  prim: Primitive<SortParams>,
  primals: readonly JaxArray[],
  tangents: readonly Tangent[],
  params: SortParams,
): [JaxArray[], Tangent[]] {
  const { dimension } = params;
  const iota = iotaAlong(primals[0]!.shape, dimension);
  const sorted = bind(prim, [...primals, iota], params);
  const perm = sorted.pop()!;
  const live = tangents.flatMap((t, i) => (t instanceof Zero ? [] : [i]));
  if (live.length === 0) return [sorted, sorted.map((o) => new Zero(o.aval))];
  const inverse = sortByIndex(prim, perm, [iota], dimension)[0]!;
  const moved = sortByIndex(prim, inverse, live.map((i) => tangents[i] as JaxArray), dimension);
  const outTangents: Tangent[] = sorted.map((o) => new Zero(o.aval));
  live.forEach((i, k) => (outTangents[i] = moved[k]!));
  return [sorted, outTangents];
}

export function sortTranspose(
  prim: Primitive<SortParams>,
  cts: readonly Tangent[],
  args: readonly TransposeArg[],
  params: SortParams,
): (Tangent | null)[] {
  const keys = args.slice(0, params.numKeys);
  if (keys.some((k) => k instanceof UndefinedPrimal)) {
    throw new Error("sort: transpose with respect to a sort key (internal error: sort is linear only in its non-key operands)");
  }
  const linear = args.flatMap((a, i) => (a instanceof UndefinedPrimal && !(cts[i] instanceof Zero) ? [i] : []));
  const result: (Tangent | null)[] = args.map((a) => (a instanceof UndefinedPrimal ? new Zero(a.aval) : null));
  if (linear.length === 0) return result;
  const perm = sortPermutation(prim, keys as JaxArray[], params);
  const restored = sortByIndex(prim, perm, linear.map((i) => cts[i] as JaxArray), params.dimension);
  linear.forEach((i, k) => (result[i] = restored[k]!));
  return result;
}
