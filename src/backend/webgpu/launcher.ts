// Records kernel launches and copies into one command encoder and submits it once per burst of
// synchronous work (a jitted call, a run of eager ops), instead of one submit per operation.
// Device errors are bound to the operation that caused them: each launch's validation errors
// poison that launch's outputs, so reading them reports the operation, and unrelated reads succeed.
import { BufferUsage, MapMode } from "./gpu-constants.js";

export interface WebGpuBuffer {
  /** null once released to the pool (which, for a freed buffer, waits for the work queued before). */
  gpu: GPUBuffer | null;
  /** Set by the last free(): using the buffer afterwards is an error. */
  freed: boolean;
  /** Holders (the array, and work queued on the buffer that outlives it). */
  refs: number;
  /** Bytes holding the array's elements (a multiple of 4). */
  readonly bytes: number;
  /** Set when the operation that writes this buffer failed: reads and consumers report it. */
  error: Error | null;
}

/** One dispatch: a compiled pipeline over buffers bound in order, `invocations` threads. */
export interface Dispatch {
  readonly pipeline: GPUComputePipeline;
  readonly invocations: number;
  readonly buffers: readonly WebGpuBuffer[];
}

export class DeviceOpError extends Error {}

export interface LauncherLimits {
  readonly workgroupSize: number;
  readonly maxWorkgroupsPerDimension: number;
}

export class Launcher {
  #encoder: GPUCommandEncoder | null = null;
  /** Outputs of the work in the open encoder, poisoned together if the submit fails. */
  #batchOutputs: WebGpuBuffer[] = [];
  #openScopes = 0;
  #scopesClosed: (() => void)[] = [];
  /** Dispatches and submits so far (for benchmarks and tests). */
  dispatches = 0;
  submits = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly limits: LauncherLimits,
  ) {}

  /** Records dispatches that write `outputs` (one operation); errors poison those outputs. */
  launch(label: string, dispatches: readonly Dispatch[], outputs: readonly WebGpuBuffer[]): void {
    const failed = outputs.length > 0 ? firstError(dispatches.flatMap((d) => d.buffers)) : null;
    if (failed) {
      for (const o of outputs) o.error = failed;
      return;
    }
    this.capture(label, outputs, () => {
      const encoder = this.#open();
      for (const d of dispatches) {
        if (d.invocations === 0) continue;
        const [x, y] = this.#grid(label, d.invocations);
        const bindGroup = this.device.createBindGroup({
          layout: d.pipeline.getBindGroupLayout(0),
          entries: d.buffers.map((b, i) => ({ binding: i, resource: { buffer: b.gpu!, size: b.bytes } })),
        });
        const pass = encoder.beginComputePass();
        pass.setPipeline(d.pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(x, y);
        pass.end();
        this.dispatches++;
      }
    });
    this.#batchOutputs.push(...outputs);
  }

  /** Records a copy of `bytes` bytes from `src` to `dst` at `dstOffset`. */
  copy(label: string, src: WebGpuBuffer, dst: WebGpuBuffer, bytes: number, dstOffset = 0): void {
    if (src.error) {
      dst.error = src.error;
      return;
    }
    if (bytes === 0) return;
    this.capture(label, [dst], () => this.#open().copyBufferToBuffer(src.gpu!, 0, dst.gpu!, dstOffset, bytes));
    this.#batchOutputs.push(dst);
  }

  /** Submits the open encoder, if any. Uploads and reads call this first to keep program order. */
  flush(): void {
    const encoder = this.#encoder;
    if (!encoder) return;
    this.#encoder = null;
    const outputs = this.#batchOutputs;
    this.#batchOutputs = [];
    this.capture("submit", outputs, () => this.device.queue.submit([encoder.finish()]));
    this.submits++;
  }

  /** Reads `bytes` bytes of a buffer through a mapped staging buffer. */
  async read(buffer: WebGpuBuffer, bytes: number): Promise<ArrayBuffer> {
    this.flush();
    const staging = this.device.createBuffer({ size: Math.max(4, bytes), usage: BufferUsage.MAP_READ | BufferUsage.COPY_DST });
    try {
      if (bytes > 0) {
        const encoder = this.device.createCommandEncoder();
        encoder.copyBufferToBuffer(buffer.gpu!, 0, staging, 0, bytes);
        this.device.queue.submit([encoder.finish()]);
        this.submits++;
      }
      await staging.mapAsync(MapMode.READ);
      const copy = staging.getMappedRange().slice(0, bytes);
      staging.unmap();
      // Errors of earlier operations arrive through error scopes; wait for them, then ask the buffer.
      await this.settled();
      if (buffer.error) throw buffer.error;
      return copy;
    } finally {
      staging.destroy();
    }
  }

  /** Resolves once every error scope opened so far has reported. */
  settled(): Promise<void> {
    if (this.#openScopes === 0) return Promise.resolve();
    return new Promise((resolve) => this.#scopesClosed.push(resolve));
  }

  /** Runs `f` in error scopes; a device error it causes poisons `outputs` with a message naming `label`. */
  capture<T>(label: string, outputs: readonly WebGpuBuffer[], f: () => T): T {
    this.device.pushErrorScope("validation");
    this.device.pushErrorScope("out-of-memory");
    try {
      return f();
    } finally {
      this.#openScopes++;
      void Promise.all([this.device.popErrorScope(), this.device.popErrorScope()]).then(([oom, validation]) => {
        const e = oom ?? validation;
        if (e) {
          const error = new DeviceOpError(`WebGPU device error in ${label}: ${e.message}`);
          for (const o of outputs) o.error ??= error;
        }
        if (--this.#openScopes === 0) for (const resolve of this.#scopesClosed.splice(0)) resolve();
      });
    }
  }

  #open(): GPUCommandEncoder {
    if (!this.#encoder) {
      this.#encoder = this.device.createCommandEncoder();
      // Everything issued in this synchronous burst shares the encoder; submit when it ends.
      queueMicrotask(() => this.flush());
    }
    return this.#encoder;
  }

  #grid(label: string, invocations: number): [number, number] {
    const groups = Math.ceil(invocations / this.limits.workgroupSize);
    const maxPerDim = this.limits.maxWorkgroupsPerDimension;
    const x = Math.min(groups, maxPerDim);
    const y = Math.ceil(groups / x);
    if (y > maxPerDim) throw new Error(`${label}: ${invocations} invocations exceed what one dispatch can run`);
    return [x, y];
  }
}

function firstError(buffers: readonly WebGpuBuffer[]): Error | null {
  for (const b of buffers) if (b.error) return b.error;
  return null;
}
