// reduce_window_sum/max/min: one invocation per output element, folding its window in row-major
// order from the identity, as the CPU's windowKernel does. Float sums accumulate in f32 (the CPU
// in float64, rounding once); max and min agree bit for bit.
import type { DType } from "../../dtypes.js";
import { maxValue, minValue } from "../../primitives/reductions/reduce-common.js";
import type { ReduceWindowParams } from "../../primitives/reductions/reduce-window-common.js";
import { ravel, unravel } from "../indexing.js";
import {
  and,
  assign,
  binary,
  constant,
  ifS,
  invocation,
  kernelProgram,
  letS,
  load,
  loop,
  ref,
  scalarType,
  storageType,
  store,
  u32,
  varS,
  type Expr,
} from "../kernel-ir.js";
import type { Lowering } from "../lowering.js";
import { nanChooser, type Combine } from "./reductions.js";
import { windowTap } from "./window-tap.js";

function windowLowering(name: string, identity: (d: DType) => number, combine: Combine): Lowering {
  return ({ inAvals: [x], outAvals: [out], params }) => {
    const p = params as ReduceWindowParams;
    const type = scalarType(x!.dtype);
    const taps = x!.shape.map((size, d) =>
      windowTap(ref(`o${d}`, "u32"), ref(`k${d}`, "u32"), {
        stride: p.windowStrides[d]!,
        tapDilation: p.windowDilation[d]!,
        padLow: p.padding[d]![0],
        baseDilation: p.baseDilation[d]!,
        size,
      }),
    );
    const reads = taps.reduce<Expr>((acc, t) => and(acc, t.reads), constant(1, "bool"));
    const source = ravel(
      taps.map((t) => t.index),
      x!.shape,
    );
    const acc = ref("acc", type);
    const windowSize = p.windowDimensions.reduce((a, b) => a * b, 1);
    return kernelProgram({
      label: name,
      inputs: [storageType(x!.dtype)],
      outputs: [storageType(out!.dtype)],
      invocations: out!.size,
      body: [
        ...unravel(invocation, out!.shape).map((e, d) => letS(`o${d}`, e)),
        varS("acc", constant(identity(x!.dtype), type)),
        loop("w", u32(windowSize), [
          ...unravel(ref("w", "u32"), p.windowDimensions).map((e, d) => letS(`k${d}`, e)),
          ifS(reads, [assign("acc", combine(acc, load(0, source, type)))]),
        ]),
        store(0, invocation, acc),
      ],
    });
  };
}

export const reduceWindowLowerings: Record<string, Lowering> = {
  reduce_window_sum: windowLowering(
    "reduce_window_sum",
    () => 0,
    (a, v) => binary("add", a, v),
  ),
  reduce_window_max: windowLowering("reduce_window_max", minValue, nanChooser("gt")),
  reduce_window_min: windowLowering("reduce_window_min", maxValue, nanChooser("lt")),
};
