// jax.devicePut: copy an array to a device (a no-op when it is already there).
import { ArrayImpl, arrayFromBuffer } from "../array.js";
import { ValueError } from "../errors.js";
import type { JaxArray } from "../tracing/array.js";
import type { Device, Platform } from "./device.js";
import { defaultDevice, devices } from "./devices.js";

export function devicePut(x: JaxArray, device?: Device | Platform): JaxArray {
  const target = typeof device === "string" ? devices(device)[0] : (device ?? defaultDevice());
  if (!target) throw new ValueError(`devicePut: no ${String(device)} device; available: ${devices().map(String).join(", ")}`);
  if (!(x instanceof ArrayImpl)) return x; // tracers stay where their trace puts them
  if (x.device === target) return x;
  const data = x.dataSync();
  return arrayFromBuffer(x.aval, target, target.upload(data, x.aval));
}
