// A device owns buffers and runs primitives on them. The CPU device is the reference; the WebGPU
// device lowers kernels to WGSL. Arrays hold an opaque buffer handle plus the device that made it.
import type { AnyTypedArray } from "../dtypes.js";
import type { Params, Primitive } from "../primitives/primitive.js";
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
  free(buffer: unknown): void;
  toString(): string;
}
