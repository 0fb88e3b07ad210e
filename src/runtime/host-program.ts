// Host programs: logic that runs kernels and reads device values between them, such as a while
// loop testing its predicate or a cond choosing its branch. A program is a generator that yields
// each array whose values it needs and returns its results. On a synchronous device (the CPU) it
// runs now. On an asynchronous one (WebGPU) it is queued on the device's stream, its results are
// returned at once as pending arrays, and work issued after it waits for it, so no caller ever
// blocks on the device; a failure poisons its results, so reading them reports it.
import { ArrayImpl, arrayFromBuffer } from "../array.js";
import type { Device } from "../backend/device.js";
import { defaultDevice } from "../backend/devices.js";
import type { AnyTypedArray } from "../dtypes.js";
import type { ShapedArray } from "../tracing/aval.js";
import type { JaxArray } from "../tracing/array.js";
import { Stream } from "./stream.js";

export type HostProgram = Generator<JaxArray, readonly JaxArray[], AnyTypedArray>;

/**
 * The device a host program over `args` runs on: that of the first array that is not a host
 * scalar (0-d CPU values follow the other operands, as in eager evaluation), else the default.
 */
export function programDevice(args: readonly JaxArray[]): Device {
  for (const a of args) {
    if (a instanceof ArrayImpl && !(a.ndim === 0 && a.device.platform === "cpu")) return a.device;
  }
  return defaultDevice();
}

/** Runs `program` over `args` on `device`; its results have `outAvals`. */
export function runHostProgram(
  label: string,
  device: Device,
  args: readonly JaxArray[],
  outAvals: readonly ShapedArray[],
  program: (args: readonly JaxArray[]) => HostProgram,
): JaxArray[] {
  return device.synchronous ? runNow(program(args)) : runQueued(label, device, args, outAvals, program);
}

function runNow(gen: HostProgram): JaxArray[] {
  let step = gen.next(undefined as never);
  while (!step.done) step = gen.next((step.value as ArrayImpl).dataSync());
  return [...step.value];
}

function runQueued(
  label: string,
  device: Device,
  args: readonly JaxArray[],
  outAvals: readonly ShapedArray[],
  program: (args: readonly JaxArray[]) => HostProgram,
): JaxArray[] {
  const streams = device.streams;
  if (!streams) throw new Error(`${label}: ${String(device)} is asynchronous but has no streams (internal error)`);
  const outs = outAvals.map((a) => device.allocate(a));
  // The caller may drop a result before the program fills it: the program keeps its own reference.
  for (const o of outs) device.retain(o);
  const parent = streams.current;
  const child = new Stream();
  const inChild = <T>(f: () => T): T => streams.within(child, f);
  // The caller may dispose its arrays as soon as we return (JAX allows deleting the inputs of a
  // computation in flight): the program works on its own references to their buffers.
  const held = args.map((a) => {
    const x = a as ArrayImpl;
    x.device.retain(x.buffer);
    return arrayFromBuffer(x.aval, x.device, x.buffer);
  });
  parent.issue(async () => {
    try {
      const gen = program(held);
      let step = inChild(() => gen.next(undefined as never));
      while (!step.done) {
        const wanted = step.value as ArrayImpl;
        const values = await inChild(() => wanted.device.read(wanted.buffer, wanted.aval));
        step = inChild(() => gen.next(values));
      }
      const results = step.value as readonly ArrayImpl[];
      inChild(() => results.forEach((r, i) => copyResult(r, device, outs[i], outAvals[i]!, label)));
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      for (const o of outs) device.poison(o, error);
    }
    await child.fence();
    // Work issued after the program (in the stream it was issued to) may still read its inputs
    // and results: drop the program's references in that stream, behind that work.
    streams.within(parent, () => {
      for (const h of held) h.dispose();
      for (const o of outs) device.free(o);
    });
  });
  return outs.map((b, i) => arrayFromBuffer(outAvals[i]!, device, b));
}

/** Copies a result into its pending output buffer (a host scalar result is uploaded first). */
function copyResult(r: ArrayImpl, device: Device, out: unknown, aval: ShapedArray, label: string): void {
  if (r.device === device) return device.copy(r.buffer, out, aval);
  if (!r.device.synchronous) {
    throw new Error(`${label}: a result lives on ${String(r.device)}, not ${String(device)} (internal error)`);
  }
  const staged = device.upload(r.dataSync(), aval);
  device.copy(staged, out, aval);
  device.free(staged);
}
