// Device buffers are pooled by size class: arrays come and go at every step of a training loop,
// and creating GPUBuffers is far slower than reusing them. Sizes round up to 1/8 of their power
// of two (at most 12.5% waste); the pool keeps at most `maxPooledBytes` idle.
import { BufferUsage } from "./gpu-constants.js";

const USAGE = BufferUsage.STORAGE | BufferUsage.COPY_SRC | BufferUsage.COPY_DST;

export function sizeClass(bytes: number): number {
  if (bytes <= 256) return 256;
  const step = 2 ** Math.max(8, Math.ceil(Math.log2(bytes)) - 3);
  return Math.ceil(bytes / step) * step;
}

export class BufferPool {
  readonly #idle = new Map<number, GPUBuffer[]>();
  #idleBytes = 0;
  /** Buffers handed out and not yet released (for tests of the memory model). */
  live = 0;

  constructor(
    private readonly device: GPUDevice,
    private readonly maxPooledBytes = 256 * 2 ** 20,
  ) {}

  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    this.live++;
    const reused = this.#idle.get(size)?.pop();
    if (reused) {
      this.#idleBytes -= size;
      return reused;
    }
    return this.device.createBuffer({ size, usage: USAGE });
  }

  release(buffer: GPUBuffer): void {
    this.live--;
    if (this.#idleBytes + buffer.size > this.maxPooledBytes) {
      buffer.destroy();
      return;
    }
    const list = this.#idle.get(buffer.size) ?? [];
    list.push(buffer);
    this.#idle.set(buffer.size, list);
    this.#idleBytes += buffer.size;
  }

  /** Destroys the idle buffers. */
  trim(): void {
    for (const list of this.#idle.values()) for (const b of list) b.destroy();
    this.#idle.clear();
    this.#idleBytes = 0;
  }
}
