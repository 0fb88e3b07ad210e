// Which devices exist and which one new arrays go to.
import { ValueError } from "../errors.js";
import { cpuDevice } from "./cpu.js";
import type { Device, Platform } from "./device.js";

const available: Device[] = [cpuDevice];
let defaultDev: Device = cpuDevice;

export function devices(platform?: Platform): Device[] {
  return platform ? available.filter((d) => d.platform === platform) : [...available];
}

export function registerDevice(d: Device, makeDefault: boolean): void {
  if (!available.includes(d)) available.push(d);
  if (makeDefault) defaultDev = d;
}

export function defaultDevice(): Device {
  return defaultDev;
}

export function defaultBackend(): Platform {
  return defaultDev.platform;
}

export function setDefaultDevice(d: Device | Platform): void {
  const dev = typeof d === "string" ? available.find((x) => x.platform === d) : d;
  if (!dev) {
    throw new ValueError(
      `setDefaultDevice: no ${String(d)} device; available: ${available.map(String).join(", ")}. ` +
        `Call await jax.init() first to look for a WebGPU adapter`,
    );
  }
  defaultDev = dev;
}
