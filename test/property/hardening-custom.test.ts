// Adversarial tests of customJvp, customVjp and checkpoint inside scan, under vmap and jit, with
// nondiffArgnums (JAX's nondiff_argnums), closures, and the errors JAX gives for what can't work.
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import { arrayFromHost } from "../../src/array.js";
import { typecheckJaxpr } from "../../src/tracing/jaxpr.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { expectClose } from "../util/close.js";
import { values as host } from "../util/read.js";

const { lax, numpy: jnp } = jax;
const f64 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "float64");
const s64 = (v: number) => f64([v], []);

// sin with a deliberately wrong derivative (10 * t), so tests can tell the rule was used.
const loudSin = jax.customJvp((x: JaxArray) => jnp.sin(x)).defjvp(([x]: [JaxArray], [t]: [JaxArray]) => [jnp.sin(x), jnp.multiply(t, 10)]);
const loudSinVjp = jax.customVjp((x: JaxArray) => jnp.sin(x)).defvjp(
  (x) => [jnp.sin(x as JaxArray), null],
  (_res, ct: JaxArray) => [jnp.multiply(ct, 10)],
);

const exactSinVjp = jax.customVjp((x: JaxArray) => jnp.sin(x)).defvjp(
  (x) => [jnp.sin(x as JaxArray), jnp.cos(x as JaxArray)],
  (cosx: JaxArray, ct: JaxArray) => [jnp.multiply(ct, cosx)],
);

/** c -> fn(c) * x over xs = [1, 2]: the custom derivative applies twice, so d/dc = 10 * 2 * 10 * 1. */
const throughScan = (fn: (x: JaxArray) => unknown) => (c: JaxArray) =>
  lax.scan<JaxArray, JaxArray, null>((carry, x) => [jnp.multiply(fn(carry) as JaxArray, x), null], c, f64([1, 2]))[0];

describe("custom derivative rules inside scan, under vmap and jit", () => {
  for (const [name, fn] of [
    ["customJvp", loudSin],
    ["customVjp", loudSinVjp],
  ] as const) {
    it(`${name}: the rule is used through scan, vmap(grad), grad(vmap), jit(grad) and grad(jit)`, async () => {
      const g = throughScan(fn);
      expect(await host(jax.grad(g)(s64(0.5)))).toEqual([200]);
      expect(await host(jax.vmap(jax.grad(g))(f64([0.5, 0.1])))).toEqual([200, 200]);
      expect(await host(jax.grad((c: JaxArray) => jnp.sum(jax.vmap(g)(c) as JaxArray))(f64([0.5, 0.1])))).toEqual([200, 200]);
      expect(await host(jax.jit(jax.grad(g))(s64(0.5)))).toEqual([200]);
      expect(await host(jax.grad(jax.jit(g))(s64(0.5)))).toEqual([200]);
      expect(await host(jax.vmap(fn)(f64([0.5, 0.1])))).toEqual([0.5, 0.1].map(Math.sin));
      typecheckJaxpr(jax.makeJaxpr(jax.vmap(jax.grad(g)))(f64([0.5, 0.1])).jaxpr);
    });
  }

  it("customJvp's rule is used in forward mode through scan, and second derivatives differentiate the rule", async () => {
    const [, t] = jax.jvp(throughScan(loudSin), [s64(0.5)], [s64(1)]) as [JaxArray, JaxArray];
    expect(await host(t)).toEqual([200]);
    // The rule's tangent t*cos(x) is itself differentiated by grad of grad.
    const exact = jax.customJvp((x: JaxArray) => jnp.sin(x)).defjvp(([x]: [JaxArray], [dx]: [JaxArray]) => [jnp.sin(x), jnp.multiply(dx, jnp.cos(x))]);
    expect((await host(jax.grad(jax.grad((x: JaxArray) => exact(x) as JaxArray))(s64(0.3))))[0]).toBeCloseTo(-Math.sin(0.3), 14);
    expect((await host(jax.grad(jax.grad((x: JaxArray) => exactSinVjp(x) as JaxArray))(s64(0.3))))[0]).toBeCloseTo(-Math.sin(0.3), 14);
  });

  it("forward mode of a customVjp function explains itself, also under reverse mode; forward over reverse works", async () => {
    const sinSq = (x: JaxArray) => jnp.sum(exactSinVjp(jnp.multiply(x, x)) as JaxArray);
    expect(() => jax.jvp(loudSinVjp, [s64(0.5)], [s64(1)])).toThrow(/customVjp.*forward-mode/);
    expect(() => void jax.jacfwd(sinSq)(f64([0.5]))).toThrow(/customVjp.*forward-mode/);
    expect(() => void jax.jacrev(jax.jacfwd(sinSq))(f64([0.5]))).toThrow(/customVjp.*forward-mode/);
    // hessian = jacfwd(jacrev(f)) differentiates bwd forward, which is ordinary code, as in JAX.
    const x = [0.3, 0.5];
    const want = x.map((v) => 2 * Math.cos(v * v) - 4 * v * v * Math.sin(v * v));
    expectClose(await host(jax.hessian(sinSq)(f64(x))), [want[0]!, 0, 0, want[1]!], 1e-14, 1e-14, "hessian");
    expectClose(await host(jax.jacrev(jax.jacrev(sinSq))(f64(x))), [want[0]!, 0, 0, want[1]!], 1e-14, 1e-14, "jacrev(jacrev)");
  });

  it("differentiating a value a custom rule closes over is an error, as in JAX; non-differentiated closures are fine", async () => {
    const closesOver = (w: JaxArray) => jax.customJvp((x: JaxArray) => jnp.multiply(x, w)).defjvp(([x]: [JaxArray], [t]: [JaxArray]) => [jnp.multiply(x, w), jnp.multiply(t, w)])(s64(2)) as JaxArray;
    expect(() => void jax.grad(closesOver)(s64(3))).toThrow(/closes over a value that is being differentiated/);
    expect(await host(jax.vmap(closesOver)(f64([1, 2])))).toEqual([2, 4]);
    const w = s64(3);
    const ok = jax.customVjp((x: JaxArray) => jnp.multiply(x, w)).defvjp(
      (x) => [jnp.multiply(x as JaxArray, w), null],
      (_r, ct: JaxArray) => [jnp.multiply(ct, w)],
    );
    expect(await host(jax.grad((x: JaxArray) => ok(x) as JaxArray)(s64(2)))).toEqual([3]);
  });
});

describe("nondiffArgnums", () => {
  // JAX's documented example: the callable is a nondiff argument, passed first to the rule.
  const app = jax.customJvp((g: (x: JaxArray) => JaxArray, x: JaxArray) => g(x), { nondiffArgnums: [0] }).defjvp(
    (g: (x: JaxArray) => JaxArray, [x]: [JaxArray], [dx]: [JaxArray]) => [g(x), jnp.multiply(2, dx)],
  );
  const appVjp = jax.customVjp((g: (x: JaxArray) => JaxArray, x: JaxArray) => g(x), { nondiffArgnums: [0] }).defvjp(
    (g, x) => [(g as (x: JaxArray) => JaxArray)(x as JaxArray), null],
    (_g: unknown, _res: null, ct: JaxArray) => [jnp.multiply(5, ct)],
  );

  it("passes non-array arguments through to the function and its rules", async () => {
    const x = s64(0.3);
    expect(await host(app(jnp.sin, x))).toEqual([Math.sin(0.3)]);
    expect(await host(jax.grad((y: JaxArray) => app(jnp.sin, y) as JaxArray)(x))).toEqual([2]);
    expect(await host(jax.vmap(jax.grad((y: JaxArray) => app(jnp.cos, y) as JaxArray))(f64([1, 2])))).toEqual([2, 2]);
    expect(await host(jax.jit(jax.grad((y: JaxArray) => app(jnp.sin, y) as JaxArray))(x))).toEqual([2]);
    expect(await host(appVjp(jnp.sin, x))).toEqual([Math.sin(0.3)]);
    expect(await host(jax.grad((y: JaxArray) => appVjp(jnp.sin, y) as JaxArray)(x))).toEqual([5]);
    expect(await host(jax.vmap(jax.grad((y: JaxArray) => appVjp(jnp.sin, y) as JaxArray))(f64([1, 2])))).toEqual([5, 5]);
    // Two steps, each scaling by 2 (the rule) and by x = 1, 2.
    expect(await host(jax.grad(throughScan((c) => app(jnp.sin, c)))(s64(0.5)))).toEqual([8]);
  });

  it("bwd returns cotangents for the other arguments only", () => {
    const wrong = jax.customVjp((g: (x: JaxArray) => JaxArray, x: JaxArray) => g(x), { nondiffArgnums: [0] }).defvjp(
      (g, x) => [(g as (x: JaxArray) => JaxArray)(x as JaxArray), null],
      (_g: unknown, _res: null, ct: JaxArray) => [null, ct],
    );
    expect(() => void jax.grad((y: JaxArray) => wrong(jnp.sin, y) as JaxArray)(s64(1))).toThrow(/one cotangent per differentiable argument/);
  });

  it("array arguments that shouldn't be differentiated are regular arguments whose cotangent is null (clip_gradient)", async () => {
    const clip = jax.customVjp((lo: JaxArray, hi: JaxArray, x: JaxArray) => x).defvjp(
      (lo, hi, x) => [x, [lo, hi]],
      ([lo, hi]: [JaxArray, JaxArray], g: JaxArray) => [null, null, jnp.clip(g, lo, hi)],
    );
    const loss = (x: JaxArray) => jnp.sum(jnp.multiply(clip(s64(-0.5), s64(0.5), x) as JaxArray, f64([3, 0.1, -2])));
    expect(await host(jax.grad(loss)(f64([1, 2, 3])))).toEqual([0.5, 0.1, -0.5]);
    const perExample = jax.vmap(jax.grad((lo: JaxArray, x: JaxArray) => jnp.multiply(clip(lo, s64(0.5), x) as JaxArray, 3), { argnums: 1 }));
    expect(await host(perExample(f64([-1, 0.2]), f64([1, 2])))).toEqual([0.5, 0.5]);
  });
});

describe("checkpoint under vmap and inside scan", () => {
  const remat = jax.checkpoint((a: JaxArray) => jnp.sin(jnp.sin(a)));
  const d = (v: number) => Math.cos(Math.sin(v)) * Math.cos(v);

  it("values and gradients match the plain function under vmap, inside scan, and at second order", async () => {
    const x = f64([0.3, -0.5, 0.8]);
    expectClose(await host(jax.vmap(remat)(x)), (await host(x)).map((v) => Math.sin(Math.sin(v))), 1e-15, 0, "vmap");
    expectClose(await host(jax.vmap(jax.grad((a: JaxArray) => remat(a) as JaxArray))(x)), (await host(x)).map(d), 1e-15, 1e-15, "vmap(grad)");
    expectClose(await host(jax.grad((a: JaxArray) => jnp.sum(jax.vmap(remat)(a) as JaxArray))(x)), (await host(x)).map(d), 1e-15, 1e-15, "grad(vmap)");
    const scanned = (c: JaxArray) => lax.scan<JaxArray, JaxArray, null>((k, xi) => [jnp.multiply(remat(k) as JaxArray, xi), null], c, f64([1, 2]))[0];
    const ref = (c: number) => Math.sin(Math.sin(Math.sin(Math.sin(c)) * 1)) * 2;
    const eps = 1e-6;
    expect((await host(jax.grad(scanned)(s64(0.5))))[0]).toBeCloseTo((ref(0.5 + eps) - ref(0.5 - eps)) / (2 * eps), 8);
    const second = (await host(jax.grad(jax.grad((a: JaxArray) => remat(a) as JaxArray))(s64(0.3))))[0]!;
    expect(second).toBeCloseTo((d(0.3 + 1e-5) - d(0.3 - 1e-5)) / 2e-5, 8);
    typecheckJaxpr(jax.makeJaxpr(jax.vmap(jax.grad(scanned)))(f64([0.5, 0.1])).jaxpr);
  });

  it("a checkpoint around scan or cond transposes: their primal and tangent parts are split before transposing", async () => {
    // The checkpoint's backward pass recomputes a scan whose carry holds both primal and tangent.
    const aroundScan = jax.checkpoint((a: JaxArray) => lax.scan<JaxArray, JaxArray, null>((k, xi) => [jnp.multiply(jnp.sin(k), xi), null], a, f64([1, 2]))[0]);
    const dScan = (v: number) => Math.cos(Math.sin(v)) * Math.cos(v) * 2;
    expect((await host(jax.grad(aroundScan)(s64(0.5))))[0]).toBeCloseTo(dScan(0.5), 14);
    expectClose(await host(jax.vmap(jax.grad(aroundScan))(f64([0.5, 0.1]))), [dScan(0.5), dScan(0.1)], 1e-14, 1e-14, "vmap(grad)");
    expect((await host(jax.jit(jax.grad(aroundScan))(s64(0.5))))[0]).toBeCloseTo(dScan(0.5), 14);
    const aroundCond = jax.checkpoint((a: JaxArray) => lax.cond(jnp.greater(a, 0), (y: JaxArray) => jnp.multiply(jnp.sin(y), jnp.cos(y)), (y: JaxArray) => y, a) as JaxArray);
    expect((await host(jax.grad(aroundCond)(s64(0.5))))[0]).toBeCloseTo(Math.cos(1), 14);
    expect((await host(jax.grad(jax.grad(aroundCond))(s64(0.5))))[0]).toBeCloseTo(-2 * Math.sin(1), 14);
    const ysSum = jax.checkpoint((a: JaxArray) => jnp.sum(lax.scan<JaxArray, JaxArray, JaxArray>((k, xi) => [jnp.multiply(jnp.sin(k), xi), k], a, f64([1, 2]))[1]));
    expect((await host(jax.hessian(ysSum)(s64(0.5))))[0]).toBeCloseTo(-Math.sin(0.5), 14);
    typecheckJaxpr(jax.makeJaxpr(jax.grad(aroundScan))(s64(0.5)).jaxpr);
  });

  it("the backward pass recomputes from the checkpoint's inputs when the body closes over the differentiated value", async () => {
    const f = (w: JaxArray) => jax.checkpoint((a: JaxArray) => jnp.multiply(jnp.sin(a), w))(s64(2)) as JaxArray;
    expect(await host(jax.grad(f)(s64(3)))).toEqual([Math.sin(2)]);
  });
});
