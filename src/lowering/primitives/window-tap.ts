// One axis of a sliding window (reduce_window, convolution): which operand element an output
// position reads at a window (kernel) position, if any. The window starts at out * stride - low
// in the padded, base-dilated operand; positions on padding or on a dilation hole read nothing.
import { dilateDim } from "../../primitives/linalg/conv-padding.js";
import { add, and, binary, convert, div, ge, i32, lt, mul, rem, sub, type Expr } from "../kernel-ir.js";

export interface WindowAxis {
  readonly stride: number;
  readonly tapDilation: number;
  readonly padLow: number;
  readonly baseDilation: number;
  /** The operand's extent along the axis (before dilation). */
  readonly size: number;
}

export function windowTap(out: Expr, tap: Expr, axis: WindowAxis): { reads: Expr; index: Expr } {
  const pos = sub(
    add(mul(convert(out, "i32"), i32(axis.stride)), mul(convert(tap, "i32"), i32(axis.tapDilation))),
    i32(axis.padLow),
  );
  let reads = and(ge(pos, i32(0)), lt(pos, i32(dilateDim(axis.size, axis.baseDilation))));
  if (axis.baseDilation !== 1) reads = and(reads, binary("eq", rem(pos, i32(axis.baseDilation)), i32(0)));
  // Where the tap reads nothing the index goes unused; it stays in range all the same.
  const index = convert(binary("max", div(pos, i32(axis.baseDilation)), i32(0)), "u32");
  return { reads, index };
}
