// threefry2x32 (the cipher behind jax.random) in u32 arithmetic, which WGSL has natively: one
// invocation per output pair, operands broadcast along their size-1 axes (or as scalars), the 20
// rounds unrolled. The same words as the CPU kernel, so random streams agree across backends.
import { stridesOf } from "../../shape.js";
import type { ShapedArray } from "../../tracing/aval.js";
import { linearIndex, unravel } from "../indexing.js";
import {
  add,
  binary,
  invocation,
  kernelProgram,
  letS,
  load,
  ref,
  store,
  u32,
  type Expr,
  type Stmt,
} from "../kernel-ir.js";
import type { Lowering } from "../lowering.js";

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;
const KEY_PARITY = 0x1bd11bda;

/** Where output position `idx` reads an operand that broadcasts to the output shape. */
function broadcastRead(input: number, x: ShapedArray, idx: readonly Expr[]): Expr {
  if (x.ndim === 0) return load(input, u32(0), "u32");
  const strides = stridesOf(x.shape).map((s, d) => (x.shape[d] === 1 ? 0 : s));
  return load(input, linearIndex(idx, strides), "u32");
}

const rotateLeft = (x: Expr, s: number): Expr =>
  binary("or", binary("shl", x, u32(s)), binary("shr_logical", x, u32(32 - s)));

export const threefryLowering: Lowering = ({ inAvals, outAvals: [out] }) => {
  const idx = unravel(invocation, out!.shape);
  const body: Stmt[] = [];
  const names = ["k0", "k1", "x0", "x1"];
  inAvals.forEach((a, i) => body.push(letS(names[i]!, broadcastRead(i, a, idx))));
  const k = [ref("k0", "u32"), ref("k1", "u32"), ref("k2", "u32")];
  body.push(letS("k2", binary("xor", binary("xor", k[0]!, k[1]!), u32(KEY_PARITY))));
  let a: Expr = add(ref("x0", "u32"), k[0]!);
  let b: Expr = add(ref("x1", "u32"), k[1]!);
  let step = 0;
  const bindBoth = () => {
    body.push(letS(`a${step}`, a), letS(`b${step}`, b));
    a = ref(`a${step}`, "u32");
    b = ref(`b${step}`, "u32");
    step++;
  };
  bindBoth();
  for (let group = 0; group < 5; group++) {
    for (let r = 0; r < 4; r++) {
      a = add(a, b);
      body.push(letS(`a${step}`, a));
      a = ref(`a${step}`, "u32");
      b = binary("xor", rotateLeft(b, ROTATIONS[(group & 1) * 4 + r]!), a);
      body.push(letS(`b${step}`, b));
      b = ref(`b${step}`, "u32");
      step++;
    }
    a = add(a, k[(group + 1) % 3]!);
    b = add(add(b, k[(group + 2) % 3]!), u32(group + 1));
    bindBoth();
  }
  body.push(store(0, invocation, a), store(1, invocation, b));
  return kernelProgram({
    label: "threefry2x32",
    inputs: ["u32", "u32", "u32", "u32"],
    outputs: ["u32", "u32"],
    invocations: out!.size,
    body,
  });
};
