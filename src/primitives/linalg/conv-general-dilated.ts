// conv_general_dilated: XLA's general convolution — strides, (negative) padding, lhs and rhs
// dilation, feature and batch groups, any axis layout via dimension numbers.
import type { DType } from "../../dtypes.js";
import { ShapeError, ValueError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, UndefinedPrimal, Zero, type Primitive } from "../primitive.js";
import { bilinearJvp } from "./bilinear-jvp.js";
import { contractionDtype } from "./contraction-dtype.js";
import { convBatch } from "./conv-batch.js";
import {
  convDimensionNumbers,
  type ConvDimensionNumbers,
  type ConvDimensionNumbersLike,
} from "./conv-dimension-numbers.js";
import { convKernel } from "./conv-kernel.js";
import { convParamPairs, type ConvGeneralDilatedParams } from "./conv-params.js";
import { dilateDim, padtypeToPads } from "./conv-padding.js";
import { convOutputShape } from "./conv-shape.js";
import { convTransposeLhs, convTransposeRhs } from "./conv-transpose.js";
import { canonicalizePrecision, type PrecisionLike } from "./precision.js";

export type { ConvGeneralDilatedParams };

function outAval(lhs: ShapedArray, rhs: ShapedArray, p: ConvGeneralDilatedParams): ShapedArray {
  const shape = convOutputShape(lhs, rhs, p);
  const dtype = contractionDtype("conv_general_dilated", lhs, rhs, p.preferredElementType, false);
  return new ShapedArray(shape, dtype, lhs.weakType && rhs.weakType && p.preferredElementType === null);
}

const bindConv = (lhs: JaxArray, rhs: JaxArray, params: ConvGeneralDilatedParams): JaxArray =>
  bind1(convGeneralDilatedP, [lhs, rhs], params);

export const convGeneralDilatedP: Primitive<ConvGeneralDilatedParams> = definePrimitive<ConvGeneralDilatedParams>({
  name: "conv_general_dilated",
  abstractEval([lhs, rhs], params) {
    return [outAval(lhs!, rhs!, params)];
  },
  impl([lhs, rhs], params, [out]) {
    return [convKernel(lhs!, rhs!, params, out!)];
  },
  jvp: (primals, tangents, params) => bilinearJvp(bindConv)(primals, tangents, params),
  transpose([ct], [x, w], params) {
    if (x instanceof UndefinedPrimal && w instanceof UndefinedPrimal) {
      throw new Error(
        "conv_general_dilated: transpose with both operands linear (internal error: convolution is bilinear, not linear)",
      );
    }
    if (x instanceof UndefinedPrimal) {
      return [
        ct instanceof Zero ? new Zero(x.aval) : convTransposeLhs(ct!, x.aval, w as JaxArray, params, bindConv),
        null,
      ];
    }
    const wAval = (w as UndefinedPrimal).aval;
    return [null, ct instanceof Zero ? new Zero(wAval) : convTransposeRhs(ct!, x!, wAval, params, bindConv)];
  },
  batch([x, w], [xd, wd], params) {
    const [out, dim] = convBatch([x!, w!], [xd ?? null, wd ?? null], params, bindConv, outAval);
    return [[out], [dim]];
  },
  printParams: (params) => convParamPairs(params),
});

export interface ConvGeneralDilatedOptions {
  /** Dilation of the lhs (transposed convolution); default 1 per spatial axis. */
  lhsDilation?: readonly number[] | null;
  /** Dilation of the kernel (atrous convolution); default 1 per spatial axis. */
  rhsDilation?: readonly number[] | null;
  dimensionNumbers?: ConvDimensionNumbersLike;
  featureGroupCount?: number;
  batchGroupCount?: number;
  precision?: PrecisionLike;
  /** Accumulate in and return this dtype (JAX's preferred_element_type). */
  preferredElementType?: DType | null;
}

/** Explicit pads for a padding mode, measured against the dilated kernel as JAX does. */
function resolvePadding(
  lhs: JaxArray,
  rhs: JaxArray,
  dn: ConvDimensionNumbers,
  windowStrides: readonly number[],
  padding: string,
  lhsDilation: readonly number[],
  rhsDilation: readonly number[],
): [number, number][] {
  if (lhsDilation.some((d) => d !== 1)) {
    throw new ValueError(
      `conv_general_dilated: string padding ${JSON.stringify(padding)} is not supported with lhs_dilation (${lhsDilation.join(", ")}); ` +
        `give explicit [low, high] pairs for a transposed convolution`,
    );
  }
  const inSpatial = dn.lhsSpec.slice(2).map((a) => lhs.shape[a]!);
  // Missing strides or dilations are reported by the shape rule; default them here.
  const window = dn.rhsSpec.slice(2).map((a, i) => dilateDim(rhs.shape[a]!, rhsDilation[i] ?? 1));
  return padtypeToPads(
    inSpatial,
    window,
    inSpatial.map((_, i) => windowStrides[i] ?? 1),
    padding,
  );
}

function checkPairs(padding: unknown): readonly (readonly [number, number])[] {
  const ok =
    Array.isArray(padding) &&
    padding.every((p) => Array.isArray(p) && p.length === 2 && p.every((v) => Number.isInteger(v)));
  if (!ok) {
    throw new ValueError(
      `conv_general_dilated: padding must be "SAME", "SAME_LOWER", "VALID" or a list of [low, high] integer pairs, got ${JSON.stringify(padding)}`,
    );
  }
  return (padding as [number, number][]).map(([lo, hi]) => [lo, hi] as const);
}

/**
 * `lax.conv_general_dilated(lhs, rhs, windowStrides, padding, options)`. Padding is a mode
 * string or explicit (low, high) pairs per spatial axis, in the order the kernel spec lists them.
 */
export function convGeneralDilated(
  lhs: JaxArray,
  rhs: JaxArray,
  windowStrides: readonly number[],
  padding: string | readonly (readonly [number, number])[],
  options: ConvGeneralDilatedOptions = {},
): JaxArray {
  if (lhs.ndim !== rhs.ndim) {
    throw new ShapeError(
      `conv_general_dilated: lhs and rhs must have the same rank, got ${lhs.aval.str()} and ${rhs.aval.str()}; the kernel has one axis per lhs axis`,
    );
  }
  const dn = convDimensionNumbers(lhs.ndim, options.dimensionNumbers);
  const ones = Array.from({ length: Math.max(0, lhs.ndim - 2) }, () => 1);
  const lhsDilation = [...(options.lhsDilation ?? ones)];
  const rhsDilation = [...(options.rhsDilation ?? ones)];
  const pads =
    typeof padding === "string"
      ? resolvePadding(lhs, rhs, dn, windowStrides, padding, lhsDilation, rhsDilation)
      : checkPairs(padding);
  return bindConv(lhs, rhs, {
    windowStrides: [...windowStrides],
    padding: pads,
    lhsDilation,
    rhsDilation,
    dimensionNumbers: dn,
    featureGroupCount: options.featureGroupCount ?? 1,
    batchGroupCount: options.batchGroupCount ?? 1,
    precision: canonicalizePrecision("conv_general_dilated", options.precision),
    preferredElementType: options.preferredElementType ?? null,
  });
}
