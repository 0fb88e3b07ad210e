// Opens the WebGPU device for the WebGPU tests. They must run in CI (lavapipe there): a missing
// adapter fails them, unless JAX_TS_SKIP_WEBGPU=1 says to skip on purpose.
import { cpuDevice } from "../../src/backend/cpu.js";
import { devices, setDefaultDevice } from "../../src/backend/devices.js";
import { init } from "../../src/backend/init.js";
import { WebGpuDevice } from "../../src/backend/webgpu/device.js";

export const skipWebGpu = process.env.JAX_TS_SKIP_WEBGPU === "1";

/** The WebGPU device, or null when skipping was asked for; throws when there is no adapter. */
export async function openWebGpu(): Promise<WebGpuDevice | null> {
  if (skipWebGpu) return null;
  const probe = await init({ quiet: true });
  const gpu = devices("webgpu")[0];
  if (!probe.available || !(gpu instanceof WebGpuDevice)) {
    throw new Error(
      `WebGPU tests need an adapter: ${probe.reason ?? "none registered"}. ` +
        `Install lavapipe with \`bash ../shared/setup-webgpu.sh\`, or set JAX_TS_SKIP_WEBGPU=1 to skip these tests on purpose`,
    );
  }
  return gpu;
}

/** Runs `f` with new arrays going to `device`, then restores the CPU as the default. */
export function onDevice<T>(device: WebGpuDevice | typeof cpuDevice, f: () => T): T {
  setDefaultDevice(device);
  try {
    return f();
  } finally {
    setDefaultDevice(cpuDevice);
  }
}

/** onDevice for an async body: the default stays on `device` until the body settles. */
export async function onDeviceAsync<T>(device: WebGpuDevice | typeof cpuDevice, f: () => Promise<T>): Promise<T> {
  setDefaultDevice(device);
  try {
    return await f();
  } finally {
    setDefaultDevice(cpuDevice);
  }
}

export { cpuDevice };
