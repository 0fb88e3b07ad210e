// The WebGPU device: buffers are pooled GPUBuffers, a primitive runs as one compute kernel
// (lowered to kernel IR, rendered to WGSL, compiled once and cached), and values come back
// asynchronously through a mapped staging buffer. Device errors (shader compilation, validation,
// out of memory) are captured per operation and raised by the next read, naming the operation.
import type { AnyTypedArray } from "../../dtypes.js";
import { UnsupportedError } from "../../errors.js";
import type { Params, Primitive } from "../../primitives/primitive.js";
import type { ShapedArray } from "../../tracing/aval.js";
import type { Program } from "../../lowering/kernel-ir.js";
import type { LoweringTuning } from "../../lowering/lowering.js";
import { loweringOf } from "../../lowering/table.js";
import { renderKernel } from "../../lowering/wgsl/render.js";
import type { Device } from "../device.js";
import { BufferPool } from "./buffer-pool.js";
import { BufferUsage, MapMode } from "./gpu-constants.js";
import { openGpuContext, type GpuContext } from "./gpu-context.js";
import { checkDeviceDtype, decodeFromDevice, deviceByteSize, encodeForDevice } from "./host-data.js";
import { PipelineCache } from "./pipeline-cache.js";

export interface WebGpuBuffer {
  /** null once freed. */
  gpu: GPUBuffer | null;
  /** Bytes holding the array's elements (a multiple of 4). */
  readonly bytes: number;
}

type Compiled =
  | {
      readonly kind: "kernel";
      readonly pipeline: GPUComputePipeline;
      readonly invocations: number;
      readonly label: string;
    }
  | { readonly kind: "copy" };

export class WebGpuDevice implements Device {
  readonly platform = "webgpu" as const;
  readonly id = 0;
  readonly #ctx: GpuContext;
  readonly #pool: BufferPool;
  readonly #pipelines: PipelineCache;
  readonly #compiled = new Map<string, Compiled>();
  /** Device errors captured since the last read, and error scopes not yet resolved. */
  #errors: string[] = [];
  #openScopes = 0;
  #scopesClosed: (() => void)[] = [];
  #tuning: LoweringTuning;

  private constructor(ctx: GpuContext) {
    this.#ctx = ctx;
    this.#tuning = ctx.tuning;
    this.#pool = new BufferPool(ctx.device);
    this.#pipelines = new PipelineCache(ctx.device);
  }

  static async create(adapter: GPUAdapter): Promise<WebGpuDevice> {
    return new WebGpuDevice(await openGpuContext(adapter));
  }

  get adapterName(): string {
    return this.#ctx.adapterName;
  }
  get hasF16(): boolean {
    return this.#ctx.hasF16;
  }
  /** Number of compiled pipelines (each distinct kernel text compiles once). */
  get pipelineCount(): number {
    return this.#pipelines.size;
  }
  /** The kernel-shape choices in use: the adapter's (gpu-context.ts) unless overridden. */
  get tuning(): LoweringTuning {
    return this.#tuning;
  }
  /**
   * Overrides the kernel-shape choices (dot_general's tile), for tuning experiments and tests.
   * Results do not change, only speed; kernels lowered before are lowered again.
   */
  setTuning(tuning: LoweringTuning): void {
    this.#tuning = tuning;
    this.#compiled.clear();
  }
  /** Device buffers held by arrays (not yet freed). */
  get liveBuffers(): number {
    return this.#pool.live;
  }

  upload(data: AnyTypedArray, aval: ShapedArray): WebGpuBuffer {
    checkDeviceDtype("array", aval.dtype, this.#ctx.hasF16, aval.str());
    const bytes = deviceByteSize(aval.dtype, aval.size);
    this.#checkBindable("array", bytes, aval);
    const gpu = this.#pool.acquire(bytes);
    this.#ctx.device.queue.writeBuffer(gpu, 0, encodeForDevice(data, aval.dtype));
    return { gpu, bytes };
  }

  execute(
    prim: Primitive<Params>,
    inputs: readonly unknown[],
    inAvals: readonly ShapedArray[],
    params: Params,
    outAvals: readonly ShapedArray[],
  ): WebGpuBuffer[] {
    for (const a of [...inAvals, ...outAvals]) checkDeviceDtype(prim.name, a.dtype, this.#ctx.hasF16, a.str());
    const compiled = this.#compile(prim, inAvals, outAvals, params);
    const ins = inputs.map((b) => live(b as WebGpuBuffer, prim.name));
    const sizes = outAvals.map((a) => {
      const bytes = deviceByteSize(a.dtype, a.size);
      this.#checkBindable(prim.name, bytes, a);
      return bytes;
    });
    const outs = sizes.map((bytes) => ({ gpu: this.#pool.acquire(bytes), bytes }));
    try {
      if (compiled.kind === "copy") {
        const [src, dst] = [ins[0]!, outs[0]!];
        this.#submit(prim.name, (encoder) => encoder.copyBufferToBuffer(src.gpu, 0, dst.gpu, 0, dst.bytes));
      } else if (compiled.invocations > 0) {
        this.#dispatch(compiled, [...ins, ...outs]);
      }
    } catch (e) {
      for (const o of outs) this.#pool.release(o.gpu);
      throw e;
    }
    return outs;
  }

  readSync(): AnyTypedArray {
    throw new UnsupportedError(
      "dataSync: arrays on WebGPU are read asynchronously (dataSync, item and tolistSync cannot wait for the GPU); " +
        "use `await x.data()` (or `await x.tolist()`)",
    );
  }

  async read(buffer: unknown, aval: ShapedArray): Promise<AnyTypedArray> {
    const { gpu, bytes } = live(buffer as WebGpuBuffer, "data");
    const device = this.#ctx.device;
    const staging = device.createBuffer({ size: bytes, usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(gpu, 0, staging, 0, bytes);
    device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(MapMode.READ);
      const copy = staging.getMappedRange().slice(0);
      staging.unmap();
      await this.#raiseCapturedErrors();
      return decodeFromDevice(copy, aval.dtype, aval.size);
    } finally {
      staging.destroy();
    }
  }

  free(buffer: unknown): void {
    const b = buffer as WebGpuBuffer;
    if (b.gpu === null) return;
    this.#pool.release(b.gpu);
    b.gpu = null;
  }

  toString(): string {
    return `WebGpuDevice(id=${this.id}, ${this.#ctx.adapterName})`;
  }

  /** The WGSL of the kernel a primitive lowers to (for inspection and snapshots); null for a copy. */
  wgslFor(
    prim: Primitive<Params>,
    inAvals: readonly ShapedArray[],
    params: Params,
    outAvals: readonly ShapedArray[],
  ): string | null {
    const program = this.#lower(prim, inAvals, outAvals, params);
    return program.kind === "copy"
      ? null
      : renderKernel(program.kernel, { workgroupSize: this.#ctx.workgroupSize }).code;
  }

  #lower(
    prim: Primitive<Params>,
    inAvals: readonly ShapedArray[],
    outAvals: readonly ShapedArray[],
    params: Params,
  ): Program {
    const lowering = loweringOf(prim.name);
    if (!lowering) {
      throw new UnsupportedError(
        `${prim.name}: no WebGPU kernel for this primitive yet (operands ${inAvals.map((a) => a.str()).join(", ") || "none"}); ` +
          `run it on the CPU backend: jax.setDefaultDevice("cpu") before creating the operands`,
      );
    }
    return lowering({ inAvals, outAvals, params, tuning: this.#tuning });
  }

  #compile(
    prim: Primitive<Params>,
    inAvals: readonly ShapedArray[],
    outAvals: readonly ShapedArray[],
    params: Params,
  ): Compiled {
    const key = cacheKey(prim.name, inAvals, outAvals, params);
    const cached = key === null ? undefined : this.#compiled.get(key);
    if (cached) return cached;
    const program = this.#lower(prim, inAvals, outAvals, params);
    let compiled: Compiled;
    if (program.kind === "copy") compiled = program;
    else {
      const kernel = program.kernel;
      const buffers = kernel.inputs.length + kernel.outputs.length;
      if (buffers > this.#ctx.maxStorageBuffersPerStage) {
        throw new UnsupportedError(
          `${prim.name}: needs ${buffers} buffers in one kernel, more than this adapter's ${this.#ctx.maxStorageBuffersPerStage}; ` +
            `split the operation (e.g. concatenate fewer operands at a time)`,
        );
      }
      const rendered = renderKernel(kernel, { workgroupSize: this.#ctx.workgroupSize });
      const pipeline = this.#captureErrors(prim.name, () =>
        this.#pipelines.pipeline(
          rendered.code,
          rendered.entryPoint,
          kernel.inputs.length,
          kernel.outputs.length,
          kernel.label,
        ),
      );
      compiled = { kind: "kernel", pipeline, invocations: kernel.invocations, label: kernel.label };
    }
    if (key !== null) this.#compiled.set(key, compiled);
    return compiled;
  }

  #dispatch(
    compiled: Extract<Compiled, { kind: "kernel" }>,
    buffers: readonly { gpu: GPUBuffer; bytes: number }[],
  ): void {
    const { device } = this.#ctx;
    const groups = Math.ceil(compiled.invocations / this.#ctx.workgroupSize);
    const maxPerDim = this.#ctx.maxWorkgroupsPerDimension;
    const x = Math.min(groups, maxPerDim);
    const y = Math.ceil(groups / x);
    if (y > maxPerDim) {
      throw new UnsupportedError(
        `${compiled.label}: ${compiled.invocations} invocations exceed what one dispatch can run`,
      );
    }
    const bindGroup = device.createBindGroup({
      layout: compiled.pipeline.getBindGroupLayout(0),
      entries: buffers.map((b, i) => ({ binding: i, resource: { buffer: b.gpu, size: b.bytes } })),
    });
    this.#submit(compiled.label, (encoder) => {
      const pass = encoder.beginComputePass();
      pass.setPipeline(compiled.pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(x, y);
      pass.end();
    });
  }

  #submit(label: string, encode: (encoder: GPUCommandEncoder) => void): void {
    const { device } = this.#ctx;
    this.#captureErrors(label, () => {
      const encoder = device.createCommandEncoder();
      encode(encoder);
      device.queue.submit([encoder.finish()]);
    });
  }

  #captureErrors<T>(label: string, f: () => T): T {
    const { device } = this.#ctx;
    device.pushErrorScope("validation");
    device.pushErrorScope("out-of-memory");
    try {
      return f();
    } finally {
      this.#openScopes++;
      void Promise.all([device.popErrorScope(), device.popErrorScope()]).then(([oom, validation]) => {
        const e = oom ?? validation;
        if (e) this.#errors.push(`${label}: ${e.message}`);
        if (--this.#openScopes === 0) for (const resolve of this.#scopesClosed.splice(0)) resolve();
      });
    }
  }

  async #raiseCapturedErrors(): Promise<void> {
    if (this.#openScopes > 0) await new Promise<void>((resolve) => this.#scopesClosed.push(resolve));
    const messages = this.#errors.splice(0);
    if (messages.length > 0) {
      throw new Error(
        `WebGPU device error in ${messages[0]}${messages.length > 1 ? ` (and ${messages.length - 1} more)` : ""}`,
      );
    }
  }

  #checkBindable(op: string, bytes: number, aval: ShapedArray): void {
    if (bytes > this.#ctx.maxBindingBytes) {
      throw new UnsupportedError(
        `${op}: ${aval.str()} needs ${bytes} bytes, more than this WebGPU adapter binds (${this.#ctx.maxBindingBytes}); ` +
          `split the array, or use the CPU backend`,
      );
    }
  }
}

function live(b: WebGpuBuffer, op: string): { gpu: GPUBuffer; bytes: number } {
  if (b.gpu === null) throw new Error(`${op}: a WebGPU buffer was used after it was freed (internal error)`);
  return { gpu: b.gpu, bytes: b.bytes };
}

function cacheKey(
  name: string,
  inAvals: readonly ShapedArray[],
  outAvals: readonly ShapedArray[],
  params: Params,
): string | null {
  let p: string;
  try {
    p = JSON.stringify(params);
  } catch {
    return null;
  }
  return `${name}|${inAvals.map((a) => a.key()).join(",")}|${outAvals.map((a) => a.key()).join(",")}|${p}`;
}
