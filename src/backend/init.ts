// jax.init(): look for a WebGPU adapter once. When one is found, the WebGPU device is registered
// and becomes the default; the CPU backend always serves too. The library says once what it found.
import { defaultDevice, registerDevice } from "./devices.js";
import { WebGpuDevice } from "./webgpu/device.js";
import { describeAdapter } from "./webgpu/gpu-context.js";

export interface WebGPUProbe {
  available: boolean;
  /** "vendor architecture device" of the adapter, when one was found. */
  adapter?: string;
  reason?: string;
}

let probe: Promise<WebGPUProbe> | null = null;
let announced = false;
// Dawn processes device events (mapAsync, error scopes) only while its GPU object is alive, and
// tears the device down when it is collected: hold it for the life of the process.
let gpuInstance: GPU | null = null;

async function probeWebGPU(): Promise<WebGPUProbe> {
  let adapter: GPUAdapter | null;
  try {
    const mod = (await import("webgpu")) as { create: (flags: string[]) => GPU; globals: object };
    Object.assign(globalThis, mod.globals);
    gpuInstance = mod.create([]);
    adapter = await gpuInstance.requestAdapter();
  } catch (e) {
    return { available: false, reason: `the webgpu package could not start: ${String(e)}` };
  }
  if (!adapter) return { available: false, reason: "no WebGPU adapter (no GPU driver or Vulkan ICD found)" };
  const name = describeAdapter(adapter);
  try {
    registerDevice(await WebGpuDevice.create(adapter), true);
  } catch (e) {
    return {
      available: false,
      adapter: name,
      reason: `the WebGPU adapter (${name}) could not open a device: ${String(e)}`,
    };
  }
  return { available: true, adapter: name };
}

/**
 * Finds the devices. Safe to call more than once. Resolves to what was found; with a WebGPU
 * adapter, new arrays go to the WebGPU device (`jax.setDefaultDevice("cpu")` switches back).
 */
export async function init(options: { quiet?: boolean } = {}): Promise<WebGPUProbe> {
  probe ??= probeWebGPU();
  const result = await probe;
  if (!announced && !options.quiet) {
    announced = true;
    const why = result.available ? `found a WebGPU adapter (${result.adapter})` : `no WebGPU: ${result.reason}`;
    console.info(`jax-ts: ${why}; using ${String(defaultDevice())}`);
  }
  return result;
}
