// dot_general's lowering: the operands seen as B batched [M, K] x [K, N] products (dot-geometry.ts),
// computed by one register-tiled kernel (dot-tile.ts); before it, where that lets the kernel read
// the rhs four columns at a time, a kernel packing the rhs into a [B, K, N] scratch buffer
// (dot-pack.ts); after it, for few outputs with a long contraction (split-K), a kernel adding up
// the partial results of the contraction's chunks. The tile is chosen here from the shape and
// the adapter's tuning (docs/webgpu.md, "dot_general").
import type { DotGeneralParams } from "../../primitives/linalg/dot-general.js";
import { kernelProgram, type BufferRef, type ProgramStep, type TempBuffer } from "../kernel-ir.js";
import type { Lowering, LoweringTuning } from "../lowering.js";
import { dotGeometry, type DotGeometry } from "./dot-geometry.js";
import { packRhsKernel, withPackedRhs } from "./dot-pack.js";
import { dotLayout, kStep, sumChunksKernel, tiledDotKernel, tileUnits, type DotLayout } from "./dot-tile.js";

export { multiplyAdd } from "./dot-tile.js";

/**
 * Tiles are at most this square for the scalar kernel and for small products (`dotSmallWork`),
 * and are not shrunk below it.
 */
const SMALL_TILE = 4;
/** Packing the rhs pays when each of its elements serves at least this many rows. */
const PACK_MIN_ROWS = 8;

const roundUp = (x: number, to: number) => Math.ceil(x / to) * to;
const isSmall = (g: DotGeometry, tuning: LoweringTuning) => g.B * g.M * g.N * g.K < tuning.dotSmallWork;

/**
 * The tile for this product: the adapter's (at most 4 x 4 for the scalar kernel and for small
 * products), clamped to the output, then halved along its longer side, not below 4, while the
 * tiles would give fewer than `dotMinInvocations` invocations, so that every core gets work.
 */
export function chooseTile(g: DotGeometry, layout: DotLayout, tuning: LoweringTuning): [number, number] {
  const [mUnit, nUnit] = tileUnits(layout);
  const cap = layout.acc === "scalar" || isSmall(g, tuning) ? SMALL_TILE : Infinity;
  let TM = roundUp(Math.min(tuning.dotTileRows, cap, Math.max(g.M, 1)), mUnit);
  let TN = roundUp(Math.min(tuning.dotTileCols, cap, Math.max(g.N, 1)), nUnit);
  const invocations = () => g.B * Math.ceil(g.M / TM) * Math.ceil(g.N / TN);
  const halves = (t: number, unit: number) => t % 2 === 0 && t / 2 >= Math.max(unit, SMALL_TILE);
  while (invocations() < tuning.dotMinInvocations) {
    if (halves(TN, nUnit) && (TN >= TM || !halves(TM, mUnit))) TN /= 2;
    else if (halves(TM, mUnit)) TM /= 2;
    else break;
  }
  return [TM, TN];
}

/** Split-K: each chunk of the contraction is at least this long. */
const SPLIT_MIN_K = 256;

/**
 * How many chunks to split the contraction into: for float32 products whose tiles give fewer
 * than `dotMinInvocations` invocations, as many as make that many, each at least SPLIT_MIN_K long.
 */
function chooseChunks(g: DotGeometry, layout: DotLayout, TM: number, TN: number, tuning: LoweringTuning): number {
  const tiles = g.B * Math.ceil(g.M / TM) * Math.ceil(g.N / TN);
  if (g.out.dtype !== "float32" || tiles === 0 || tiles >= tuning.dotMinInvocations) return 1;
  const chunks = Math.min(Math.ceil(tuning.dotMinInvocations / tiles), Math.floor(g.K / SPLIT_MIN_K));
  // Chunks of ceil(iterations / chunks) loop iterations, none of them empty.
  const iterations = g.K / kStep(layout);
  return chunks < 2 ? 1 : Math.ceil(iterations / Math.ceil(iterations / chunks));
}

export const dotGeneralLowering: Lowering = ({ inAvals: [lhs, rhs], outAvals: [out], params, tuning }) => {
  const g = dotGeometry(lhs!, rhs!, out!, params as DotGeneralParams);
  let layout = dotLayout(g, tuning.dotVec4);
  let product = g;
  const steps: ProgramStep[] = [];
  const temps: TempBuffer[] = [];
  let rhsBuffer: BufferRef = { kind: "input", index: 1 };
  // A float32 rhs without trailing free axes (A @ B^T), packed so the kernel reads it as vec4.
  const allF32 = [g.lhs, g.rhs, g.out].every((a) => a.dtype === "float32");
  const packs = layout.rhs !== "free4" && g.N % 4 === 0 && g.M >= PACK_MIN_ROWS && !isSmall(g, tuning);
  if (tuning.dotVec4 && allF32 && packs) {
    product = withPackedRhs(g);
    layout = dotLayout(product, true);
    temps.push({ type: "f32", length: g.B * g.K * g.N });
    rhsBuffer = { kind: "temp", index: 0 };
    steps.push({ kernel: packRhsKernel(g), buffers: [{ kind: "input", index: 1 }, rhsBuffer] });
  }
  const [TM, TN] = chooseTile(product, layout, tuning);
  const chunks = chooseChunks(product, layout, TM, TN, tuning);
  const kernel = tiledDotKernel(product, layout, TM, TN, chunks);
  const operands: BufferRef[] = [{ kind: "input", index: 0 }, rhsBuffer];
  if (chunks > 1) {
    const size = g.B * g.M * g.N;
    temps.push({ type: "f32", length: chunks * size });
    const partials: BufferRef = { kind: "temp", index: temps.length - 1 };
    steps.push({ kernel, buffers: [...operands, partials] });
    steps.push({ kernel: sumChunksKernel(size, chunks), buffers: [partials, { kind: "output", index: 0 }] });
  } else {
    steps.push({ kernel, buffers: [...operands, { kind: "output", index: 0 }] });
  }
  return steps.length === 1 ? kernelProgram(kernel) : { kind: "multi", temps, steps };
};
