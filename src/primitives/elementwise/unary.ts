// Unary arithmetic and rounding primitives: neg, sign, abs, floor, ceil, round, is_finite, square,
// integer_pow, sqrt, rsqrt, cbrt. Exponentials, logs, trigonometric and bit-counting primitives
// live in the unary-*.ts files and are re-exported here, so `lax` sees one unary family.
import { isFloat, isInteger } from "../../dtypes.js";
import { DTypeError, ValueError } from "../../errors.js";
import type { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { Zero, definePrimitive, type Primitive } from "../primitive.js";
import { checkDTypeClass, elementwiseOut, perArgJvp, unaryBatch, zeroJvp } from "../rules.js";
import { defineUnary, mapUnary, unaryOp } from "./define.js";
import { div, mul } from "./binary.js";
import { fullLike } from "./binary-fill.js";
import { ge } from "./compare.js";
import { select } from "./select.js";
import { integerPowFloat, integerPowInt, roundAwayFromZero, roundHalfToEven } from "./unary-kernels.js";

export * from "./unary-exp-log.js";
export * from "./unary-trig.js";
export * from "./unary-bits.js";

type UnaryFn = (x: JaxArray) => JaxArray;

export const negP = defineUnary({
  name: "neg",
  accepts: "numeric",
  f: (x) => -x,
  jvp: (t) => neg(t),
  transpose: ([ct]) => [ct instanceof Zero ? ct : neg(ct!)],
});

// Math.sign keeps -0 and NaN, as XLA's sign does; unsigned values give 0 or 1.
export const signP = defineUnary({ name: "sign", accepts: "numeric", f: Math.sign });

// JAX's abs takes signed integers and floats only: jnp.abs passes unsigned values through itself.
export const absP = defineUnary({
  name: "abs",
  accepts: "signedNumeric",
  f: Math.abs,
  // JAX: select(x >= 0, t, -t), so the derivative at 0 is +1.
  jvp: (t, x) => select(ge(x, fullLike(x, 0)), t, neg(t)),
});

export const floorP = defineUnary({ name: "floor", accepts: "float", f: Math.floor });
export const ceilP = defineUnary({ name: "ceil", accepts: "float", f: Math.ceil });

export const isFiniteP = defineUnary({
  name: "is_finite",
  accepts: "float",
  outDtype: () => "bool",
  f: (x) => (Number.isFinite(x) ? 1 : 0),
});

export const squareP = defineUnary({
  name: "square",
  accepts: "numeric",
  f: (x) => x * x,
  fInt: (x) => Math.imul(x, x),
  jvp: (t, x) => mul(t, mul(fullLike(x, 2), x)),
});

export const sqrtP = defineUnary({
  name: "sqrt",
  accepts: "float",
  f: Math.sqrt,
  jvp: (t, x, y) => mul(t, div(fullLike(x, 0.5), y)),
});

export const rsqrtP = defineUnary({
  name: "rsqrt",
  accepts: "float",
  f: (x) => 1 / Math.sqrt(x),
  jvp: (t, x, y) => mul(t, mul(fullLike(x, -0.5), div(y, x))),
});

export const cbrtP = defineUnary({
  name: "cbrt",
  accepts: "float",
  f: Math.cbrt,
  jvp: (t, x, y) => mul(t, mul(fullLike(x, 1 / 3), integerPow(y, -2))),
});

// ---- round -------------------------------------------------------------------------------------

/** lax.RoundingMethod: how halfway cases round. */
export const RoundingMethod = { AWAY_FROM_ZERO: 0, TO_NEAREST_EVEN: 1 } as const;
export type RoundingMethod = (typeof RoundingMethod)[keyof typeof RoundingMethod];

export interface RoundParams {
  roundingMethod: RoundingMethod;
}

export const roundP: Primitive<RoundParams> = definePrimitive<RoundParams>({
  name: "round",
  abstractEval([x], { roundingMethod }) {
    if (roundingMethod !== 0 && roundingMethod !== 1) {
      throw new ValueError(
        `round: roundingMethod must be 0 (RoundingMethod.AWAY_FROM_ZERO) or 1 (RoundingMethod.TO_NEAREST_EVEN), got ${String(roundingMethod)}`,
      );
    }
    checkDTypeClass("round", x!, "float");
    return [elementwiseOut([x!])];
  },
  impl([x], { roundingMethod }, [out]) {
    const kernel = roundingMethod === 1 ? roundHalfToEven : roundAwayFromZero;
    return [mapUnary(x!.data, x!.dtype, out!.dtype, kernel)];
  },
  jvp: (primals, tangents, params) => zeroJvp(roundP)(primals, tangents, params),
  batch: (args, dims, params) => unaryBatch(roundP)(args, dims, params),
});

// ---- integer_pow -------------------------------------------------------------------------------

export interface IntegerPowParams {
  y: number;
}

function integerPowAbstractEval([x]: readonly ShapedArray[], { y }: IntegerPowParams): ShapedArray[] {
  if (!Number.isSafeInteger(y)) {
    throw new ValueError(
      `integer_pow: the exponent y must be an integer, got y=${String(y)}; use lax.pow for real exponents`,
    );
  }
  checkDTypeClass("integer_pow", x!, "numeric");
  if (y < 0 && !isFloat(x!.dtype)) {
    throw new DTypeError(
      `integer_pow: integers cannot be raised to negative powers, got integer_pow(${x!.str()}, y=${y}); ` +
        `convert to float first with x.astype('float32')`,
    );
  }
  return [elementwiseOut([x!])];
}

export const integerPowP: Primitive<IntegerPowParams> = definePrimitive<IntegerPowParams>({
  name: "integer_pow",
  abstractEval: integerPowAbstractEval,
  impl([x], { y }, [out]) {
    const kernel = isInteger(x!.dtype) ? (v: number) => integerPowInt(v, y) : (v: number) => integerPowFloat(v, y);
    return [mapUnary(x!.data, x!.dtype, out!.dtype, kernel)];
  },
  jvp: (primals, tangents, params) =>
    params.y === 0
      ? zeroJvp(integerPowP)(primals, tangents, params)
      : perArgJvp(integerPowP, (t, [x], _out, { y }) => mul(t, mul(fullLike(x!, y), integerPow(x!, y - 1))))(
          primals,
          tangents,
          params,
        ),
  batch: (args, dims, params) => unaryBatch(integerPowP)(args, dims, params),
});

// ---- lax wrappers ------------------------------------------------------------------------------

export const neg: UnaryFn = unaryOp(negP);
export const sign: UnaryFn = unaryOp(signP);
export const abs: UnaryFn = unaryOp(absP);
export const floor: UnaryFn = unaryOp(floorP);
export const ceil: UnaryFn = unaryOp(ceilP);
export const isFinite: UnaryFn = unaryOp(isFiniteP);
export const square: UnaryFn = unaryOp(squareP);
export const sqrt: UnaryFn = unaryOp(sqrtP);
export const rsqrt: UnaryFn = unaryOp(rsqrtP);
export const cbrt: UnaryFn = unaryOp(cbrtP);

/** `lax.round(x, { roundingMethod })`: halfway cases away from zero by default, as in JAX. */
export function round(x: JaxArray, options: { roundingMethod?: RoundingMethod } = {}): JaxArray {
  return bind1(roundP, [x], { roundingMethod: options.roundingMethod ?? RoundingMethod.AWAY_FROM_ZERO });
}

/** `lax.integer_pow(x, y)`: x to a static integer power (negative powers for floats only). */
export function integerPow(x: JaxArray, y: number): JaxArray {
  return bind1(integerPowP, [x], { y });
}

/** `lax.reciprocal(x)`: 1/x, as JAX writes it (integer_pow with y = -1). */
export function reciprocal(x: JaxArray): JaxArray {
  return integerPow(x, -1);
}
