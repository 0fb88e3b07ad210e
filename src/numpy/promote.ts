// numpy semantics on top of strict lax: promote dtypes (with weak types) and broadcast shapes.
import { ArrayImpl, arrayFromHost, scalar } from "../array.js";
import { asArray, type ArrayLike } from "../coerce.js";
import { promoteTypes, toInexact, type DType } from "../dtypes.js";
import { broadcastInDim } from "../primitives/shape/broadcast-in-dim.js";
import { convertElementType } from "../primitives/shape/convert-element-type.js";
import { broadcastShapes, shapesEqual } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";

/** Converts every operand to the promoted dtype (weak operands adopt the strong ones' type). */
export function promoteDtypes(op: string, xs: readonly ArrayLike[]): JaxArray[] {
  const arrays = xs.map((x) => asArray(x, op));
  const { dtype, weakType } = promoteTypes(...arrays.map((a) => ({ dtype: a.dtype, weakType: a.weakType })));
  // JS numbers are made directly in the promoted dtype, so `f64 - Math.LN2` keeps every digit
  // (converting the weak float32 scalar would round it first).
  // ... on the device of the array operands, so that broadcasting them happens there too.
  const anchor = arrays.find((a, i) => typeof xs[i] !== "number" && a instanceof ArrayImpl && !a.isDisposed);
  const device = anchor instanceof ArrayImpl ? anchor.device : undefined;
  return arrays.map((a, i) => {
    const x = xs[i];
    if (typeof x !== "number") return convertElementType(a, dtype, weakType);
    return device ? arrayFromHost([x], [], dtype, weakType, device) : scalar(x, dtype, weakType);
  });
}

/** Like promoteDtypes, then the result moved to a float type (for sin, mean, ...); weakness is kept. */
export function promoteToInexact(op: string, xs: readonly ArrayLike[]): JaxArray[] {
  const arrays = promoteDtypes(op, xs);
  const target: DType = toInexact(arrays[0]!.dtype);
  return arrays.map((a) => convertElementType(a, target, a.weakType));
}

/** Like promoteDtypes, with bool moved to int32: for arithmetic that has no boolean form (remainder, power). */
export function promoteDtypesNumeric(op: string, xs: readonly ArrayLike[]): JaxArray[] {
  const arrays = promoteDtypes(op, xs);
  if (arrays[0]!.dtype !== "bool") return arrays;
  return arrays.map((a) => convertElementType(a, "int32", false));
}

export function broadcastTo(x: JaxArray, shape: readonly number[]): JaxArray {
  if (shapesEqual(x.shape, shape)) return x;
  const lead = shape.length - x.ndim;
  return broadcastInDim(
    x,
    shape,
    x.shape.map((_, i) => i + lead),
  );
}

/** Broadcasts operands to their common shape (numpy rules), naming `op` in the error. */
export function broadcastArrays(op: string, xs: readonly JaxArray[]): JaxArray[] {
  const shape = broadcastShapes(
    op,
    xs.map((x) => x.shape),
    xs.map((x) => x.aval.str()),
  );
  return xs.map((x) => broadcastTo(x, shape));
}

/** promote + broadcast: the preamble of every numpy binary function. */
export function promoteArgs(op: string, xs: readonly ArrayLike[]): JaxArray[] {
  return broadcastArrays(op, promoteDtypes(op, xs));
}

export function promoteArgsInexact(op: string, xs: readonly ArrayLike[]): JaxArray[] {
  return broadcastArrays(op, promoteToInexact(op, xs));
}

export function promoteArgsNumeric(op: string, xs: readonly ArrayLike[]): JaxArray[] {
  return broadcastArrays(op, promoteDtypesNumeric(op, xs));
}
