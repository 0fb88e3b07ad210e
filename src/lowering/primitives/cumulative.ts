// Lowerings of the cumulative reductions: one invocation per line along the axis, folding in
// order (reversed when asked) and storing every prefix, as the CPU kernel does.
import type { CumulativeParams } from "../../primitives/reductions/cumulative-common.js";
import {
  add,
  assign,
  binary,
  constant,
  div,
  invocation,
  kernelProgram,
  letS,
  load,
  loop,
  mul,
  ref,
  rem,
  scalarType,
  select,
  storageType,
  store,
  sub,
  u32,
  unary,
  varS,
  type Expr,
} from "../kernel-ir.js";
import type { Lowering } from "../lowering.js";
import { nanChooser, type Combine } from "./reductions.js";

/** log(exp(a) + exp(b)) as the CPU's logAddExp: NaN or equal infinities give a + b. */
const logAddExp: Combine = (a, b) => {
  const delta = binary("sub", a, b);
  const larger = binary("max", a, b);
  const tail = unary("log1p", unary("exp", unary("neg", unary("abs", delta))));
  return select(unary("is_nan", delta), binary("add", a, b), binary("add", larger, tail));
};

function cumulativeLowering(name: string, combine: Combine): Lowering {
  return ({ inAvals: [x], outAvals: [out], params }) => {
    const { axis, reverse } = params as CumulativeParams;
    const shape = x!.shape;
    const n = shape[axis]!;
    const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const lines = x!.size / Math.max(n, 1);
    const type = scalarType(x!.dtype);
    const line = invocation;
    const base = add(mul(div(line, u32(inner)), u32(n * inner)), rem(line, u32(inner)));
    const step = ref("step", "u32");
    const along = reverse ? sub(u32(n - 1), step) : step;
    const position: Expr = add(ref("base", "u32"), mul(along, u32(inner)));
    const acc = ref("acc", type);
    return kernelProgram({
      label: name,
      inputs: [storageType(x!.dtype)],
      outputs: [storageType(out!.dtype)],
      invocations: n === 0 ? 0 : lines,
      body: [
        letS("base", base),
        varS("acc", constant(0, type)),
        loop("step", u32(n), [
          letS("at", position),
          letS("v", load(0, ref("at", "u32"), type)),
          assign("acc", select(binary("eq", step, u32(0)), ref("v", type), combine(acc, ref("v", type)))),
          store(0, ref("at", "u32"), acc),
        ]),
      ],
    });
  };
}

export const cumulativeLowerings: Record<string, Lowering> = {
  cumsum: cumulativeLowering("cumsum", (a, v) => binary("add", a, v)),
  cumprod: cumulativeLowering("cumprod", (a, v) => binary("mul", a, v)),
  cummax: cumulativeLowering("cummax", nanChooser("gt")),
  cummin: cumulativeLowering("cummin", nanChooser("lt")),
  cumlogsumexp: cumulativeLowering("cumlogsumexp", logAddExp),
};
