// jit's ahead-of-time stages on the CPU (trace, lower, asText, compile), the kernel log, and the
// explanations of cache misses. The WebGPU side (fused kernels and their WGSL) is in
// test/webgpu/jit-stages.suite.ts.
import { afterEach, beforeAll, afterAll, describe, expect, it, vi } from "vitest";
import * as jax from "../src/index.js";
import { numpy as jnp } from "../src/index.js";
import { cpuDevice } from "../src/backend/cpu.js";
import type { Device } from "../src/backend/device.js";
import { defaultDevice, setDefaultDevice } from "../src/backend/devices.js";
import type { Kernel } from "../src/lowering/kernel-ir.js";
import { DEFAULT_TUNING } from "../src/lowering/lowering.js";
import { renderKernel } from "../src/lowering/wgsl/render.js";
import { logKernels } from "../src/runtime/inspect.js";
import type { JaxArray } from "../src/tracing/array.js";
import { values } from "./util/read.js";

// The listing names the device, so these tests pin the CPU whatever the run's default is.
let previous: Device;
beforeAll(() => {
  previous = defaultDevice();
  setDefaultDevice(cpuDevice);
});
afterAll(() => setDefaultDevice(previous));

afterEach(() => {
  vi.restoreAllMocks();
  jax.config.reset("jaxExplainCacheMisses");
  jax.config.reset("jaxTsLogKernels");
  delete process.env.JAX_TS_LOG_KERNELS;
});

describe("jit stages", () => {
  it("trace: the staged jaxpr and the outputs' ShapeDtypeStructs", () => {
    const f = jax.jit(function f(x: JaxArray) {
      return { y: x.sum(), z: [x.astype("int32")] };
    });
    const traced = f.trace(jnp.ones([2, 3]));
    expect(traced).toBeInstanceOf(jax.Traced);
    expect(traced.jaxpr.toString()).toContain("reduce_sum[axes=(0, 1)]");
    const info = traced.outInfo as { y: jax.ShapeDtypeStruct; z: jax.ShapeDtypeStruct[] };
    expect([info.y.shape, info.y.dtype]).toEqual([[], "float32"]);
    expect([info.z[0]!.shape, info.z[0]!.dtype]).toEqual([[2, 3], "int32"]);
    // lower() is trace().lower(), from the same cached trace.
    expect(f.lower(jnp.ones([2, 3])).jaxpr).toBe(traced.jaxpr);
    expect(f.cacheSize).toBe(1);
  });

  it("lower().asText(): the jaxpr, then the steps (op by op on the CPU), named as the jaxpr names them", () => {
    const f = jax.jit(function f(x: JaxArray) {
      jnp.cos(x); // unused: dropped from the executable
      return jnp.sin(x).mul(2);
    });
    const lowered = f.lower(jnp.ones([3]));
    expect(lowered.kernels.map((s) => s.kind)).toEqual(["eqn", "eqn", "eqn"]);
    expect(lowered.asText()).toMatchInlineSnapshot(`
      "jit(f) lowered for cpu:0
      jaxpr:
        { lambda ; a:f32[3]. let
            b:f32[3] = cos a
            c:f32[3] = sin a
            d:f32[3] = broadcast_in_dim[broadcast_dimensions=() shape=(3,)] 2.0:f32[]
            e:f32[3] = mul c d
          in (e,) }
      executable: 3 steps, run op by op (this device compiles no kernels, so nothing is fused); 1 unused equation dropped
        [0] c:f32[3] = sin a
        [1] d:f32[3] = broadcast_in_dim[broadcast_dimensions=() shape=(3,)] 2.0:f32[]
        [2] e:f32[3] = mul c d"
    `);
  });

  it("compile(): the executable, with the jitted function's results; static arguments are not passed again", async () => {
    const f = jax.jit(
      function f(p: { w: JaxArray; b: JaxArray }, n: number, x: JaxArray) {
        return jnp.tanh(x.matmul(p.w).add(p.b)).mul(n);
      },
      { staticArgnums: 1 },
    );
    const p = { w: jnp.linspace(-1, 1, 6).reshape([3, 2]), b: jnp.array([0.5, -0.5]) };
    const x = jnp.linspace(0, 1, 12).reshape([4, 3]);
    const compiled = f.lower(p, 3, x).compile();
    expect(compiled.kernels.length).toBeGreaterThan(0);
    expect(compiled.asText()).toContain("jit(f) lowered for cpu:0");
    expect(await values(compiled(p, x))).toEqual(await values(f(p, 3, x)));
    // The compiled call traces nothing: a new input of the same type reuses the executable.
    expect(await values(compiled(p, x.mul(2)))).toEqual(await values(f(p, 3, x.mul(2))));
    expect(f.cacheSize).toBe(1);
  });

  it("lower() accepts ShapeDtypeStructs; the compiled executable then runs on arrays of those types", async () => {
    const f = jax.jit(function f(x: JaxArray) {
      return x.mul(x).sum();
    });
    const compiled = f.lower(jax.ShapeDtypeStruct([3], "float32")).compile();
    expect(await values(compiled(jnp.array([1, 2, 3]).astype("float32")))).toEqual([14]);
  });

  it("compiled calls with other types, structures or argument counts raise a TypeError naming jit(f)", () => {
    const f = jax.jit(function f(x: JaxArray, y: { a: JaxArray }) {
      return x.add(y.a);
    });
    const compiled = f.lower(jnp.ones([3]), { a: jnp.ones([3]) }).compile();
    expect(() => compiled(jnp.ones([4]), { a: jnp.ones([3]) })).toThrow(TypeError);
    expect(() => compiled(jnp.ones([3]), { a: jnp.ones([3], { dtype: "int32" }) })).toThrow(
      /jit\(f\) compiled: argument types differ .*at args\[1\]\['a'\], compiled for f32\[3\] and called with i32\[3\]/,
    );
    expect(() => compiled(jnp.ones([3]), [jnp.ones([3])])).toThrow(/jit\(f\) compiled: the arguments' structure differs/);
    expect(() => compiled(jnp.ones([3]))).toThrow(/jit\(f\) compiled: called with 1 arguments but compiled for 2/);
  });
});

describe("jax.config", () => {
  it("takes JAX's snake_case names too, refuses unknown ones, and follows the environment until updated", () => {
    expect(jax.config.read("jaxExplainCacheMisses")).toBe(false);
    jax.config.update("jax_explain_cache_misses", true);
    expect(jax.config.jaxExplainCacheMisses).toBe(true);
    expect(() => jax.config.update("jax_enable_x65", true)).toThrow(/unrecognized option "jax_enable_x65"/);
    process.env.JAX_TS_LOG_KERNELS = "1";
    expect(jax.config.jaxTsLogKernels).toBe(true);
    jax.config.update("jaxTsLogKernels", false);
    expect(jax.config.jaxTsLogKernels).toBe(false);
  });
});

describe("explaining cache misses (jaxExplainCacheMisses)", () => {
  const explanations = () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    return () => warn.mock.calls.map((c) => String(c[0]));
  };

  it("says nothing unless asked, and nothing on the first trace", () => {
    const said = explanations();
    const f = jax.jit((x: JaxArray) => x.add(1));
    f(jnp.ones([2]));
    f(jnp.ones([3]));
    jax.config.update("jaxExplainCacheMisses", true);
    const g = jax.jit((x: JaxArray) => x.add(1));
    g(jnp.ones([2]));
    g(jnp.ones([2]));
    expect(said()).toEqual([]);
  });

  it("names the argument's path and its old and new aval (shape, dtype, weak type)", () => {
    jax.config.update("jaxExplainCacheMisses", true);
    const said = explanations();
    const f = jax.jit(function loss(p: { w: JaxArray[] }, s: JaxArray) {
      return p.w[1]!.sum().add(s);
    });
    const w = [jnp.ones([2]), jnp.ones([3])];
    f({ w }, jnp.array(1));
    f({ w: [w[0], jnp.ones([4])] }, jnp.array(1));
    f({ w }, jnp.array(1).astype("float32"));
    f({ w }, 1);
    expect(said()).toEqual([
      "TRACING CACHE MISS for jit(loss) because:\n" +
        "  closest seen input type signature has 1 mismatch:\n" +
        "    * at args[0]['w'][1], seen f32[3], but now given f32[4]",
      "TRACING CACHE MISS for jit(loss) because:\n" +
        "  closest seen input type signature has 1 mismatch:\n" +
        "    * at args[1], seen i32[], but now given f32[]",
      "TRACING CACHE MISS for jit(loss) because:\n" +
        "  closest seen input type signature has 1 mismatch:\n" +
        "    * at args[1], seen i32[], but now given i32[]{weak_type=True}",
    ]);
  });

  it("names a static argument's old and new value, and a change of tree structure", () => {
    jax.config.update("jax_explain_cache_misses", true);
    const said = explanations();
    const f = jax.jit(
      function scale(x: unknown, n: number) {
        return jnp.multiply(jax.tree.leaves(x)[0] as JaxArray, n);
      },
      { staticArgnums: 1 },
    );
    const x = jnp.ones([2]);
    f(x, 2);
    f(x, 3);
    f({ a: x }, 3);
    expect(said()).toEqual([
      "TRACING CACHE MISS for jit(scale) because:\n" +
        "  closest seen input type signature has 1 mismatch:\n" +
        "    * static argument args[1] was 2, but now is 3",
      "TRACING CACHE MISS for jit(scale) because:\n" +
        "  at args[0], the tree structure was PyTreeDef(*), but now is PyTreeDef({'a': *})",
    ]);
  });
});

describe("the kernel log (JAX_TS_LOG_KERNELS=1)", () => {
  // The CPU fuses nothing; a stand-in device with a kernel runner shows what WebGPU prints
  // (test/webgpu/jit-stages.suite.ts checks the real one).
  const fusingDevice = {
    ...cpuDevice,
    platform: "webgpu",
    id: 7,
    kernels: { tuning: DEFAULT_TUNING, fusible: () => true, compile: () => null, launch: () => [] },
    wgslOfKernel: (k: Kernel) => renderKernel(k, { workgroupSize: 64 }).code,
  } as unknown as Device;

  it("prints each fused kernel's WGSL once, labelled, to stderr; nothing when unset", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const jaxpr = jax.jit(function f(x: JaxArray) {
      return jnp.exp(x.mul(2)).add(1);
    }).trace(jnp.ones([5])).jaxpr;
    logKernels(jaxpr, fusingDevice, "jit(f)");
    expect(error).not.toHaveBeenCalled();
    process.env.JAX_TS_LOG_KERNELS = "1";
    logKernels(jaxpr, fusingDevice, "jit(f)");
    logKernels(jaxpr, fusingDevice, "jit(f)");
    expect(error).toHaveBeenCalledTimes(1);
    const text = String(error.mock.calls[0]![0]);
    expect(text).toMatch(/^\[jax-ts kernel\] jit\(f\): fused kernel 1 of 1, fused\(.*mul.*exp.*add\), on webgpu:7\n/);
    expect(text).toContain("@compute");
  });
});
