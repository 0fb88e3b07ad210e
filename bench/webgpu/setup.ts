// Puts Dawn's WebGPU (the npm package `webgpu`) where browser libraries look for it, before any of
// them is imported: the GPU* classes on globalThis and `navigator.gpu`. jax-js and TensorFlow.js
// then find the same adapter that jax-ts's own `jax.init()` finds (it creates its own GPU object on
// the same Dawn module; sharing one adapter between libraries in one process is fine). Importing
// this module also installs the dispatch counters, before any library records a command.
import { create, globals } from "webgpu";
import { installGpuCounters } from "./counters.js";

Object.assign(globalThis, globals);
/** Kept for the life of the process: Dawn tears its devices down when the GPU object is collected. */
export const gpu: GPU = create([]);
// Node 21+ defines a read-only `navigator`; redefine it rather than assign.
Object.defineProperty(globalThis, "navigator", {
  value: { gpu, userAgent: "Node.js" },
  configurable: true,
  writable: true,
});
installGpuCounters();

/** "vendor architecture device" of the default adapter, for the report. */
export async function adapterName(): Promise<string> {
  const adapter = await gpu.requestAdapter();
  if (!adapter) return "no adapter";
  const { vendor, architecture, device, description } = adapter.info;
  return [vendor, architecture, device || description].filter(Boolean).join(" ");
}
