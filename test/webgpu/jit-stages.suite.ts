// jit's ahead-of-time stages on WebGPU: the lowered listing shows each fused kernel with its WGSL,
// the compiled executable computes what the jitted call does, and JAX_TS_LOG_KERNELS=1 prints
// each fused kernel once when it is compiled.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as jax from "../../src/index.js";
import { numpy as jnp } from "../../src/index.js";
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { expectClose } from "../util/close.js";
import { onDeviceAsync, openWebGpu, skipWebGpu } from "./webgpu-env.js";

let gpu: WebGpuDevice | null = null;

describe.skipIf(skipWebGpu)("jit stages on WebGPU", () => {
  beforeAll(async () => {
    gpu = await openWebGpu();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    delete process.env.JAX_TS_LOG_KERNELS;
  });

  it("lower(): one fused kernel for tanh(x*2+1)*x, listed with its member equations and its WGSL", async () => {
    await onDeviceAsync(gpu!, async () => {
      const f = jax.jit(function f(x: JaxArray) {
        return jnp.tanh(x.mul(2).add(1)).mul(x);
      });
      const x = jnp.linspace(-3, 3, 100).astype("float32");
      const lowered = f.lower(x);
      expect(lowered.device).toBe(gpu);
      const fused = lowered.kernels.filter((s) => s.kind === "fused");
      expect(lowered.kernels.length).toBe(1);
      expect(fused.length).toBe(1);
      const text = lowered.asText();
      expect(text).toContain("jit(f) lowered for webgpu:0");
      expect(text).toContain("executable: 1 step: 1 fused kernel, 0 single primitives");
      expect(text).toContain(`[0] kernel ${fused[0]!.kernel.label} (100 invocations): reads`);
      expect(text).toMatch(/ = tanh /);
      // The WGSL is the device's own rendering of the kernel, indented under it.
      const wgsl = gpu!.wgslOfKernel(fused[0]!.kernel);
      expect(wgsl).toContain("@compute");
      for (const line of wgsl.trimEnd().split("\n")) expect(text).toContain(`        ${line}`);
      await x.data();
    });
  });

  it("compile(): the executable's results equal the jitted call's and the CPU's", async () => {
    const f = jax.jit(function f(x: JaxArray, y: JaxArray) {
      return [jnp.exp(x.sub(y)).sum(), x.mul(y).reshape([2, 5])];
    });
    const args = () => [jnp.linspace(-1, 1, 10).astype("float32"), jnp.linspace(0, 2, 10).astype("float32")] as const;
    const onCpu = f(...args()) as JaxArray[];
    const [cpuX] = args();
    await onDeviceAsync(gpu!, async () => {
      const [x, y] = args();
      const compiled = f.lower(x, y).compile();
      expect(compiled.kernels.some((s) => s.kind === "fused")).toBe(true);
      const got = compiled(x, y) as JaxArray[];
      const want = f(x, y) as JaxArray[];
      for (let i = 0; i < 2; i++) {
        expectClose(await got[i]!.data(), await want[i]!.data(), 0, 0, `compiled vs jitted ${i}`);
        expectClose(await got[i]!.data(), await onCpu[i]!.data(), 1e-5, 1e-5, `compiled vs CPU ${i}`);
      }
      // Compiled for WebGPU, it refuses CPU arrays rather than moving them behind the caller's back.
      expect(() => compiled(cpuX, y)).toThrow(/jit\(f\) compiled: compiled for webgpu:0, called with an array on cpu:0/);
    });
  });

  it("JAX_TS_LOG_KERNELS=1 prints each fused kernel's WGSL once, labelled, when compiled", async () => {
    await onDeviceAsync(gpu!, async () => {
      const error = vi.spyOn(console, "error").mockImplementation(() => {});
      process.env.JAX_TS_LOG_KERNELS = "1";
      const f = jax.jit(function logged(x: JaxArray) {
        return jnp.sin(x).mul(3).sub(1);
      });
      const x = jnp.ones([16]);
      await (f(x) as JaxArray).data();
      await (f(x) as JaxArray).data();
      f.lower(x).compile();
      const printed = error.mock.calls.map((c) => String(c[0])).filter((s) => s.startsWith("[jax-ts kernel]"));
      expect(printed.length).toBe(1);
      expect(printed[0]).toMatch(/^\[jax-ts kernel\] jit\(logged\): fused kernel 1 of 1, fused\(sin,.*\), on webgpu:0\n/);
      expect(printed[0]).toContain("@compute");
    });
  });
});
