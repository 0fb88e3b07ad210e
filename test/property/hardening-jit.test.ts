// Adversarial tests of jit's cache (what hits, what retraces, what must never be cached) and of
// the memoized jaxpr-level transforms that let vmap/jvp/grad of a jitted function skip retracing.
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import { arrayFromHost, scalar } from "../../src/array.js";
import type { Jaxpr } from "../../src/tracing/jaxpr.js";
import type { JitOptions } from "../../src/transforms/jit.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { values as host } from "../util/read.js";

const { lax, numpy: jnp } = jax;
const f64 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "float64");
const f32 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "float32");
const s64 = (v: number) => f64([v], []);

/** A jitted function that counts how often its Python-level body runs (i.e. is traced). */
function counted<F extends (...args: never[]) => unknown>(f: F, options?: JitOptions) {
  const state = { traces: 0 };
  const jitted = jax.jit((...args: never[]) => {
    state.traces++;
    return f(...args);
  }, options);
  return { jitted, state };
}

describe("jit cache keys", () => {
  it("same shapes and dtypes hit the cache; cacheSize reports the live count", () => {
    const { jitted, state } = counted((a: JaxArray) => jnp.sin(a));
    expect(jitted.cacheSize).toBe(0);
    jitted(f64([1, 2, 3]));
    jitted(f64([4, 5, 6]));
    expect([state.traces, jitted.cacheSize]).toEqual([1, 1]);
    jitted(f32([1, 2, 3]));
    jitted(f64([1, 2]));
    expect([state.traces, jitted.cacheSize]).toEqual([3, 3]);
  });

  it("weakly typed inputs (JS numbers) and strongly typed ones of the same dtype trace separately", () => {
    const { jitted, state } = counted((a: JaxArray) => jnp.multiply(a, a));
    jitted(2);
    jitted(3);
    expect(state.traces).toBe(1);
    const strong = jitted(scalar(2, "int32")) as JaxArray;
    expect(strong.weakType).toBe(false);
    expect((jitted(2) as JaxArray).weakType).toBe(true);
    jitted(2.5);
    expect(state.traces).toBe(3);
  });

  it("static arguments compare by value for plain data and by identity for functions", async () => {
    const { jitted, state } = counted((a: JaxArray, o: { k: number; j: number }) => jnp.multiply(a, o.k + o.j), { staticArgnums: 1 });
    jitted(s64(2), { k: 3, j: 1 });
    jitted(s64(2), { j: 1, k: 3 });
    expect(state.traces).toBe(1);
    expect(await host(jitted(s64(2), { k: 4, j: 1 }))).toEqual([10]);
    expect(state.traces).toBe(2);

    // Functions whose source text is identical (lax wrappers are made by one factory) must not collide.
    const apply = counted((a: JaxArray, g: (x: JaxArray) => JaxArray) => g(a), { staticArgnums: [1] });
    expect(await host(apply.jitted(s64(0.5), lax.sin))).toEqual([Math.sin(0.5)]);
    expect(await host(apply.jitted(s64(0.5), lax.cos))).toEqual([Math.cos(0.5)]);
    expect(await host(apply.jitted(s64(0.5), lax.sin))).toEqual([Math.sin(0.5)]);
    expect(apply.state.traces).toBe(2);
  });

  it("static numbers that JSON can't tell apart (NaN, Infinity, -0, null) are different keys", async () => {
    const { jitted, state } = counted((a: JaxArray, k: number | null) => jnp.multiply(a, k ?? -1), { staticArgnums: 1 });
    expect(await host(jitted(s64(2), Infinity))).toEqual([Infinity]);
    expect(await host(jitted(s64(2), NaN))).toEqual([NaN]);
    expect(await host(jitted(s64(2), null))).toEqual([-2]);
    expect(Object.is((await host(jitted(s64(2), -0)))[0], -0)).toBe(true);
    expect(state.traces).toBe(4);
    expect(() => void jax.jit((a: JaxArray, b: JaxArray) => jnp.add(a, b), { staticArgnums: 1 })(s64(1), s64(2))).toThrow(/static argument is an array/);
  });

  it("non-array arguments must be static; the error says so", async () => {
    const f = (a: JaxArray, act: string) => (act === "sin" ? jnp.sin(a) : a);
    expect(() => void jax.jit(f)(s64(1), "sin")).toThrow(/argument leaf string "sin" is not an array.*staticArgnums/);
    expect(await host(jax.jit(f, { staticArgnums: 1 })(s64(1), "sin"))).toEqual([Math.sin(1)]);
  });

  it("null and undefined in the argument structure are different keys", async () => {
    const { jitted, state } = counted((a: JaxArray, opt: null | undefined) => (opt === undefined ? a : jnp.negative(a)));
    expect(await host(jitted(s64(2), null))).toEqual([-2]);
    expect(await host(jitted(s64(2), undefined))).toEqual([2]);
    expect(state.traces).toBe(2);
  });

  it("a trace that closed over another transform's tracer is not cached (it would leak next call)", async () => {
    let w: JaxArray = s64(0);
    const { jitted } = counted((a: JaxArray) => jnp.multiply(a, w));
    const viaGrad = (v: JaxArray) => {
      w = v;
      return jitted(s64(2)) as JaxArray;
    };
    expect(await host(jax.grad(viaGrad)(s64(1)))).toEqual([2]);
    expect(await host(jax.grad(viaGrad)(s64(1)))).toEqual([2]);
    expect(await host(jax.vmap(viaGrad)(f64([1, 2])))).toEqual([2, 4]);
    w = s64(5);
    expect(await host(jitted(s64(2)))).toEqual([10]);
    expect(jitted.cacheSize).toBe(1);
  });
});

describe("transforms of a jitted function reuse its trace", () => {
  const body = (a: JaxArray) => jnp.sum(jnp.multiply(jnp.sin(a), jnp.exp(a)));

  it("vmap, jvp, grad and jit of a jitted function trace the user's function once", () => {
    const { jitted, state } = counted(body);
    const x = f64([0.1, 0.2, 0.3]);
    for (let i = 0; i < 3; i++) {
      jax.vmap(jitted)(f64([1, 2, 3, 4, 5, 6], [2, 3]));
      jax.jvp(jitted, [x], [x]);
      jax.grad(jitted)(x);
      jax.jit((a: JaxArray) => jitted(a) as JaxArray)(x);
    }
    expect(state.traces).toBe(1);
  });

  it("the transformed jaxpr itself is memoized: repeated jvp/vmap/grad of a jit bind the same inner jaxpr", () => {
    const jitted = jax.jit(body);
    const x = f64([0.1, 0.2, 0.3]);
    const innerJaxpr = (f: (a: JaxArray) => unknown, arg: JaxArray): Jaxpr[] =>
      jax
        .makeJaxpr(f)(arg)
        .jaxpr.eqns.filter((e) => e.primitive.name === "jit")
        .map((e) => (e.params as { jaxpr: Jaxpr }).jaxpr);
    const cases: [string, (a: JaxArray) => unknown, JaxArray][] = [
      ["jvp", (a) => jax.jvp(jitted, [a], [a]), x],
      ["vmap", (a) => jax.vmap(jitted)(a) as JaxArray, f64([1, 2, 3, 4], [2, 2])],
      ["grad", (a) => jax.grad(jitted)(a) as JaxArray, x],
    ];
    for (const [name, f, arg] of cases) {
      const first = innerJaxpr(f, arg);
      const second = innerJaxpr(f, arg);
      expect(first.length, name).toBeGreaterThan(0);
      first.forEach((j, i) => expect(second[i], `${name} jaxpr ${i}`).toBe(j));
    }
  });

  it("memoized transforms stay correct when the same jit is used under different transforms and batch sizes", async () => {
    const jitted = jax.jit(body);
    const ref = (v: number[]) => v.reduce((s, a) => s + Math.sin(a) * Math.exp(a), 0);
    const dref = (a: number) => (Math.cos(a) + Math.sin(a)) * Math.exp(a);
    for (const rows of [
      [[0.1, 0.2]],
      [
        [0.3, 0.4],
        [0.5, 0.6],
        [0.7, 0.8],
      ],
    ]) {
      const batch = f64(rows.flat(), [rows.length, 2]);
      const vals = await host(jax.vmap(jitted)(batch));
      rows.forEach((r, i) => expect(vals[i]).toBeCloseTo(ref(r), 12));
      const grads = await host(jax.vmap(jax.grad(jitted))(batch));
      rows.flat().forEach((a, i) => expect(grads[i]).toBeCloseTo(dref(a), 12));
    }
  });
});
