// The CPU device: buffers are host TypedArrays and primitives run their reference kernels.
import { allocTyped, DTYPES, type AnyTypedArray, type DType } from "../dtypes.js";
import { UnsupportedError } from "../errors.js";
import type { HostTensor, Params, Primitive } from "../primitives/primitive.js";
import type { ShapedArray } from "../tracing/aval.js";
import type { Device } from "./device.js";

/** The TypedArray class that holds each dtype (as allocTyped makes them). */
const STORAGE = Object.fromEntries(DTYPES.map((d) => [d, allocTyped(d, 0).constructor])) as Record<DType, unknown>;

export interface CpuBuffer {
  data: AnyTypedArray;
  /** Set when the operation that was to fill this buffer failed. */
  error?: Error;
  /** References beyond the first (retain). */
  extraRefs?: number;
}

export class CpuDevice implements Device {
  readonly platform = "cpu" as const;
  readonly id = 0;
  readonly synchronous = true;

  upload(data: AnyTypedArray): CpuBuffer {
    return { data };
  }

  execute(
    prim: Primitive<Params>,
    inputs: readonly unknown[],
    inputAvals: readonly ShapedArray[],
    params: Params,
    outAvals: readonly ShapedArray[],
  ): CpuBuffer[] {
    if (!prim.impl) {
      throw new UnsupportedError(`${prim.name}: no CPU kernel; this primitive only runs inside its transform`);
    }
    const tensors: HostTensor[] = inputs.map((b, i) => ({
      data: (b as CpuBuffer).data,
      shape: inputAvals[i]!.shape,
      dtype: inputAvals[i]!.dtype,
    }));
    const outs = prim.impl(tensors, params, outAvals);
    return outs.map((data, i) => {
      const aval = outAvals[i]!;
      if (data.length !== aval.size) {
        throw new Error(`${prim.name}: CPU kernel returned ${data.length} elements for ${aval.str()} (internal error)`);
      }
      // Kernels may return an operand's own buffer (squeeze); outputs must not alias inputs.
      if (data.constructor === STORAGE[aval.dtype] && !tensors.some((t) => t.data === data)) return { data };
      const typed = allocTyped(aval.dtype, aval.size);
      typed.set(data);
      return { data: typed };
    });
  }

  readSync(buffer: unknown): AnyTypedArray {
    const b = buffer as CpuBuffer;
    if (b.error) throw b.error;
    return b.data;
  }

  read(buffer: unknown): Promise<AnyTypedArray> {
    try {
      return Promise.resolve(this.readSync(buffer));
    } catch (e) {
      return Promise.reject(e as Error);
    }
  }

  allocate(aval: ShapedArray): CpuBuffer {
    return { data: allocTyped(aval.dtype, aval.size) };
  }

  copy(src: unknown, dst: unknown, _aval: ShapedArray, dstOffset = 0): void {
    (dst as CpuBuffer).data.set((src as CpuBuffer).data as never, dstOffset);
  }

  poison(buffer: unknown, error: Error): void {
    (buffer as CpuBuffer).error ??= error;
  }

  retain(buffer: unknown): void {
    const b = buffer as CpuBuffer;
    b.extraRefs = (b.extraRefs ?? 0) + 1;
  }

  free(buffer: unknown): void {
    const b = buffer as CpuBuffer;
    if (b.extraRefs) {
      b.extraRefs--;
      return;
    }
    // Dropping the reference is enough on the host; clearing it makes use-after-free loud.
    (buffer as CpuBuffer).data = allocTyped("float32", 0);
  }

  toString(): string {
    return "CpuDevice(id=0)";
  }
}

export const cpuDevice = new CpuDevice();
