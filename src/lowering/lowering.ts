// What a primitive lowering is: a function from the operand and result avals and the params to
// a kernel IR program. The table of lowerings lives in table.ts; primitives stay unaware of it.
import type { Params } from "../primitives/primitive.js";
import type { ShapedArray } from "../tracing/aval.js";
import type { Program } from "./kernel-ir.js";

/** Per-adapter choices that change the shape of kernels (not the values they compute, beyond rounding order). */
export interface LoweringTuning {
  /**
   * Output rows and columns one dot_general invocation computes (a register tile) when the layout
   * allows vec4 reads; the scalar kernel takes at most 4 x 4 of it.
   */
  readonly dotTileRows: number;
  readonly dotTileCols: number;
  /**
   * Invocations a dot_general should have at least: tiles shrink (not below 4 x 4), and products
   * with fewer outputs and a long contraction split it into chunks (split-K), to reach it.
   */
  readonly dotMinInvocations: number;
  /**
   * dot_generals of fewer multiply-adds than this take at most a 4 x 4 tile and do not pack their
   * rhs: they are too short for the larger kernels to repay their longer compile.
   */
  readonly dotSmallWork: number;
  /** Whether float32 dot_general reads four neighbours per load where the layout allows. */
  readonly dotVec4: boolean;
  /**
   * Storage buffers one kernel may bind (inputs plus outputs): the adapter's per-stage limit.
   * Lowerings with more operands split into a multi-kernel program.
   */
  readonly maxKernelBuffers: number;
}

/**
 * Measured on lavapipe (docs/webgpu.md); other adapters use it until measured. 8x8 tiles, not the
 * slightly faster 8x16: cold compilation of a training step's matmuls stays near a second.
 */
export const DEFAULT_TUNING: LoweringTuning = {
  dotTileRows: 8,
  dotTileCols: 8,
  dotMinInvocations: 256,
  dotSmallWork: 1 << 21,
  dotVec4: true,
  maxKernelBuffers: 8,
};

export interface LoweringInput<P extends Params = Params> {
  readonly inAvals: readonly ShapedArray[];
  readonly outAvals: readonly ShapedArray[];
  readonly params: P;
  readonly tuning: LoweringTuning;
}

// Params are typed per primitive; the table erases them (each lowering knows its own).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Lowering = (input: LoweringInput<any>) => Program;
