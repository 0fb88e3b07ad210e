// jax.devicePut: copy an array to a device (a no-op when it is already there). Reading a WebGPU
// buffer is asynchronous, so moving off the GPU needs devicePutAsync.
import { ArrayImpl, arrayFromBuffer } from "../array.js";
import { UnsupportedError, ValueError } from "../errors.js";
import type { JaxArray } from "../tracing/array.js";
import type { Device, Platform } from "./device.js";
import { defaultDevice, devices } from "./devices.js";

function target(device: Device | Platform | undefined, op: string): Device {
  const dev = typeof device === "string" ? devices(device)[0] : (device ?? defaultDevice());
  if (!dev) throw new ValueError(`${op}: no ${String(device)} device; available: ${devices().map(String).join(", ")} (call await jax.init() to find a WebGPU adapter)`);
  return dev;
}

/** Synchronous when the source can be read synchronously (CPU arrays); else use devicePutAsync. */
export function devicePut(x: JaxArray, device?: Device | Platform): JaxArray {
  const dev = target(device, "devicePut");
  if (!(x instanceof ArrayImpl) || x.device === dev) return x; // tracers stay where their trace puts them
  if (x.device.platform !== "cpu") {
    throw new UnsupportedError(
      `devicePut: ${x.aval.str()} lives on ${String(x.device)}, which is read asynchronously; use await jax.devicePutAsync(x, ${JSON.stringify(dev.platform)})`,
    );
  }
  return arrayFromBuffer(x.aval, dev, dev.upload(x.dataSync(), x.aval));
}

/** Copies an array to a device from anywhere, reading GPU buffers asynchronously. */
export async function devicePutAsync(x: JaxArray, device?: Device | Platform): Promise<JaxArray> {
  const dev = target(device, "devicePutAsync");
  if (!(x instanceof ArrayImpl) || x.device === dev) return x;
  return arrayFromBuffer(x.aval, dev, dev.upload(await x.data(), x.aval));
}
