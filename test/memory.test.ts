// The memory model: users never count references. dispose() and `using` free now; the
// FinalizationRegistry frees what becomes unreachable; tracers hold no buffers.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { arrayFromHost, ArrayImpl, liveArrays } from "../src/array.js";
import { cpuDevice } from "../src/backend/cpu.js";
import { DisposedError } from "../src/errors.js";
import { values } from "./util/read.js";

const { lax } = jax;
const f32 = (xs: number[]) => arrayFromHost(xs, [xs.length], "float32");

describe("memory", () => {
  it("dispose() frees the buffer; use after dispose is a clear error; disposing twice is safe", () => {
    const x = f32([1, 2, 3]);
    const before = liveArrays();
    x.dispose();
    expect(liveArrays()).toBe(before - 1);
    expect(x.isDisposed).toBe(true);
    expect(() => x.dataSync()).toThrow(DisposedError);
    expect(() => lax.sin(x)).toThrow(/after dispose/);
    expect(() => x.dispose()).not.toThrow();
  });

  it("a `using` block disposes at its end", () => {
    const before = liveArrays();
    let inner: ArrayImpl | undefined;
    {
      using x = f32([1, 2]);
      inner = x;
      expect(liveArrays()).toBe(before + 1);
    }
    expect(inner.isDisposed).toBe(true);
    expect(liveArrays()).toBe(before);
  });

  it("operands stay valid after operations: no consumption, no reference counting", async () => {
    const x = f32([1, 2, 3]);
    const y = lax.add(x, x);
    const z = lax.mul(x, y);
    expect(await values(x)).toEqual([1, 2, 3]);
    expect(await values(z)).toEqual([2, 8, 18]);
  });

  it("data() and dataSync() return copies, so callers can't corrupt an array", () => {
    // dataSync is the CPU's synchronous read.
    const x = arrayFromHost([1, 2, 3], [3], "float32", false, cpuDevice);
    const d = x.dataSync();
    d[0] = 100;
    expect(x.dataSync()[0]).toBe(1);
  });

  it("a transform leaves no live arrays behind beyond its results and caches", async () => {
    const f = (a: jax.Array) => lax.reduceSum(lax.mul(lax.sin(a), a), [0]);
    const g = jax.grad(f);
    const x = f32([1, 2, 3]);
    g(x); // warm up lazily created constants
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, "vitest.config.ts runs tests with --expose-gc").toBeTypeOf("function");
    if (!gc) return;
    gc();
    await new Promise((r) => setTimeout(r, 10));
    const before = liveArrays();
    for (let i = 0; i < 20; i++) g(x);
    gc();
    await new Promise((r) => setTimeout(r, 50));
    gc();
    await new Promise((r) => setTimeout(r, 50));
    expect(liveArrays()).toBeLessThanOrEqual(before + 2);
  });
});
