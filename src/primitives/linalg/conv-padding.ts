// Padding arithmetic of windowed ops: JAX's padtype_to_pads for "SAME"/"VALID"/"SAME_LOWER", and
// the paddings of the convolutions that compute a convolution's transposes.
import { ValueError } from "../../errors.js";

export type PaddingType = "SAME" | "VALID" | "SAME_LOWER";
export type Pads = readonly (readonly [number, number])[];

/** Size of an axis after inserting `dilation - 1` holes between its elements. */
export function dilateDim(size: number, dilation: number): number {
  return size === 0 ? 0 : 1 + dilation * (size - 1);
}

/** Number of windows of `window` elements, `stride` apart, that fit in `size` elements. */
export function stridedWindowCount(size: number, window: number, stride: number): number {
  return Math.max(0, Math.floor((size - window) / stride) + 1);
}

/**
 * `lax.padtype_to_pads`: explicit (low, high) pads for a padding mode. "SAME" (and
 * "SAME_LOWER") give ceil(in / stride) outputs, with the odd element of padding at the end
 * (at the start for "SAME_LOWER").
 */
export function padtypeToPads(
  inShape: readonly number[],
  windowShape: readonly number[],
  strides: readonly number[],
  padding: string,
): [number, number][] {
  const mode = padding.toUpperCase();
  if (mode === "VALID") return inShape.map(() => [0, 0]);
  if (mode !== "SAME" && mode !== "SAME_LOWER") {
    throw new ValueError(
      `padtype_to_pads: unknown padding ${JSON.stringify(padding)}; use "SAME", "SAME_LOWER", "VALID" or explicit [low, high] pairs`,
    );
  }
  return inShape.map((size, i) => {
    const stride = strides[i]!;
    const outSize = Math.ceil(size / stride);
    const total = Math.max(0, (outSize - 1) * stride + windowShape[i]! - size);
    const small = Math.floor(total / 2);
    return mode === "SAME" ? [small, total - small] : [total - small, small];
  });
}

interface VjpPaddingArgs {
  lhsShape: readonly number[];
  rhsShape: readonly number[];
  outShape: readonly number[];
  windowStrides: readonly number[];
  padding: Pads;
  lhsDilation: readonly number[];
  rhsDilation: readonly number[];
}

/**
 * Padding of the convolution of the output cotangent with the reversed kernel (JAX's
 * _conv_general_vjp_lhs_padding): it lines each cotangent element up with every lhs element
 * its window touched.
 */
export function convVjpLhsPadding(a: VjpPaddingArgs): [number, number][] {
  return a.lhsShape.map((size, i) => {
    const lhsDilated = dilateDim(size, a.lhsDilation[i]!);
    const rhsDilated = dilateDim(a.rhsShape[i]!, a.rhsDilation[i]!);
    const outDilated = dilateDim(a.outShape[i]!, a.windowStrides[i]!);
    const before = rhsDilated - a.padding[i]![0] - 1;
    const after = lhsDilated + rhsDilated - 1 - outDilated - before;
    return [before, after];
  });
}

/** Padding of the convolution of the lhs with the output cotangent (JAX's _conv_general_vjp_rhs_padding). */
export function convVjpRhsPadding(a: VjpPaddingArgs): [number, number][] {
  return a.lhsShape.map((size, i) => {
    const lhsDilated = dilateDim(size, a.lhsDilation[i]!);
    const rhsDilated = dilateDim(a.rhsShape[i]!, a.rhsDilation[i]!);
    const outDilated = dilateDim(a.outShape[i]!, a.windowStrides[i]!);
    const lo = a.padding[i]![0];
    return [lo, outDilated - lhsDilated + rhsDilated - lo - 1];
  });
}
