// numpy comparisons, logical and bitwise functions, and closeness tests.
import { asArray, type ArrayLike } from "../coerce.js";
import { isFloat, isUnsigned } from "../dtypes.js";
import { DTypeError } from "../errors.js";
import * as lax from "../lax/index.js";
import { shapesEqual } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { scalar } from "../array.js";
import { isinf, isnan } from "./math-float.js";
import { fullLike } from "./math-util.js";
import { broadcastArrays, promoteArgs, promoteArgsInexact, promoteArgsNumeric, promoteDtypes } from "./promote.js";
import { all } from "./reductions.js";

type Binary = (x: ArrayLike, y: ArrayLike) => JaxArray;

function comparison(op: string, f: (a: JaxArray, b: JaxArray) => JaxArray): Binary {
  return (x, y) => {
    const [a, b] = promoteArgs(op, [x, y]);
    return f(a!, b!);
  };
}

export const equal = comparison("equal", lax.eq);
export const notEqual = comparison("notEqual", lax.ne);
export const less = comparison("less", lax.lt);
export const lessEqual = comparison("lessEqual", lax.le);
export const greater = comparison("greater", lax.gt);
export const greaterEqual = comparison("greaterEqual", lax.ge);

/** numpy's truthiness: nonzero (and NaN) is true. */
function truthy(x: ArrayLike, op: string): JaxArray {
  const a = asArray(x, op);
  return a.dtype === "bool" ? a : lax.ne(a, fullLike(a, 0));
}

function logical(op: string, f: (a: JaxArray, b: JaxArray) => JaxArray): Binary {
  return (x, y) => {
    const [a, b] = broadcastArrays(op, [truthy(x, op), truthy(y, op)]);
    return f(a!, b!);
  };
}

export const logicalAnd = logical("logicalAnd", lax.bitwiseAnd);
export const logicalOr = logical("logicalOr", lax.bitwiseOr);
export const logicalXor = logical("logicalXor", lax.bitwiseXor);

export function logicalNot(x: ArrayLike): JaxArray {
  return lax.bitwiseNot(truthy(x, "logicalNot"));
}

function checkIntOrBool(op: string, xs: readonly JaxArray[]): void {
  if (isFloat(xs[0]!.dtype)) {
    throw new DTypeError(
      `${op}: requires integer or bool operands, got ${xs.map((x) => x.aval.str()).join(", ")}; convert with x.astype('int32')`,
    );
  }
}

function bitwise(op: string, f: (a: JaxArray, b: JaxArray) => JaxArray): Binary {
  return (x, y) => {
    const [a, b] = promoteArgs(op, [x, y]);
    checkIntOrBool(op, [a!, b!]);
    return f(a!, b!);
  };
}

export const bitwiseAnd = bitwise("bitwiseAnd", lax.bitwiseAnd);
export const bitwiseOr = bitwise("bitwiseOr", lax.bitwiseOr);
export const bitwiseXor = bitwise("bitwiseXor", lax.bitwiseXor);

export function bitwiseNot(x: ArrayLike): JaxArray {
  const [a] = promoteDtypes("bitwiseNot", [x]);
  checkIntOrBool("bitwiseNot", [a!]);
  return lax.bitwiseNot(a!);
}
export const bitwiseInvert = bitwiseNot;
export const invert = bitwiseNot;

export function leftShift(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgsNumeric("leftShift", [x, y]);
  checkIntOrBool("leftShift", [a!, b!]);
  return lax.shiftLeft(a!, b!);
}
export const bitwiseLeftShift = leftShift;

/** Arithmetic shift for signed integers, logical for unsigned (numpy's `>>`). */
export function rightShift(x: ArrayLike, y: ArrayLike): JaxArray {
  const [a, b] = promoteArgsNumeric("rightShift", [x, y]);
  checkIntOrBool("rightShift", [a!, b!]);
  return isUnsigned(a!.dtype) ? lax.shiftRightLogical(a!, b!) : lax.shiftRightArithmetic(a!, b!);
}
export const bitwiseRightShift = rightShift;

export interface IsCloseOptions {
  rtol?: number;
  atol?: number;
  /** Whether NaN compares close to NaN (default false). */
  equalNan?: boolean;
}

/**
 * |a - b| <= atol + rtol * |b|, elementwise (asymmetric, as numpy's). Infinities are close only
 * to the same infinity; NaN is close to nothing unless `equalNan`.
 */
export function isclose(a: ArrayLike, b: ArrayLike, options: IsCloseOptions = {}): JaxArray {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = options;
  const [x, y] = promoteArgsInexact("isclose", [a, b]);
  const tol = lax.add(fullLike(y!, atol), lax.mul(fullLike(y!, rtol), lax.abs(y!)));
  let out = lax.le(lax.abs(lax.sub(x!, y!)), tol);
  const xInf = isinf(x!);
  const yInf = isinf(y!);
  out = lax.bitwiseAnd(out, lax.bitwiseNot(lax.bitwiseOr(xInf, yInf)));
  out = lax.bitwiseOr(out, lax.bitwiseAnd(lax.bitwiseAnd(xInf, yInf), lax.eq(x!, y!)));
  const xNan = isnan(x!);
  const yNan = isnan(y!);
  out = lax.bitwiseAnd(out, lax.bitwiseNot(lax.bitwiseOr(xNan, yNan)));
  return equalNan ? lax.bitwiseOr(out, lax.bitwiseAnd(xNan, yNan)) : out;
}

/** Whether every element is close (a bool scalar array). */
export function allclose(a: ArrayLike, b: ArrayLike, options: IsCloseOptions = {}): JaxArray {
  return all(isclose(a, b, options));
}

export interface ArrayEqualOptions {
  equalNan?: boolean;
}

/** Same shape and same elements (a bool scalar array); different shapes give false. */
export function arrayEqual(a: ArrayLike, b: ArrayLike, options: ArrayEqualOptions = {}): JaxArray {
  const x = asArray(a, "arrayEqual");
  const y = asArray(b, "arrayEqual");
  if (!shapesEqual(x.shape, y.shape)) return scalar(false);
  return allEqual("arrayEqual", x, y, options.equalNan ?? false);
}

/** Broadcast-compatible and equal everywhere (a bool scalar array); incompatible shapes give false. */
export function arrayEquiv(a: ArrayLike, b: ArrayLike): JaxArray {
  const x = asArray(a, "arrayEquiv");
  const y = asArray(b, "arrayEquiv");
  const n = Math.max(x.ndim, y.ndim);
  for (let i = 1; i <= n; i++) {
    const dx = x.shape[x.ndim - i] ?? 1;
    const dy = y.shape[y.ndim - i] ?? 1;
    if (dx !== dy && dx !== 1 && dy !== 1) return scalar(false);
  }
  return allEqual("arrayEquiv", x, y, false);
}

function allEqual(op: string, x: JaxArray, y: JaxArray, equalNan: boolean): JaxArray {
  const [p, q] = promoteArgs(op, [x, y]);
  let eq = lax.eq(p!, q!);
  if (equalNan) eq = lax.bitwiseOr(eq, lax.bitwiseAnd(isnan(p!), isnan(q!)));
  return all(eq);
}
