// dot_general as one register-tiled kernel: each invocation computes a TM x TN tile of one batch
// element's output, keeping its accumulators in registers (at the large tiles LLVM spills some to
// the stack, which costs less than the loads smaller tiles add), without workgroup memory
// (barriers are the bottleneck on lavapipe, ../shared/design/WEBGPU.md). Operands are read in
// place through their strides, whatever the dimension numbers.
//
// On lavapipe (llvmpipe runs 8 invocations as the lanes of 256-bit vectors) a buffer load costs
// about as much as 10 to 20 vector multiply-adds, whatever its address pattern (neighbouring or
// equal addresses do not make it cheaper), and a vec4 load about twice a scalar one. So the tile
// is large (each value loaded feeds a whole row or column of it: 8 x 16 by default) and operands
// are read four neighbours at a time where they are contiguous (docs/webgpu.md, "dot_general"):
//
// - "n4": the rhs read four columns at a time (its free axes trailing, N % 4 == 0: a row-major
//   [K, N] rhs, or one packed so by dot-pack.ts); vec4 accumulators along N, stored a vec4 at a
//   time. The lhs is read four rows at a time when its free axes are trailing (a [K, M] lhs, as in
//   the weight gradient x^T @ dy), else element by element: reading a row-major lhs four k at a
//   time was slower at these tile sizes (more values live across the unrolled body).
// - "m4": the lhs read four rows at a time and the rhs element by element; vec4 accumulators
//   along M, stored lane by lane.
// - "k4": both operands read four k at a time (contracted axes trailing, K % 4 == 0: A @ B^T with
//   few outputs, or a dot product); scalar accumulators.
// - "scalar": everything else, and every dtype but float32.
//
// Every output adds its products in the order of k, as the CPU loop does (with split-K, each
// chunk does, and the chunks are added in order).
import {
  add,
  assign,
  binary,
  constant,
  convert,
  div,
  ifS,
  invocation,
  lane,
  letS,
  load,
  loop,
  lt,
  mul,
  ref,
  rem,
  scalarType,
  splat,
  storageType,
  store,
  sub,
  u32,
  varS,
  type Expr,
  type Kernel,
  type ScalarType,
  type Stmt,
  type StorageType,
} from "../kernel-ir.js";
import { axesOffset, readsAsVec4, tileSetup, type DotGeometry } from "./dot-geometry.js";

const V = "vec4f";

/** How an operand is read: four neighbours along its free axes or along K, or element by element. */
export type ReadMode = "free4" | "k4" | "scalar";

export interface DotLayout {
  readonly lhs: ReadMode;
  readonly rhs: ReadMode;
  /** The axis the accumulators are vec4 along, if any. */
  readonly acc: "n" | "m" | "scalar";
}

/** The read modes this dot_general allows (vec4 ones only for non-empty float32 operands). */
export function dotLayout(g: DotGeometry, vec4: boolean): DotLayout {
  const allF32 = [g.lhs, g.rhs, g.out].every((a) => a.dtype === "float32");
  if (!vec4 || !allF32 || g.M === 0 || g.N === 0 || g.K === 0) return { lhs: "scalar", rhs: "scalar", acc: "scalar" };
  const lhs: ReadMode = readsAsVec4(g.lhs, g.lhsFree) ? "free4" : "scalar";
  const rhs: ReadMode = readsAsVec4(g.rhs, g.rhsFree) ? "free4" : "scalar";
  if (lhs === "scalar" && rhs === "scalar" && readsAsVec4(g.lhs, g.lhsContract) && readsAsVec4(g.rhs, g.rhsContract)) {
    return { lhs: "k4", rhs: "k4", acc: "scalar" };
  }
  return { lhs, rhs, acc: rhs === "free4" ? "n" : lhs === "free4" ? "m" : "scalar" };
}

/** The contraction advances four k per iteration when both operands read four k at a time. */
export const kStep = (layout: DotLayout): number => (layout.lhs === "k4" ? 4 : 1);

/** What TM and TN must be multiples of: 4 along an axis read (or accumulated) four at a time. */
export function tileUnits(layout: DotLayout): [number, number] {
  return [layout.lhs === "free4" ? 4 : 1, layout.rhs === "free4" ? 4 : 1];
}

/** acc + a * b in the accumulation type (or of ands for bool, as XLA's PRED dot). */
export function multiplyAdd(acc: Expr, a: Expr, b: Expr): Expr {
  if (acc.type === "bool") return binary("or", acc, binary("and", a, b));
  return add(acc, mul(a, b));
}

/**
 * The kernel for a TM x TN tile (multiples of tileUnits(layout)). With `chunks` > 1 (split-K, for
 * float32), invocation group c contracts k in [c * KC, (c + 1) * KC), KC = ceil(K / chunks) (in
 * steps of kStep(layout); no chunk may be empty), and stores its partial results at c * B * M * N
 * in output 0, for sumChunksKernel to add up.
 */
export function tiledDotKernel(g: DotGeometry, layout: DotLayout, TM: number, TN: number, chunks = 1): Kernel {
  const { lhs, rhs, out, B, M, N, K } = g;
  const tiles = B * Math.ceil(M / TM) * Math.ceil(N / TN);
  const accType: ScalarType = layout.acc === "scalar" ? scalarType(out.dtype) : V;
  const elemType: ScalarType = layout.acc === "scalar" ? accType : "f32";
  const mUnit = layout.acc === "m" ? 4 : 1;
  const nUnit = layout.acc === "n" ? 4 : 1;
  const [tilesM, tilesN] = [Math.ceil(M / TM), Math.ceil(N / TN)];
  const [b, m0, n0] = [ref("b", "u32"), ref("m0", "u32"), ref("n0", "u32")];
  const u = (name: string) => ref(name, "u32");

  const lGroup = layout.lhs === "scalar" ? 1 : 4;
  const rGroup = layout.rhs === "scalar" ? 1 : 4;
  const step = kStep(layout);
  // Iterations of the contraction loop, in all and per chunk.
  const [KI, KC] = [K / step, Math.ceil(K / step / chunks)];
  const setup: Stmt[] = [
    ...(chunks > 1 ? [letS("chunk", div(invocation, u32(tiles)))] : []),
    ...tileSetup(tilesM, tilesN, TM, TN, chunks > 1 ? rem(invocation, u32(tiles)) : invocation),
    letS("lbase", axesOffset(b, lhs, g.lhsBatch, lGroup)),
    letS("rbase", axesOffset(b, rhs, g.rhsBatch, rGroup)),
  ];
  // Rows and columns past the edge read the last one (in bounds) and are not stored. Where an
  // operand reads four neighbours along its free axes, one offset serves four rows (columns).
  const lRows = layout.lhs === "free4" ? TM / 4 : TM;
  for (let i = 0; i < lRows; i++) {
    const di = layout.lhs === "free4" ? 4 * i : i;
    const row = binary("min", add(m0, u32(di)), u32(M - 1));
    const off = layout.lhs === "free4" ? binary("div", row, u32(4)) : axesOffset(row, lhs, g.lhsFree, lGroup);
    setup.push(letS(`lrow${i}`, add(u("lbase"), off)));
  }
  const rCols = layout.rhs === "free4" ? TN / 4 : TN;
  for (let j = 0; j < rCols; j++) {
    const dj = layout.rhs === "free4" ? 4 * j : j;
    const col = binary("min", add(n0, u32(dj)), u32(N - 1));
    const off = layout.rhs === "free4" ? binary("div", col, u32(4)) : axesOffset(col, rhs, g.rhsFree, rGroup);
    setup.push(letS(`rcol${j}`, add(u("rbase"), off)));
  }
  const [accRows, accCols] = [TM / mUnit, TN / nUnit];
  const accName = (i: number, j: number) => `acc${i}_${j}`;
  for (let i = 0; i < accRows; i++) {
    for (let j = 0; j < accCols; j++) setup.push(varS(accName(i, j), constant(0, accType)));
  }

  const k = chunks > 1 ? add(mul(u("chunk"), u32(KC)), u("kc")) : u("k");
  // With both operands contracted along their trailing axes, group k of 4 is at offset k in both.
  const body: Stmt[] =
    step === 4
      ? [letS("lk", k), letS("rk", k)]
      : [letS("lk", axesOffset(k, lhs, g.lhsContract, lGroup)), letS("rk", axesOffset(k, rhs, g.rhsContract, rGroup))];
  const lType = layout.lhs === "scalar" ? scalarType(lhs.dtype) : V;
  const rType = layout.rhs === "scalar" ? scalarType(rhs.dtype) : V;
  for (let i = 0; i < lRows; i++) body.push(letS(`a${i}`, load(0, add(u(`lrow${i}`), u("lk")), lType)));
  for (let j = 0; j < rCols; j++) body.push(letS(`b${j}`, load(1, add(u(`rcol${j}`), u("rk")), rType)));
  /** lhs[m0 + i, k] and rhs[k, n0 + j] as scalars of the accumulators' element type. */
  const aVal = (i: number): Expr =>
    layout.lhs === "free4" ? lane(ref(`a${i >> 2}`, V), i & 3) : convert(ref(`a${i}`, lType), elemType);
  const bVal = (j: number): Expr =>
    layout.rhs === "free4" ? lane(ref(`b${j >> 2}`, V), j & 3) : convert(ref(`b${j}`, rType), elemType);
  for (let i = 0; i < accRows; i++) {
    for (let j = 0; j < accCols; j++) {
      const acc = ref(accName(i, j), accType);
      let value: Expr = acc;
      if (layout.acc === "n") value = add(acc, mul(splat(aVal(i)), ref(`b${j}`, V)));
      else if (layout.acc === "m") value = add(acc, mul(ref(`a${i}`, V), splat(bVal(j))));
      else if (step === 4) {
        // Four k in order: the same additions as one k at a time.
        for (let kk = 0; kk < 4; kk++) value = add(value, mul(lane(ref(`a${i}`, V), kk), lane(ref(`b${j}`, V), kk)));
      } else value = multiplyAdd(acc, aVal(i), bVal(j));
      body.push(assign(accName(i, j), value));
    }
  }

  const stores: Stmt[] = [];
  const first = chunks > 1 ? mul(u("chunk"), u32(B * M)) : u32(0);
  const flat = (m: Expr, n: Expr) => add(mul(add(add(first, mul(b, u32(M))), m), u32(N)), n);
  for (let i = 0; i < accRows; i++) {
    for (let j = 0; j < accCols; j++) {
      const [m, n] = [add(m0, u32(i * mUnit)), add(n0, u32(j * nUnit))];
      const inside = binary("and", lt(m, u32(M)), lt(n, u32(N)));
      const acc = ref(accName(i, j), accType);
      if (layout.acc === "n") {
        stores.push(ifS(inside, [store(0, binary("div", flat(m, n), u32(4)), acc)]));
      } else if (layout.acc === "m") {
        const lanes = [0, 1, 2, 3].map((l) => store(0, flat(add(m, u32(l)), n), lane(acc, l)));
        stores.push(ifS(inside, lanes));
      } else {
        stores.push(ifS(inside, [store(0, flat(m, n), acc)]));
      }
    }
  }

  const inputType = (mode: ReadMode, dtype: typeof lhs.dtype): StorageType =>
    mode === "scalar" ? storageType(dtype) : V;
  // The last chunk may be shorter.
  const main =
    chunks > 1
      ? loop("kc", binary("min", u32(KC), sub(u32(KI), mul(u("chunk"), u32(KC)))), body)
      : loop("k", u32(KI), body);
  return {
    label: "dot_general",
    inputs: [inputType(layout.lhs, lhs.dtype), inputType(layout.rhs, rhs.dtype)],
    outputs: [layout.acc === "n" ? V : storageType(out.dtype)],
    invocations: M === 0 || N === 0 ? 0 : tiles * chunks,
    body: [...setup, main, ...stores],
  };
}

/** Output 0 (float32, `size` elements) as the sum, in order, of `chunks` partial results in input 0. */
export function sumChunksKernel(size: number, chunks: number): Kernel {
  const body: Stmt[] = [varS("acc", load(0, invocation, "f32"))];
  const c = add(ref("c", "u32"), u32(1));
  body.push(
    loop("c", u32(chunks - 1), [
      assign("acc", add(ref("acc", "f32"), load(0, add(mul(c, u32(size)), invocation), "f32"))),
    ]),
  );
  body.push(store(0, invocation, ref("acc", "f32")));
  return { label: "dot_general", inputs: ["f32"], outputs: ["f32"], invocations: size, body };
}
