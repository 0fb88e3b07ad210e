// Transposes of conv_general_dilated in each operand (JAX's _conv_general_dilated_transpose_lhs
// and _rhs). Ignoring space, a convolution contracts [batch, in] with [in, out] into
// [batch, out], so its transposes are convolutions too:
//   lhs: [batch, out] x [out, in] -> [batch, in]: the cotangent against the spatially reversed
//        kernel, with the forward strides becoming lhs dilation;
//   rhs: [in, batch] x [batch, out] -> [in, out]: the lhs against the cotangent, with the
//        forward strides becoming rhs dilation.
// Feature groups of the forward become batch groups of the rhs transpose and vice versa.
import type { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { Zero } from "../primitive.js";
import { convertElementType } from "../shape/convert-element-type.js";
import { rev } from "../shape/rev.js";
import { reshapeAxisInto, reshapeAxisOutOf } from "./axis-reshape.js";
import { swapSpec } from "./conv-dimension-numbers.js";
import { convVjpLhsPadding, convVjpRhsPadding } from "./conv-padding.js";
import type { ConvGeneralDilatedParams } from "./conv-params.js";

export type BindConv = (lhs: JaxArray, rhs: JaxArray, params: ConvGeneralDilatedParams) => JaxArray;

const spatialSizes = (shape: readonly number[], spec: readonly number[]): number[] =>
  spec.slice(2).map((a) => shape[a]!);

function vjpPaddingArgs(
  lhsShape: readonly number[],
  rhsShape: readonly number[],
  outShape: readonly number[],
  p: ConvGeneralDilatedParams,
) {
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  return {
    lhsShape: spatialSizes(lhsShape, lhsSpec),
    rhsShape: spatialSizes(rhsShape, rhsSpec),
    outShape: spatialSizes(outShape, outSpec),
    windowStrides: p.windowStrides,
    padding: p.padding,
    lhsDilation: p.lhsDilation,
    rhsDilation: p.rhsDilation,
  };
}

const castTo = (x: JaxArray, aval: ShapedArray): JaxArray =>
  x.dtype === aval.dtype ? x : convertElementType(x, aval.dtype, aval.weakType);

export function convTransposeLhs(
  g: JaxArray,
  lhs: ShapedArray,
  rhs: JaxArray,
  p: ConvGeneralDilatedParams,
  conv: BindConv,
): JaxArray {
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const groups = Math.max(p.featureGroupCount, p.batchGroupCount);
  let kernel = rhs;
  if (groups > 1) {
    // Move the group from the kernel's output features into its input features, which play
    // the output role once the kernel is transposed.
    kernel = reshapeAxisOutOf(rhsSpec[0]!, groups, kernel);
    kernel = reshapeAxisInto(rhsSpec[0]!, rhsSpec[1]!, kernel);
  }
  kernel = rev(kernel, rhsSpec.slice(2));
  if (kernel.dtype !== g.dtype) kernel = convertElementType(kernel, g.dtype);
  let out = conv(g, kernel, {
    ...p,
    windowStrides: p.lhsDilation,
    padding: convVjpLhsPadding(vjpPaddingArgs(lhs.shape, rhs.shape, g.shape, p)),
    lhsDilation: p.windowStrides,
    dimensionNumbers: { lhsSpec: outSpec, rhsSpec: swapSpec(rhsSpec), outSpec: lhsSpec },
    featureGroupCount: groups,
    batchGroupCount: 1,
  });
  out = castTo(out, lhs);
  if (p.batchGroupCount > 1) {
    // Batch groups came out as feature groups: move them back into the batch.
    out = reshapeAxisOutOf(lhsSpec[1]!, p.batchGroupCount, out);
    out = reshapeAxisInto(lhsSpec[1]!, lhsSpec[0]!, out);
  }
  return out;
}

export function convTransposeRhs(
  g: JaxArray,
  lhs: JaxArray,
  rhs: ShapedArray,
  p: ConvGeneralDilatedParams,
  conv: BindConv,
): JaxArray | Zero {
  // An empty cotangent would need a kernel with empty spatial axes; its transpose is zero.
  if (g.size === 0) return new Zero(rhs);
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const x = lhs.dtype === g.dtype ? lhs : convertElementType(lhs, g.dtype);
  const out = conv(x, g, {
    ...p,
    windowStrides: p.rhsDilation,
    padding: convVjpRhsPadding(vjpPaddingArgs(lhs.shape, rhs.shape, g.shape, p)),
    rhsDilation: p.windowStrides,
    dimensionNumbers: { lhsSpec: swapSpec(lhsSpec), rhsSpec: swapSpec(outSpec), outSpec: swapSpec(rhsSpec) },
    featureGroupCount: p.batchGroupCount,
    batchGroupCount: p.featureGroupCount,
  });
  return castTo(out, rhs);
}
