// A device owns buffers and runs primitives on them. The CPU device is the reference; the WebGPU
// device lowers kernels to WGSL. Arrays hold an opaque buffer handle plus the device that made it.
import type { AnyTypedArray } from "../dtypes.js";
import type { Params, Primitive } from "../primitives/primitive.js";
import type { Kernel } from "../lowering/kernel-ir.js";
import type { LoweringTuning } from "../lowering/lowering.js";
import type { StreamStack } from "../runtime/stream.js";
import type { ShapedArray } from "../tracing/aval.js";

export type Platform = "cpu" | "webgpu";

export interface Device {
  readonly platform: Platform;
  readonly id: number;
  /** Copies host data into a new device buffer. The device may keep `data` (callers pass a fresh copy). */
  upload(data: AnyTypedArray, aval: ShapedArray): unknown;
  /** Runs one primitive eagerly on device buffers, returning one buffer per output aval. */
  execute(prim: Primitive<Params>, inputs: readonly unknown[], inputAvals: readonly ShapedArray[], params: Params, outAvals: readonly ShapedArray[]): unknown[];
  readSync(buffer: unknown, aval: ShapedArray): AnyTypedArray;
  read(buffer: unknown, aval: ShapedArray): Promise<AnyTypedArray>;
  /** Drops one reference to `buffer`; the last one frees it (in program order). */
  free(buffer: unknown): void;
  /** Adds a reference to `buffer`, for work queued on it that outlives the array that held it. */
  retain(buffer: unknown): void;
  /**
   * Whether reads complete at once (the CPU). On an asynchronous device (WebGPU) results are
   * pending until the work before them has run, and host programs are queued (src/runtime).
   */
  readonly synchronous: boolean;
  /** The order work runs in, on an asynchronous device. */
  readonly streams?: StreamStack;
  /** A buffer for `aval` whose contents an operation will write. */
  allocate(aval: ShapedArray): unknown;
  /** Copies `src` (holding `aval`) into `dst` from element `dstOffset` on, in program order. */
  copy(src: unknown, dst: unknown, aval: ShapedArray, dstOffset?: number): void;
  /** Makes reading `buffer`, and what is computed from it, fail with `error` (the op that failed). */
  poison(buffer: unknown, error: Error): void;
  /** Present on devices that run kernel IR directly (WebGPU): what lets jit fuse. */
  readonly kernels?: KernelRunner;
  toString(): string;
}

/** Compiles and launches kernel IR programs (fused kernels of an executable). */
export interface KernelRunner {
  readonly tuning: LoweringTuning;
  /** Whether a fused kernel may hold values of `aval`'s dtype. */
  fusible(aval: ShapedArray): boolean;
  /** Compiles once; the result is launched as often as needed. */
  compile(kernel: Kernel): unknown;
  /** Runs a compiled kernel on input buffers, returning new buffers for `outAvals`. */
  launch(label: string, compiled: unknown, inputs: readonly unknown[], outAvals: readonly ShapedArray[]): unknown[];
}
