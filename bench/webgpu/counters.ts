// Counts WebGPU commands by wrapping the API's prototypes (Dawn's classes, installed on globalThis
// by setup.ts): compute passes begun, dispatches recorded, queue submits and the command buffers
// they carry. Every library goes through these methods, so the counts compare like for like
// whatever a library's own bookkeeping says.

export interface GpuCounts {
  passes: number;
  dispatches: number;
  submits: number;
  commandBuffers: number;
  writeBuffers: number;
  /** Compute pipelines created (each compiles a shader, the cost of a first call). */
  pipelines: number;
}

const counts: GpuCounts = {
  passes: 0,
  dispatches: 0,
  submits: 0,
  commandBuffers: 0,
  writeBuffers: 0,
  pipelines: 0,
};
let installed = false;
/** The queue of the latest submit, whichever library made it. */
let lastQueue: GPUQueue | null = null;

type Method = (this: unknown, ...args: unknown[]) => unknown;

function wrap(className: string, method: string, count: (args: unknown[], self: unknown) => void): void {
  const cls = (globalThis as Record<string, unknown>)[className] as { prototype: Record<string, unknown> } | undefined;
  const original = cls?.prototype[method] as Method | undefined;
  if (!cls || typeof original !== "function") throw new Error(`no ${className}.prototype.${method} to count`);
  cls.prototype[method] = function (this: unknown, ...args: unknown[]) {
    count(args, this);
    return original.apply(this, args);
  };
}

export function installGpuCounters(): void {
  if (installed) return;
  installed = true;
  wrap("GPUCommandEncoder", "beginComputePass", () => counts.passes++);
  wrap("GPUComputePassEncoder", "dispatchWorkgroups", () => counts.dispatches++);
  wrap("GPUComputePassEncoder", "dispatchWorkgroupsIndirect", () => counts.dispatches++);
  wrap("GPUQueue", "submit", (args, queue) => {
    lastQueue = queue as GPUQueue;
    counts.submits++;
    counts.commandBuffers += Array.isArray(args[0]) ? args[0].length : 0;
  });
  wrap("GPUQueue", "writeBuffer", () => counts.writeBuffers++);
  wrap("GPUDevice", "createComputePipeline", () => counts.pipelines++);
  wrap("GPUDevice", "createComputePipelineAsync", () => counts.pipelines++);
}

export function gpuCounts(): GpuCounts {
  return { ...counts };
}

export function countsSince(before: GpuCounts): GpuCounts {
  const now = gpuCounts();
  const out = { ...now };
  for (const k of Object.keys(now) as (keyof GpuCounts)[]) out[k] = now[k] - before[k];
  return out;
}

/**
 * Resolves when the queue of the latest submit has finished its work: a fence for a library that
 * submits as it goes (jax-ts), called once its calls have been made and submitted.
 */
export async function latestQueueDone(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  await lastQueue?.onSubmittedWorkDone();
}
