// lax.conv and lax.conv_with_general_padding: conv_general_dilated in the default layout
// (NCHW input, OIHW kernel, and their 1-D/3-D analogues).
import type { DType } from "../../dtypes.js";
import type { JaxArray } from "../../tracing/array.js";
import { convGeneralDilated } from "./conv-general-dilated.js";
import type { PrecisionLike } from "./precision.js";

export interface ConvOptions {
  precision?: PrecisionLike;
  preferredElementType?: DType | null;
}

/** `lax.conv(lhs, rhs, windowStrides, padding)` with padding "SAME", "SAME_LOWER" or "VALID". */
export function conv(
  lhs: JaxArray,
  rhs: JaxArray,
  windowStrides: readonly number[],
  padding: string,
  options: ConvOptions = {},
): JaxArray {
  return convGeneralDilated(lhs, rhs, windowStrides, padding, options);
}

/** `lax.conv_with_general_padding`: explicit (or mode) padding plus lhs and rhs dilation (null for none). */
export function convWithGeneralPadding(
  lhs: JaxArray,
  rhs: JaxArray,
  windowStrides: readonly number[],
  padding: string | readonly (readonly [number, number])[],
  lhsDilation: readonly number[] | null,
  rhsDilation: readonly number[] | null,
  options: ConvOptions = {},
): JaxArray {
  return convGeneralDilated(lhs, rhs, windowStrides, padding, { ...options, lhsDilation, rhsDilation });
}
