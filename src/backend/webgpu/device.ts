// The WebGPU device: buffers are pooled GPUBuffers, a primitive runs as one or a few compute
// kernels (lowered to kernel IR, rendered to WGSL, compiled once and cached), and values come back
// asynchronously through a mapped staging buffer.
//
// Work is issued to a stream (src/runtime/stream.ts): it runs at once unless an asynchronous host
// program (a while loop reading its predicate) is in flight, in which case it waits its turn. Either
// way the caller gets its result buffers immediately, as in JAX's asynchronous dispatch. A failed
// operation poisons its outputs: reading them (or anything computed from them) reports that
// operation, and unrelated reads succeed.
import type { AnyTypedArray } from "../../dtypes.js";
import { UnsupportedError } from "../../errors.js";
import type { Params, Primitive } from "../../primitives/primitive.js";
import type { ShapedArray } from "../../tracing/aval.js";
import type { Kernel, Program } from "../../lowering/kernel-ir.js";
import type { LoweringTuning } from "../../lowering/lowering.js";
import { loweringOf } from "../../lowering/table.js";
import { renderKernel } from "../../lowering/wgsl/render.js";
import { StreamStack } from "../../runtime/stream.js";
import type { Device, KernelRunner } from "../device.js";
import { BufferPool } from "./buffer-pool.js";
import { openGpuContext, type GpuContext } from "./gpu-context.js";
import { checkDeviceDtype, decodeFromDevice, deviceByteSize, encodeForDevice } from "./host-data.js";
import { Launcher, type Dispatch, type WebGpuBuffer } from "./launcher.js";
import { PipelineCache } from "./pipeline-cache.js";

export type { WebGpuBuffer };

interface CompiledKernel {
  readonly pipeline: GPUComputePipeline;
  readonly invocations: number;
  readonly inputs: number;
}

/** A lowered program, compiled: a copy, or kernels over inputs, outputs and temporaries. */
type Compiled =
  | { readonly kind: "copy" }
  | {
      readonly kind: "kernels";
      readonly temps: readonly number[];
      readonly steps: readonly { kernel: CompiledKernel; buffers: readonly BufferSlot[] }[];
    };
type BufferSlot = { readonly kind: "input" | "output" | "temp"; readonly index: number };

export class WebGpuDevice implements Device {
  readonly platform = "webgpu" as const;
  readonly id = 0;
  readonly synchronous = false;
  readonly streams = new StreamStack();
  readonly #ctx: GpuContext;
  readonly #pool: BufferPool;
  readonly #pipelines: PipelineCache;
  readonly #launcher: Launcher;
  readonly #compiled = new Map<string, Compiled>();
  #tuning: LoweringTuning;

  private constructor(ctx: GpuContext) {
    this.#ctx = ctx;
    this.#tuning = ctx.tuning;
    this.#pool = new BufferPool(ctx.device);
    this.#pipelines = new PipelineCache(ctx.device);
    this.#launcher = new Launcher(ctx.device, ctx);
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
  /** Kernel dispatches and queue submits so far (for benchmarks and tests). */
  get counters(): { dispatches: number; submits: number } {
    return { dispatches: this.#launcher.dispatches, submits: this.#launcher.submits };
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
    const buffer = this.allocate(aval, "array");
    // A pooled buffer may still be written by commands recorded but not submitted: submit them first.
    this.#launcher.flush();
    this.#ctx.device.queue.writeBuffer(buffer.gpu!, 0, encodeForDevice(data, aval.dtype));
    return buffer;
  }

  /** A buffer for `aval`, contents undefined until an operation writes it. */
  allocate(aval: ShapedArray, op = "array"): WebGpuBuffer {
    checkDeviceDtype(op, aval.dtype, this.#ctx.hasF16, aval.str());
    const bytes = deviceByteSize(aval.dtype, aval.size);
    this.#checkBindable(op, bytes, aval);
    return { gpu: this.#pool.acquire(bytes), bytes, error: null, freed: false, refs: 1 };
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
    const outs = outAvals.map((a) => this.allocate(a, prim.name));
    this.streams.current.issue(() => this.#run(prim.name, compiled, ins, outs));
    return outs;
  }

  /** Fused kernels from jit's executables run here. */
  readonly kernels: KernelRunner = ((dev: WebGpuDevice): KernelRunner => ({
    get tuning() {
      return dev.#tuning;
    },
    fusible: (aval) => aval.dtype !== "float64" && (aval.dtype !== "float16" || this.#ctx.hasF16),
    compile: (kernel) => this.#singleKernel(kernel.label, kernel),
    launch: (label, compiled, inputs, outAvals) => {
      const ins = inputs.map((b) => live(b as WebGpuBuffer, label));
      const outs = outAvals.map((a) => this.allocate(a, label));
      this.streams.current.issue(() => this.#run(label, compiled as Compiled, ins, outs));
      return outs;
    },
  }))(this);

  /** Copies `src` into `dst` (both `aval`), in stream order. */
  copy(src: unknown, dst: unknown, aval: ShapedArray, dstOffset = 0): void {
    const [s, d] = [live(src as WebGpuBuffer, "copy"), live(dst as WebGpuBuffer, "copy")];
    const elementBytes = aval.dtype === "float16" ? 2 : 4;
    const offset = elementBytes * dstOffset;
    // Buffer copies move whole 32-bit words: float16 halves copy only in pairs.
    const bytes = dstOffset === 0 ? deviceByteSize(aval.dtype, aval.size) : elementBytes * aval.size;
    if (offset % 4 !== 0 || bytes % 4 !== 0) {
      throw new Error(`copy: ${aval.str()} at element ${dstOffset} is not word-aligned (internal error: callers copy whole words)`);
    }
    this.streams.current.issue(() => this.#launcher.copy("copy", s, d, bytes, offset));
  }

  /** Makes `buffer` (and what is computed from it) report `error` when read. */
  poison(buffer: unknown, error: Error): void {
    (buffer as WebGpuBuffer).error ??= error;
  }

  readSync(): AnyTypedArray {
    throw new UnsupportedError(
      "dataSync: arrays on WebGPU are read asynchronously (dataSync, item and tolistSync cannot wait for the GPU); " +
        "use `await x.data()` (or `await x.tolist()`)",
    );
  }

  read(buffer: unknown, aval: ShapedArray): Promise<AnyTypedArray> {
    const b = live(buffer as WebGpuBuffer, "data");
    return new Promise((resolve, reject) => {
      this.streams.current.issue(() => {
        // Issue the copy now, in stream order; the caller's wait does not hold the stream.
        this.#launcher
          .read(b, b.bytes)
          .then((bytes) => resolve(decodeFromDevice(bytes, aval.dtype, aval.size)), reject);
      });
    });
  }

  free(buffer: unknown): void {
    const b = buffer as WebGpuBuffer;
    if (b.freed || --b.refs > 0) return;
    b.freed = true;
    // Work queued behind an asynchronous program may still use the buffer: release in order.
    this.streams.current.issue(() => {
      this.#pool.release(b.gpu!);
      b.gpu = null;
    });
  }

  retain(buffer: unknown): void {
    live(buffer as WebGpuBuffer, "retain").refs++;
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
    if (program.kind === "copy") return null;
    const kernels = program.kind === "kernel" ? [program.kernel] : program.steps.map((s) => s.kernel);
    return kernels.map((k) => renderKernel(k, { workgroupSize: this.#ctx.workgroupSize }).code).join("\n");
  }

  /** The WGSL this device compiles a kernel IR kernel to (jit's fused kernels, for `lower().asText()`). */
  wgslOfKernel(kernel: Kernel): string {
    return renderKernel(kernel, { workgroupSize: this.#ctx.workgroupSize }).code;
  }

  #run(label: string, compiled: Compiled, ins: readonly WebGpuBuffer[], outs: readonly WebGpuBuffer[]): void {
    if (compiled.kind === "copy") {
      this.#launcher.copy(label, ins[0]!, outs[0]!, outs[0]!.bytes);
      return;
    }
    const temps = compiled.temps.map((bytes) => ({ gpu: this.#pool.acquire(bytes), bytes, error: null, freed: false, refs: 1 }));
    const pick = (s: BufferSlot): WebGpuBuffer => (s.kind === "input" ? ins : s.kind === "output" ? outs : temps)[s.index]!;
    const dispatches: Dispatch[] = compiled.steps.map(({ kernel, buffers }) => ({
      pipeline: kernel.pipeline,
      invocations: kernel.invocations,
      buffers: buffers.map(pick),
    }));
    try {
      this.#launcher.launch(label, dispatches, outs);
    } finally {
      // Later users of these buffers are recorded after this launch, so the GPU runs them after it.
      for (const t of temps) this.#pool.release(t.gpu);
    }
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
    else if (program.kind === "kernel") {
      compiled = this.#singleKernel(prim.name, program.kernel);
    } else {
      compiled = {
        kind: "kernels",
        temps: program.temps.map((t) => Math.max(4, t.length * (t.type === "vec4f" ? 16 : t.type === "f16" ? 2 : 4))),
        steps: program.steps.map((s) => ({ kernel: this.#compileKernel(prim.name, s.kernel), buffers: s.buffers })),
      };
    }
    if (key !== null) this.#compiled.set(key, compiled);
    return compiled;
  }

  /** One kernel over the operation's inputs then outputs, compiled. */
  #singleKernel(op: string, kernel: Kernel): Compiled {
    const buffers: BufferSlot[] = [
      ...kernel.inputs.map((_, index) => ({ kind: "input" as const, index })),
      ...kernel.outputs.map((_, index) => ({ kind: "output" as const, index })),
    ];
    return { kind: "kernels", temps: [], steps: [{ kernel: this.#compileKernel(op, kernel), buffers }] };
  }

  #compileKernel(op: string, kernel: Kernel): CompiledKernel {
    const buffers = kernel.inputs.length + kernel.outputs.length;
    if (buffers > this.#ctx.maxStorageBuffersPerStage) {
      throw new UnsupportedError(
        `${op}: needs ${buffers} buffers in one kernel, more than this adapter's ${this.#ctx.maxStorageBuffersPerStage}; ` +
          `split the operation (e.g. concatenate fewer operands at a time)`,
      );
    }
    const rendered = renderKernel(kernel, { workgroupSize: this.#ctx.workgroupSize });
    const pipeline = this.#launcher.capture(op, [], () =>
      this.#pipelines.pipeline(rendered.code, rendered.entryPoint, kernel.inputs.length, kernel.outputs.length, kernel.label),
    );
    return { pipeline, invocations: kernel.invocations, inputs: kernel.inputs.length };
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

function live(b: WebGpuBuffer, op: string): WebGpuBuffer {
  if (b.freed) throw new Error(`${op}: a WebGPU buffer was used after it was freed (internal error)`);
  return b;
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
