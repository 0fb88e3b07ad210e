// Special-function primitives: erf, erfc, erf_inv, lgamma, digamma, and polygamma (which carries
// digamma's derivative). Kernels live in special-erf.ts and special-gamma.ts; derivative rules
// are JAX's.
import { allocTyped, roundToFloat16 } from "../../dtypes.js";
import { ValueError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import { checkDTypeClass, checkSameShapesDtypes, elementwiseBatch, elementwiseOut, perArgJvp } from "../rules.js";
import { defineUnary, unaryOp } from "./define.js";
import { add, mul } from "./binary.js";
import { fullLike } from "./binary-fill.js";
import { exp, neg, square } from "./unary.js";
import { erfInvKernel, erfKernel, erfcKernel } from "./special-erf.js";
import { digammaKernel, lgammaKernel, polygammaKernel } from "./special-gamma.js";

type UnaryFn = (x: JaxArray) => JaxArray;

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

export const erfP = defineUnary({
  name: "erf",
  accepts: "float",
  f: erfKernel,
  jvp: (t, x) => mul(fullLike(x, TWO_OVER_SQRT_PI), mul(t, exp(neg(square(x))))),
});

export const erfcP = defineUnary({
  name: "erfc",
  accepts: "float",
  f: erfcKernel,
  jvp: (t, x) => mul(fullLike(x, -TWO_OVER_SQRT_PI), mul(t, exp(neg(square(x))))),
});

export const erfInvP = defineUnary({
  name: "erf_inv",
  accepts: "float",
  f: erfInvKernel,
  jvp: (t, x, y) => mul(fullLike(x, Math.sqrt(Math.PI) / 2), mul(t, exp(square(y)))),
});

export const lgammaP = defineUnary({
  name: "lgamma",
  accepts: "float",
  f: lgammaKernel,
  jvp: (t, x) => mul(t, digamma(x)),
});

export const digammaP = defineUnary({
  name: "digamma",
  accepts: "float",
  f: digammaKernel,
  jvp: (t, x) => mul(t, polygamma(fullLike(x, 1), x)),
});

/** polygamma(m, x): the m-th derivative of digamma; m is a float operand holding a natural number. */
export const polygammaP: Primitive<Record<string, never>> = definePrimitive<Record<string, never>>({
  name: "polygamma",
  abstractEval(avals) {
    checkSameShapesDtypes("polygamma", avals);
    checkDTypeClass("polygamma", avals[0]!, "float", avals);
    return [elementwiseOut(avals)];
  },
  impl([m, x], _params, [out]) {
    const result = allocTyped(out!.dtype, out!.size);
    const round = out!.dtype === "float16" ? roundToFloat16 : (v: number) => v;
    for (let i = 0; i < result.length; i++) result[i] = round(polygammaKernel(m!.data[i]!, x!.data[i]!));
    return [result];
  },
  jvp: (primals, tangents, params) =>
    perArgJvp(
      polygammaP,
      () => {
        throw new ValueError(
          "polygamma: the gradient with respect to m is not supported (as in JAX); mark m non-differentiable with lax.stopGradient",
        );
      },
      (t, [m, x]) => mul(t, polygamma(add(m!, fullLike(m!, 1)), x!)),
    )(primals, tangents, params),
  batch: (args, dims, params) => elementwiseBatch(polygammaP)(args, dims, params),
});

export const erf: UnaryFn = unaryOp(erfP);
export const erfc: UnaryFn = unaryOp(erfcP);
export const erfInv: UnaryFn = unaryOp(erfInvP);
export const lgamma: UnaryFn = unaryOp(lgammaP);
export const digamma: UnaryFn = unaryOp(digammaP);

/** `lax.polygamma(m, x)`: m and x share shape and float dtype; m must hold natural numbers. */
export function polygamma(m: JaxArray, x: JaxArray): JaxArray {
  return bind1(polygammaP, [m, x], {});
}
