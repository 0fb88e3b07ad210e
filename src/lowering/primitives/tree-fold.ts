// Sums and products of long lines, accurate and parallel. A float32 loop that adds n elements one
// at a time loses about n * 2^-24 of the total to rounding (a million 0.1s came out 8% off), and one
// invocation per output leaves the GPU idle when there are few outputs. So:
//
// - inside an invocation, sums fold as a tree of fan-in FAN_IN (nested loops, one accumulator per
//   level), so rounding error grows with the depth, log_8(n), not with n (products fold in order:
//   see Monoid.tree);
// - a line long enough, when there are too few outputs to fill the device, is split into chunks
//   folded by separate invocations (chunk j takes elements j, j + P, j + 2P, ...: neighbouring
//   invocations read neighbouring elements), whose partial results go to a scratch buffer that
//   the next pass folds the same way, until one value per output is left.
//
// Integer sums and products wrap, so their order does not matter; float sums differ from the
// CPU's (float64, rounded once) by a few float32 ulps, whatever the length.
import { linearIndex, unravel } from "../indexing.js";
import {
  add,
  assign,
  constant,
  div,
  ifS,
  invocation,
  kernelProgram,
  letS,
  load,
  loop,
  lt,
  mul,
  ref,
  registerType,
  rem,
  store,
  sub,
  u32,
  varS,
  type BufferRef,
  type Expr,
  type Kernel,
  type Program,
  type ProgramStep,
  type ScalarType,
  type StorageType,
  type Stmt,
  type TempBuffer,
} from "../kernel-ir.js";
import type { Combine } from "./reductions.js";

/** Children per tree node: eight keeps the depth (and the error) low and the loops short. */
const FAN_IN = 8;
/** Invocations a pass aims for when it splits lines: enough to keep a GPU (or lavapipe's threads) busy. */
const TARGET_INVOCATIONS = 16384;
/** Elements a chunk holds at least: shorter chunks would spend more on the extra pass than they save. */
const MIN_CHUNK = 256;
/** A split into fewer chunks per line than this is not worth a second pass. */
const MIN_CHUNKS = 4;

/**
 * Which elements each output folds: output o starts at `linearIndex(unravel(o, keptShape),
 * keptStrides)` and its reduced positions, in row-major order over `reducedShape`, are offset by
 * `reducedStrides`.
 */
export interface LineView {
  readonly keptShape: readonly number[];
  readonly keptStrides: readonly number[];
  readonly reducedShape: readonly number[];
  readonly reducedStrides: readonly number[];
}

/** How values combine: the accumulator's identity, the combining op, and whether to fold as a tree. */
export interface Monoid {
  readonly identity: number;
  readonly combine: Combine;
  /**
   * Whether an invocation folds its elements as a tree rather than in order. Trees help sums,
   * where an element's rounding errors are the roundings it passes through (log(n) of them
   * instead of n). They do not help products, whose n - 1 roundings each weigh on the result in
   * full whatever the order; worse, float32 products of factors close to 1 round with a bias while
   * the partial products stay close to 1, which in a tree they do (simulating float32 rounding,
   * 10^6 factors of 1 +- 1e-3 came out 7e-4 low as a tree, 2e-4 in chunks folded in order).
   */
  readonly tree: boolean;
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Folds `view` of input 0 (of storage type `inType`) into output 0 (`outType`), one value per output. */
export function chunkedFoldProgram(
  label: string,
  view: LineView,
  inType: StorageType,
  outType: StorageType,
  monoid: Monoid,
): Program {
  const temps: TempBuffer[] = [];
  const steps = foldSteps(label, view, { kind: "input", index: 0 }, inType, outType, monoid, temps);
  if (steps.length === 1) return kernelProgram(steps[0]!.kernel);
  return { kind: "multi", temps, steps };
}

/** The passes that fold `view` of buffer `from` into output 0; scratch buffers are added to `temps`. */
function foldSteps(
  label: string,
  view: LineView,
  from: BufferRef,
  inType: StorageType,
  outType: StorageType,
  monoid: Monoid,
  temps: TempBuffer[],
): ProgramStep[] {
  const outputs = product(view.keptShape);
  const length = product(view.reducedShape);
  const chunks = chunksPerLine(outputs, length);
  const output: BufferRef = { kind: "output", index: 0 };
  if (chunks === 1) return [{ kernel: foldKernel(label, view, inType, outType, monoid, 1), buffers: [from, output] }];
  // Partial results keep the register type (f32 for float16), so only the last store rounds.
  const partialType: StorageType = outType === "f16" ? "f32" : outType;
  temps.push({ type: partialType, length: outputs * chunks });
  const partials: BufferRef = { kind: "temp", index: temps.length - 1 };
  const first = { kernel: foldKernel(label, view, inType, partialType, monoid, chunks), buffers: [from, partials] };
  const partialView: LineView = {
    keptShape: [outputs],
    keptStrides: [chunks],
    reducedShape: [chunks],
    reducedStrides: [1],
  };
  return [first, ...foldSteps(label, partialView, partials, partialType, outType, monoid, temps)];
}

/** Chunks to split each line into: 1 (no split) when the outputs alone fill the device or lines are short. */
function chunksPerLine(outputs: number, length: number): number {
  if (outputs === 0) return 1;
  const chunks = Math.min(Math.ceil(length / MIN_CHUNK), Math.floor(TARGET_INVOCATIONS / outputs));
  return chunks >= MIN_CHUNKS ? chunks : 1;
}

/**
 * One invocation per (output, chunk), chunk-major within an output: chunk j of a line folds its
 * positions j, j + chunks, j + 2 chunks, ... (treeFold) and stores the result at the invocation.
 */
function foldKernel(
  label: string,
  view: LineView,
  inType: StorageType,
  outType: StorageType,
  monoid: Monoid,
  chunks: number,
): Kernel {
  const length = product(view.reducedShape);
  const outputs = product(view.keptShape);
  const split = chunks > 1;
  const o = split ? div(invocation, u32(chunks)) : invocation;
  const j = ref("chunk", "u32");
  // Positions j + t * chunks for t < ceil((length - j) / chunks).
  const count = split ? div(sub(u32(length + chunks - 1), j), u32(chunks)) : u32(length);
  const element = (t: Expr): Expr => {
    const position = split ? add(j, mul(t, u32(chunks))) : t;
    const offset = linearIndex(unravel(position, view.reducedShape), view.reducedStrides);
    return load(0, add(ref("base", "u32"), offset), registerType(inType));
  };
  const accType = registerType(outType);
  return {
    label,
    inputs: [inType],
    outputs: [outType],
    invocations: outputs * chunks,
    body: [
      letS("base", linearIndex(unravel(o, view.keptShape), view.keptStrides)),
      ...(split ? [letS("chunk", rem(invocation, u32(chunks)))] : []),
      ...treeFold("acc", accType, monoid, count, Math.ceil(length / chunks), element),
      store(0, invocation, ref("acc", accType)),
    ],
  };
}

/**
 * Statements leaving in var `name` the fold of element(t) for t < count (at most maxCount): in
 * order, or as a tree of fan-in FAN_IN, where level d folds up to FAN_IN blocks of FAN_IN^(d-1)
 * elements each with its own accumulator, so an element passes through one rounding per level.
 */
function treeFold(
  name: string,
  type: ScalarType,
  monoid: Monoid,
  count: Expr,
  maxCount: number,
  element: (t: Expr) => Expr,
): Stmt[] {
  if (!monoid.tree) {
    const i = ref(`${name}_i`, "u32");
    return [
      varS(name, constant(monoid.identity, type)),
      loop(`${name}_i`, count, [assign(name, monoid.combine(ref(name, type), element(i)))]),
    ];
  }
  let depth = 1;
  while (FAN_IN ** depth < maxCount) depth++;
  const acc = (d: number) => (d === depth ? name : `${name}_l${d}`);
  // Folds the elements [start, start + min(left, FAN_IN^d)) into acc(d), for left > 0. The loops
  // count to the constant FAN_IN and skip what lies past the end: a bound the compiler can see
  // (min(FAN_IN, ...)) lets it unroll the nest completely, which took seconds to compile.
  const level = (d: number, start: Expr, left: Expr): Stmt[] => {
    const block = FAN_IN ** (d - 1);
    const i = ref(`${name}_i${d}`, "u32");
    const offset = mul(i, u32(block));
    const inner: Stmt[] =
      d === 1
        ? [assign(acc(1), monoid.combine(ref(acc(1), type), element(add(start, i))))]
        : [
            ...level(d - 1, add(start, offset), sub(left, offset)),
            assign(acc(d), monoid.combine(ref(acc(d), type), ref(acc(d - 1), type))),
          ];
    return [
      varS(acc(d), constant(monoid.identity, type)),
      loop(`${name}_i${d}`, u32(FAN_IN), [ifS(lt(offset, left), inner)]),
    ];
  };
  return level(depth, u32(0), count);
}
