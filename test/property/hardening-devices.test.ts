// Eager control flow on a device whose reads are asynchronous (WebGPU): nothing may read a value
// back synchronously. Runs only where an adapter exists.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import type { ArrayImpl } from "../../src/array.js";
import type { JaxArray } from "../../src/tracing/array.js";

const { lax, numpy: jnp } = jax;
const suiteDefault = jax.defaultBackend();
const webgpu = (await jax.init({ quiet: true })).available;
jax.setDefaultDevice(suiteDefault);
const read = async (x: JaxArray) => Array.from(await (x as ArrayImpl).data(), Number);

describe.runIf(webgpu)("eager control flow on WebGPU", () => {
  beforeEach(() => jax.setDefaultDevice("webgpu"));
  afterEach(() => jax.setDefaultDevice(suiteDefault));

  it("scan (any length, and under grad) and cond (choosing on the device) run without host reads", async () => {
    const xs = jnp.array([1, 2, 3], { dtype: "float32" });
    const [c, ys] = lax.scan<JaxArray, JaxArray, JaxArray>((k, x) => [jnp.add(k, x), jnp.multiply(k, x)], jnp.array(0, { dtype: "float32" }), xs);
    expect((c as ArrayImpl).device.platform).toBe("webgpu");
    expect(await read(c)).toEqual([6]);
    expect(await read(ys)).toEqual([0, 2, 9]);
    const [, empty] = lax.scan<JaxArray, JaxArray, JaxArray>((k, x) => [k, x], jnp.array(0, { dtype: "float32" }), jnp.zeros([0, 2], { dtype: "float32" }));
    expect(empty.shape).toEqual([0, 2]);
    const g = jax.grad((w: JaxArray) => lax.scan<JaxArray, JaxArray, null>((k, x) => [jnp.add(jnp.multiply(k, w), x), null], jnp.array(1, { dtype: "float32" }), xs)[0]);
    expect(await read(g(jnp.array(0.5, { dtype: "float32" })) as JaxArray)).toEqual([3.75]);
    for (const [pred, want] of [
      [true, 2],
      [false, 1],
    ] as const) {
      const out = lax.cond(jnp.array(pred), (v: JaxArray) => v.add(1), (v: JaxArray) => v, jnp.array(1)) as JaxArray;
      expect(await read(out)).toEqual([want]);
    }
    const sw = lax.switch(jnp.array(7), [() => jnp.array(0), () => jnp.array(1), () => jnp.array(2)]) as JaxArray;
    expect(await read(sw)).toEqual([2]);
  });

  it("a jit trace belongs to the device it ran on: switching the default device retraces, constants follow", async () => {
    const jitted = jax.jit((x: JaxArray) => jnp.add(x, jnp.array([1, 2], { dtype: "float32" })));
    expect(await read(jitted(jnp.array([1, 1], { dtype: "float32" })) as JaxArray)).toEqual([2, 3]);
    jax.setDefaultDevice("cpu");
    const onCpu = jitted(jnp.array([1, 1], { dtype: "float32" })) as ArrayImpl;
    expect(onCpu.device.platform).toBe("cpu");
    expect(Array.from(onCpu.dataSync())).toEqual([2, 3]);
    expect(jitted.cacheSize).toBe(2);
  });

  it("an eager whileLoop reads its condition asynchronously: it returns at once, and reading waits", async () => {
    const out = lax.whileLoop<JaxArray>((k) => jnp.less(k, 3), (k) => jnp.add(k, 1), jnp.array(0));
    expect((out as ArrayImpl).device.platform).toBe("webgpu");
    expect(await read(out)).toEqual([3]);
  });
});
