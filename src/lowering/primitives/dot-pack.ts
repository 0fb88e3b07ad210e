// Packing dot_general's rhs: a kernel copying it into a row-major [B, K, N] float32 scratch buffer,
// so that the tiled kernel (dot-tile.ts) reads it four columns at a time. It serves the layouts
// whose rhs has no trailing free axes, above all A @ B^T (the input gradient of a dense layer): on
// lavapipe the copy costs about a tenth of an MLP-sized product (0.5 ms for a [784, 256] weight)
// and 1.5% of a 1024 x 1024 one, and the product then runs about as fast as A @ B, instead of
// reading the rhs one element at a time (docs/webgpu.md).
import { ShapedArray } from "../../tracing/aval.js";
import { unravel } from "../indexing.js";
import {
  add,
  invocation,
  lane,
  letS,
  load,
  mul,
  ref,
  store,
  u32,
  type Expr,
  type Kernel,
  type Stmt,
} from "../kernel-ir.js";
import { axesOffset, readsAsVec4, type DotGeometry } from "./dot-geometry.js";

/** The packed rhs's shape and axes: [B, K, N], batch axis 0, contracted axis 1, free axis 2. */
export function packedRhs(g: DotGeometry): { rhs: ShapedArray; batch: number[]; contract: number[]; free: number[] } {
  return { rhs: new ShapedArray([g.B, g.K, g.N], g.rhs.dtype), batch: [0], contract: [1], free: [2] };
}

/** The geometry of the same product with the packed rhs. */
export function withPackedRhs(g: DotGeometry): DotGeometry {
  const p = packedRhs(g);
  return { ...g, rhs: p.rhs, rhsBatch: p.batch, rhsContract: p.contract, rhsFree: p.free };
}

/**
 * The packing kernel (float32, N % 4 == 0): input 0 the rhs, output 0 the [B, K, N] buffer.
 * Neighbouring invocations write neighbouring columns. Where the rhs's contracted axes are its
 * trailing ones (A @ B^T), each invocation reads four k of one column as a vec4 and writes them to
 * four rows; otherwise it copies one element.
 */
export function packRhsKernel(g: DotGeometry): Kernel {
  const { rhs, B, K, N } = g;
  const vec = readsAsVec4(rhs, g.rhsContract);
  const KG = vec ? K / 4 : K;
  const [bi, kg, n] = unravel(invocation, [B, KG, N]);
  const u = (name: string) => ref(name, "u32");
  const group = vec ? 4 : 1;
  const body: Stmt[] = [
    letS("b", bi!),
    letS("kg", kg!),
    letS("n", n!),
    letS("at", add(axesOffset(u("b"), rhs, g.rhsBatch, group), axesOffset(u("n"), rhs, g.rhsFree, group))),
  ];
  // Element (b, k, n) of the packed buffer.
  const dest = (k: Expr) => add(mul(add(mul(u("b"), u32(K)), k), u32(N)), u("n"));
  if (vec) {
    body.push(letS("v", load(0, add(u("at"), u("kg")), "vec4f")));
    for (let l = 0; l < 4; l++)
      body.push(store(0, dest(add(mul(u("kg"), u32(4)), u32(l))), lane(ref("v", "vec4f"), l)));
  } else {
    const value = load(0, add(u("at"), axesOffset(u("kg"), rhs, g.rhsContract)), "f32");
    body.push(store(0, dest(u("kg")), value));
  }
  return {
    label: "dot_general",
    inputs: [vec ? "vec4f" : "f32"],
    outputs: ["f32"],
    invocations: B * KG * N,
    body,
  };
}
