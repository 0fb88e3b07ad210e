// conv_general_dilated as a direct loop, like the CPU kernel: one invocation per output element
// sums over its group's input features and the kernel taps that land on a real lhs element (not
// padding, not a hole of the lhs dilation). Operands are read in place through their strides,
// so any dimension numbers work; feature groups split the lhs features and batch groups the lhs
// batch, both group-major.
import { stridesOf } from "../../shape.js";
import type { ConvGeneralDilatedParams } from "../../primitives/linalg/conv-params.js";
import { linearIndex, unravel } from "../indexing.js";
import {
  add,
  and,
  assign,
  constant,
  convert,
  div,
  ifS,
  invocation,
  kernelProgram,
  letS,
  load,
  loop,
  mul,
  ref,
  scalarType,
  storageType,
  store,
  u32,
  varS,
  type Expr,
} from "../kernel-ir.js";
import type { Lowering } from "../lowering.js";
import { multiplyAdd } from "./dot.js";
import { windowTap } from "./window-tap.js";

export const convLowering: Lowering = ({ inAvals: [lhs, rhs], outAvals: [out], params }) => {
  const p = params as ConvGeneralDilatedParams;
  const { lhsSpec, rhsSpec, outSpec } = p.dimensionNumbers;
  const [ls, rs] = [stridesOf(lhs!.shape), stridesOf(rhs!.shape)];
  const spatial = lhsSpec.slice(2).map((_, i) => i);
  const kernelShape = spatial.map((i) => rhs!.shape[rhsSpec[i + 2]!]!);
  const batchOut = out!.shape[outSpec[0]!]!;
  const outFeatures = rhs!.shape[rhsSpec[0]!]!;
  const groupFeatures = rhs!.shape[rhsSpec[1]!]!;
  const accType = scalarType(out!.dtype);

  const o = out!.shape.map((_, d) => ref(`o${d}`, "u32"));
  const [n, f] = [o[outSpec[0]!]!, o[outSpec[1]!]!];
  const c = ref("c", "u32");
  const taps = spatial.map((i) =>
    windowTap(o[outSpec[i + 2]!]!, ref(`k${i}`, "u32"), {
      stride: p.windowStrides[i]!,
      tapDilation: p.rhsDilation[i]!,
      padLow: p.padding[i]![0],
      baseDilation: p.lhsDilation[i]!,
      size: lhs!.shape[lhsSpec[i + 2]!]!,
    }),
  );
  const reads = taps.reduce<Expr>((acc, t) => and(acc, t.reads), constant(1, "bool"));
  const lAt = add(
    add(ref("lbase", "u32"), mul(c, u32(ls[lhsSpec[1]!]!))),
    linearIndex(
      taps.map((t) => t.index),
      spatial.map((i) => ls[lhsSpec[i + 2]!]!),
    ),
  );
  const rAt = add(
    add(ref("rbase", "u32"), mul(c, u32(rs[rhsSpec[1]!]!))),
    linearIndex(
      spatial.map((i) => ref(`k${i}`, "u32")),
      spatial.map((i) => rs[rhsSpec[i + 2]!]!),
    ),
  );
  const a = convert(load(0, lAt, scalarType(lhs!.dtype)), accType);
  const b = convert(load(1, rAt, scalarType(rhs!.dtype)), accType);
  const featureGroup = div(f, u32(outFeatures / p.featureGroupCount));
  const batchGroup = div(f, u32(outFeatures / p.batchGroupCount));
  const lhsBatch = add(mul(batchGroup, u32(batchOut)), n);

  return kernelProgram({
    label: "conv_general_dilated",
    inputs: [storageType(lhs!.dtype), storageType(rhs!.dtype)],
    outputs: [storageType(out!.dtype)],
    invocations: out!.size,
    body: [
      ...unravel(invocation, out!.shape).map((e, d) => letS(`o${d}`, e)),
      letS(
        "lbase",
        add(mul(lhsBatch, u32(ls[lhsSpec[0]!]!)), mul(featureGroup, u32(groupFeatures * ls[lhsSpec[1]!]!))),
      ),
      letS("rbase", mul(f, u32(rs[rhsSpec[0]!]!))),
      varS("acc", constant(0, accType)),
      loop("c", u32(groupFeatures), [
        loop("t", u32(kernelShape.reduce((x, y) => x * y, 1)), [
          ...unravel(ref("t", "u32"), kernelShape).map((e, i) => letS(`k${i}`, e)),
          ifS(reads, [assign("acc", multiplyAdd(ref("acc", accType), a, b))]),
        ]),
      ]),
      store(0, invocation, ref("acc", accType)),
    ],
  });
};
