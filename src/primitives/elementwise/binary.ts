// Binary arithmetic primitives (lax semantics: equal shapes and dtypes, no implicit promotion).
//
// Integer semantics follow XLA on CPU: arithmetic wraps modulo 2^32; division rounds toward zero;
// x / 0 is -1 (all bits set: 0xFFFFFFFF for uint32) and x rem 0 is x; INT_MIN / -1 wraps to
// INT_MIN and INT_MIN rem -1 is 0.
import { castScalar, isFloat, isInteger, type DType } from "../../dtypes.js";
import { DTypeError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import { UndefinedPrimal, Zero, type Tangent } from "../primitive.js";
import { castTo, operandsStr } from "../rules.js";
import { binaryOp, defineLaxBinary, isIntegral, type ScalarKernel } from "./binary-define.js";
import { fullLike } from "./binary-fill.js";
import { nextAfterIn } from "./binary-float-bits.js";
import { eq } from "./compare.js";
import { select } from "./select.js";
import { abs, floor, log, neg, sign, square } from "./unary.js";

const isUndef = (x: unknown): x is UndefinedPrimal => x instanceof UndefinedPrimal;
const same = (f: ScalarKernel) => (): ScalarKernel => f;

export const addP = defineLaxBinary({
  name: "add",
  jnpName: "add",
  accepts: "numeric",
  kernel: same((a, b) => a + b),
  jvp: [(t) => t, (t) => t],
  transpose: ([ct], [x, y]) => {
    const pass = (arg: unknown): Tangent | null => (isUndef(arg) ? ct! : null);
    return [pass(x), pass(y)];
  },
});

export const subP = defineLaxBinary({
  name: "sub",
  jnpName: "subtract",
  accepts: "numeric",
  kernel: same((a, b) => a - b),
  jvp: [(t) => t, (t) => neg(t)],
  transpose: ([ct], [x, y]) => {
    if (ct instanceof Zero) return [isUndef(x) ? ct : null, isUndef(y) ? ct : null];
    return [isUndef(x) ? ct! : null, isUndef(y) ? neg(ct!) : null];
  },
});

export const mulP = defineLaxBinary({
  name: "mul",
  jnpName: "multiply",
  accepts: "numeric",
  // Math.imul keeps the low 32 bits of integer products, which a float64 product would lose.
  kernel: (dtype) => (isIntegral(dtype) ? Math.imul : (a, b) => a * b),
  jvp: [(t, _x, y) => mul(t, y), (t, x) => mul(x, t)],
  transpose: ([ct], [x, y]) => {
    if (isUndef(x) && isUndef(y)) throw new Error("mul: transpose of a product of two linear values (internal error)");
    if (ct instanceof Zero) return [isUndef(x) ? ct : null, isUndef(y) ? ct : null];
    return [isUndef(x) ? mul(ct!, y as JaxArray) : null, isUndef(y) ? mul(x as JaxArray, ct!) : null];
  },
});

const ALL_BITS: Partial<Record<DType, number>> = { int32: -1, uint32: 0xffffffff };

export const divP = defineLaxBinary({
  name: "div",
  jnpName: "divide",
  accepts: "numeric",
  kernel: (dtype) => (isInteger(dtype) ? (a, b) => (b === 0 ? ALL_BITS[dtype]! : Math.trunc(a / b)) : (a, b) => a / b),
  jvp: [(t, _x, y) => div(t, y), (t, _x, y, out) => neg(mul(t, div(out, y)))],
  transpose: ([ct], [_x, y]) => {
    if (isUndef(y))
      throw new Error("div: transpose with respect to the divisor (internal error: div is not linear in it)");
    if (ct instanceof Zero) return [ct, null];
    return [div(ct!, y as JaxArray), null];
  },
});

/** trunc(q) as JAX's rem JVP writes it: sign(q) * floor(|q|). */
function truncate(q: JaxArray): JaxArray {
  return mul(sign(q), floor(abs(q)));
}

export const remP = defineLaxBinary({
  name: "rem",
  jnpName: "fmod",
  accepts: "numeric",
  // JS `%` is C's fmod: exact, with the sign of the dividend.
  kernel: (dtype) => (isInteger(dtype) ? (a, b) => (b === 0 ? a : a % b) : (a, b) => a % b),
  jvp: [(t) => t, (t, x, y) => mul(neg(t), truncate(div(x, y)))],
});

/** C's pow, which differs from Math.pow where the result does not depend on the NaN/infinite operand. */
function cPow(x: number, y: number): number {
  if (x === 1) return 1;
  if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
  return Math.pow(x, y);
}

export const powP = defineLaxBinary({
  name: "pow",
  jnpName: "power",
  accepts: "float",
  // An integer exponent is converted to the base's dtype first, as JAX's lowering does.
  kernel: (dtype) => (x, y) => cPow(x, castScalar(y, dtype)),
  checkDtypes([x, y]) {
    if (!isFloat(x!.dtype)) {
      throw new DTypeError(
        `pow: the base must be floating-point, got ${operandsStr([x!, y!])}; use jnp.power, or lax.integerPow for a static integer exponent`,
      );
    }
    if (y!.dtype !== x!.dtype && !isInteger(y!.dtype)) {
      throw new DTypeError(
        `pow: the exponent must have the base's dtype or an integer dtype, got ${operandsStr([x!, y!])}; ` +
          `use jnp.power (which promotes types) or convert with y.astype('${x!.dtype}')`,
      );
    }
  },
  jvp: [
    (t, x, y) => {
      if (isInteger(y.dtype)) {
        // d/dx x^n is n x^(n-1), and exactly 0 for n == 0 (even at x == 0).
        const n = castTo(y, x.dtype);
        const isZero = eq(n, fullLike(n, 0));
        return mul(t, select(isZero, fullLike(n, 0), mul(n, pow(x, sub(n, fullLike(n, 1))))));
      }
      return mul(t, mul(y, pow(x, sub(y, fullLike(y, 1)))));
    },
    // d/dy x^y = log(x) x^y, taken as 0 at x == 0 (where x^y is 0 or 1 for y >= 0).
    (t, x, _y, out) => mul(t, mul(logOfNonzero(x), out)),
  ],
});

function logOfNonzero(x: JaxArray): JaxArray {
  return log(select(eq(x, fullLike(x, 0)), fullLike(x, 1), x));
}

/** JAX's `_balanced_eq`: 1 where x attains the extremum z, 1/2 where y attains it too, else 0. */
function balancedEq(x: JaxArray, z: JaxArray, y: JaxArray): JaxArray {
  const hit = select(eq(x, z), fullLike(z, 1), fullLike(z, 0));
  return div(hit, select(eq(y, z), fullLike(z, 2), fullLike(z, 1)));
}

export const maxP = defineLaxBinary({
  name: "max",
  jnpName: "maximum",
  accepts: "any",
  // Math.max is IEEE 754-2019 maximum, as XLA's float max: NaN propagates and -0 < +0.
  kernel: same(Math.max),
  jvp: [(t, x, y, out) => mul(t, balancedEq(x, out, y)), (t, x, y, out) => mul(t, balancedEq(y, out, x))],
});

export const minP = defineLaxBinary({
  name: "min",
  jnpName: "minimum",
  accepts: "any",
  kernel: same(Math.min),
  jvp: [(t, x, y, out) => mul(t, balancedEq(x, out, y)), (t, x, y, out) => mul(t, balancedEq(y, out, x))],
});

const sumOfSquares = (x: JaxArray, y: JaxArray): JaxArray => add(square(x), square(y));

export const atan2P = defineLaxBinary({
  name: "atan2",
  jnpName: "arctan2",
  accepts: "float",
  kernel: same(Math.atan2),
  jvp: [(t, x, y) => mul(t, div(y, sumOfSquares(x, y))), (t, x, y) => mul(t, div(neg(x), sumOfSquares(x, y)))],
});

export const nextafterP = defineLaxBinary({
  name: "nextafter",
  jnpName: "nextafter",
  accepts: "float",
  kernel: nextAfterIn,
  // JAX defines no derivative for nextafter: differentiating through it is an error there too.
  jvp: null,
});

export const add = binaryOp(addP);
export const sub = binaryOp(subP);
export const mul = binaryOp(mulP);
export const div = binaryOp(divP);
export const rem = binaryOp(remP);
export const pow = binaryOp(powP);
export const max = binaryOp(maxP);
export const min = binaryOp(minP);
export const atan2 = binaryOp(atan2P);
export const nextafter = binaryOp(nextafterP);
