// jax.init(): look for a WebGPU adapter once. The CPU backend always serves; when no adapter
// exists (or the WebGPU backend can't use it) the library says so once and carries on.
import { defaultDevice } from "./devices.js";

export interface WebGPUProbe {
  available: boolean;
  /** "vendor architecture device" of the adapter, when one was found. */
  adapter?: string;
  reason?: string;
}

let probe: Promise<WebGPUProbe> | null = null;
let announced = false;

async function probeWebGPU(): Promise<WebGPUProbe> {
  try {
    const mod = (await import("webgpu")) as { create: (flags: string[]) => GPU; globals: object };
    Object.assign(globalThis, mod.globals);
    const gpu = mod.create([]);
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, reason: "no WebGPU adapter (no GPU driver or Vulkan ICD found)" };
    const info = adapter.info;
    return { available: true, adapter: [info.vendor, info.architecture, info.device].filter(Boolean).join(" ") };
  } catch (e) {
    return { available: false, reason: `the webgpu package could not start: ${String(e)}` };
  }
}

/**
 * Finds the devices. Safe to call more than once. Resolves to what was found; arrays go to
 * `jax.defaultBackend()` (the CPU in this version: the WebGPU backend is not built yet).
 */
export async function init(options: { quiet?: boolean } = {}): Promise<WebGPUProbe> {
  probe ??= probeWebGPU();
  const result = await probe;
  if (!announced && !options.quiet) {
    announced = true;
    const why = result.available
      ? `a WebGPU adapter (${result.adapter}) was found, but this version of jax-ts runs on the CPU backend only`
      : `no WebGPU: ${result.reason}`;
    console.info(`jax-ts: ${why}; using ${String(defaultDevice())}`);
  }
  return result;
}
