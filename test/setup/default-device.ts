// Chooses the default device for the whole test run: JAX_TS_DEFAULT_DEVICE=webgpu runs every test
// with WebGPU as the default device (what `jax.init()` gives a user with a GPU); unset, the CPU.
import { init } from "../../src/backend/init.js";
import { setDefaultDevice } from "../../src/backend/devices.js";

const wanted = process.env.JAX_TS_DEFAULT_DEVICE ?? "cpu";
if (wanted === "webgpu") {
  const probe = await init({ quiet: true });
  if (!probe.available) throw new Error(`JAX_TS_DEFAULT_DEVICE=webgpu but no adapter: ${probe.reason ?? "none"}`);
  setDefaultDevice("webgpu");
} else if (wanted !== "cpu") {
  throw new Error(`JAX_TS_DEFAULT_DEVICE must be cpu or webgpu, got ${wanted}`);
}
