// Adversarial tests of the transforms' pytree handling and of the conveniences a JAX user expects
// from Python scalars: null/undefined structure, nested objects, numbers as arguments, tangents
// and cotangents, stopGradient on pytrees, valueAndGrad's primal value.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import { arrayFromHost, ArrayImpl } from "../../src/array.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { expectClose } from "../util/close.js";
import { values as host } from "../util/read.js";

const { lax, numpy: jnp } = jax;
const f64 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "float64");
const i32 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "int32");
const vec = (n: number) => fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n });

interface Params {
  w: JaxArray;
  nested: { b: JaxArray; none: null; missing: undefined; list: [JaxArray, null] };
}

const params = (xs: number[]): Params => ({
  w: f64(xs.slice(0, 2)),
  nested: { b: f64(xs.slice(2, 3), []), none: null, missing: undefined, list: [f64(xs.slice(3, 5)), null] },
});

function loss(p: Params, x: JaxArray): JaxArray {
  const h = jnp.add(jnp.multiply(jnp.sin(p.w), x), p.nested.b);
  return jnp.sum(jnp.multiply(jnp.tanh(h), p.nested.list[0]));
}

describe("pytrees with null/undefined and nested objects", () => {
  it("grad keeps null/undefined in place and matches central differences", async () => {
    await fc.assert(
      fc.asyncProperty(vec(5), vec(2), async (ps, xs) => {
        const p = params(ps);
        const x = f64(xs);
        const g = jax.grad(loss)(p, x) as Params;
        expect(g.nested.none).toBeNull();
        expect(g.nested.missing).toBeUndefined();
        expect("missing" in g.nested).toBe(true);
        expect(g.nested.list[1]).toBeNull();
        const flat = async (q: Params) => [...await host(q.w), ...await host(q.nested.b), ...await host(q.nested.list[0])];
        const eps = 1e-6;
        const numeric = await Promise.all(ps.map(async (_, i) => {
          const up = [...ps];
          const down = [...ps];
          up[i]! += eps;
          down[i]! -= eps;
          return ((await host(loss(params(up), x)))[0]! - (await host(loss(params(down), x)))[0]!) / (2 * eps);
        }));
        expectClose(await flat(g), numeric, 1e-6, 1e-6, "grad vs central differences");
      }),
      { numRuns: 4 },
    );
  });

  it("vmap, jit and scan carry such structures through, in and out", async () => {
    const p = params([0.1, 0.2, 0.3, 0.4, 0.5]);
    const xs = f64([1, 2, 3, 4, 5, 6], [3, 2]);
    const batched = jax.vmap(loss, { inAxes: [{ w: null, nested: { b: null, none: null, missing: null, list: [null, null] } }, 0] })(p, xs) as JaxArray;
    const rows = await host(xs);
    const looped = await Promise.all([0, 1, 2].map(async (i) => (await host(loss(p, f64(rows.slice(2 * i, 2 * i + 2)))))[0]!));
    expectClose(await host(batched), looped, 1e-12, 1e-12, "vmap");

    const jitted = jax.jit((q: Params) => ({ out: [q.nested.none, jnp.multiply(q.w, 2)], keep: q.nested.missing }))(p) as { out: [null, JaxArray]; keep: undefined };
    expect(jitted.out[0]).toBeNull();
    expect(jitted.keep).toBeUndefined();
    expectClose(await host(jitted.out[1]), [0.2, 0.4], 0, 0, "jit");

    const [carry, ys] = lax.scan(
      (c: { s: JaxArray; tag: null }, x: { v: JaxArray; skip: undefined }) => [{ s: jnp.add(c.s, x.v), tag: null }, [x.v, null]],
      { s: f64([0], []), tag: null },
      { v: f64([1, 2, 3]), skip: undefined },
    ) as [{ s: JaxArray; tag: null }, [JaxArray, null]];
    expect(carry.tag).toBeNull();
    expect(ys[1]).toBeNull();
    expectClose(await host(carry.s), [6], 0, 0, "scan carry");

    const g = jax.grad((q: Params) => lax.scan((c: JaxArray, _x: null) => [jnp.add(c, loss(q, f64([1, 1]))), null], f64([0], []), null, { length: 3 })[0])(p) as Params;
    expect(g.nested.none).toBeNull();
    expectClose(await host(g.w), (await host((jax.grad(loss)(p, f64([1, 1])) as Params).w)).map((v) => 3 * v), 1e-12, 1e-12, "grad through scan");
  });

  it("cond and whileLoop return pytrees with null leaves", async () => {
    const out = lax.cond(true, (a: JaxArray) => ({ y: a, n: null }), (a: JaxArray) => ({ y: jnp.negative(a), n: null }), f64([2])) as { y: JaxArray; n: null };
    expect(out.n).toBeNull();
    const [i, v, tag] = lax.whileLoop<[JaxArray, JaxArray, null]>(
      ([k]) => jnp.less(k, 3),
      ([k, val]) => [jnp.add(k, 1), jnp.multiply(val, 2), null],
      [0, f64([1]), null],
    );
    expect(tag).toBeNull();
    expect(await host(i)).toEqual([3]);
    expect(await host(v)).toEqual([8]);
  });
});

describe("JS numbers where JAX users write Python floats", () => {
  it("grad, jvp, vjp and linearize treat number arguments as floats", async () => {
    const square = (a: JaxArray) => jnp.multiply(a, a);
    // JAX users write grad(f)(3.0); JS can't tell 3 from 3.0.
    expect(await host(jax.grad(square)(3))).toEqual([6]);
    const [y, t] = jax.jvp(square, [1.5], [1]) as [JaxArray, JaxArray];
    expect([await host(y), await host(t)]).toEqual([[2.25], [3]]);
    const [, pullback] = jax.vjp((a: JaxArray) => [jnp.sum(a), jnp.multiply(jnp.sum(a), 2)], f64([1, 2]));
    expect(await host(pullback([1, 2])[0])).toEqual([5, 5]);
    const [, fJvp] = jax.linearize(square, 3);
    expect(await host(fJvp(1))).toEqual([6]);
    expect(await host(jax.jacfwd(square)(2))).toEqual([4]);
    // Non-differentiated positions keep their JS values.
    const scaled = jax.grad((a: JaxArray, n: number) => jnp.multiply(a, n))(2, 5) as JaxArray;
    expect(await host(scaled)).toEqual([5]);
  });

  it("differentiating with respect to an integer array still raises, as in JAX", () => {
    expect(() => void jax.grad((n: JaxArray) => jnp.sum(n.astype("float32")))(i32([1, 2]))).toThrow(jax.DTypeError);
    expect(() => void jax.jacrev((n: JaxArray) => n.astype("float32"))(i32([1, 2]))).toThrow(jax.DTypeError);
  });

  it("jvp checks that tangents have the primals' structure, not only their leaf count", () => {
    const x = f64([1, 2]);
    expect(() => jax.jvp((p: { a: JaxArray; b: JaxArray }) => jnp.add(p.a, p.b), [{ a: x, b: x }], [[x, x]])).toThrow(/structure/);
  });
});

describe("stopGradient on pytrees", () => {
  it("stops every float leaf and passes other leaves through unchanged", async () => {
    const x = f64([0.5, -1, 2]);
    const g = jax.grad((p: { a: JaxArray; b: [JaxArray] }) => {
      const s = lax.stopGradient(p);
      return jnp.sum(jnp.add(jnp.multiply(s.a, p.a), jnp.multiply(s.b[0], s.b[0])));
    })({ a: x, b: [x] }) as { a: JaxArray; b: [JaxArray] };
    expectClose(await host(g.a), await host(x), 0, 0, "only the unstopped use is differentiated");
    expectClose(await host(g.b[0]), [0, 0, 0], 0, 0, "fully stopped leaf");
    const mixed = lax.stopGradient({ f: x, n: 3, i: i32([1, 2]), z: null, s: "tag" });
    expect(mixed.n).toBe(3);
    expect(mixed.z).toBeNull();
    expect(mixed.s).toBe("tag");
    expect(mixed.i.dtype).toBe("int32");
    expect(lax.stopGradient(2.5)).toBe(2.5);
    const [, tangent] = jax.jvp((a: JaxArray) => lax.stopGradient({ y: jnp.sin(a) }).y, [x], [x]) as [JaxArray, JaxArray];
    expectClose(await host(tangent), [0, 0, 0], 0, 0, "jvp of stopGradient");
  });
});

describe("valueAndGrad and grad outputs", () => {
  it("valueAndGrad returns the primal value unchanged: concrete, same dtype and weak type as f's", async () => {
    await fc.assert(
      fc.asyncProperty(vec(3), async (xs) => {
        const f = (a: JaxArray) => jnp.sum(jnp.multiply(jnp.sin(a), jnp.exp(a)));
        const x = f64(xs);
        const [value, g] = jax.valueAndGrad(f)(x) as [JaxArray, JaxArray];
        const direct = f(x);
        expect(value).toBeInstanceOf(ArrayImpl);
        expect(value.aval.str()).toBe(direct.aval.str());
        expect(await host(value)).toEqual(await host(direct));
        expectClose(await host(g), await host(jax.grad(f)(x)), 0, 0, "same gradient as grad");
      }),
      { numRuns: 3 },
    );
    const f32 = arrayFromHost([0.5], [], "float32");
    const [v32] = jax.valueAndGrad((a: JaxArray) => jnp.multiply(a, 2))(f32) as [JaxArray];
    expect([v32.dtype, v32.weakType]).toEqual(["float32", false]);
  });

  it("a function that ignores its input has a zero gradient of the input's shape", async () => {
    const x = f64([1, 2, 3]);
    const g = jax.grad(() => 3)(x) as JaxArray;
    expect(g.shape).toEqual([3]);
    expect(await host(g)).toEqual([0, 0, 0]);
  });

  it("hasAux keeps aux values concrete, including non-array leaves", async () => {
    const [[value, aux], g] = jax.valueAndGrad((a: JaxArray) => [jnp.sum(a), { s: jnp.sin(a), k: 3, name: "aux", none: null }], { hasAux: true })(f64([0.5])) as [
      [JaxArray, { s: JaxArray; k: number; name: string; none: null }],
      JaxArray,
    ];
    expect(await host(value)).toEqual([0.5]);
    expect(aux.s).toBeInstanceOf(ArrayImpl);
    expect([aux.k, aux.name, aux.none]).toEqual([3, "aux", null]);
    expect(await host(g)).toEqual([1]);
    expect(() => void jax.grad((a: JaxArray) => jnp.sum(a), { hasAux: true })(f64([1]))).toThrow(/\[output, aux\]/);
  });
});

describe("vmap passes unmapped arguments through unchanged, as JAX does", () => {
  it("JS numbers, strings, functions and concrete arrays with a null axis reach f as they are", async () => {
    const x = f64([0.3, -0.5, 0.8]);
    const repeated = jax.vmap(
      (a: JaxArray, n: number, act: string) => {
        let y = a;
        for (let i = 0; i < n; i++) y = act === "sin" ? jnp.sin(y) : jnp.cos(y);
        return y;
      },
      { inAxes: [0, null, null] },
    )(x, 2, "sin") as JaxArray;
    expectClose(await host(repeated), (await host(x)).map((v) => Math.sin(Math.sin(v))), 1e-15, 0, "number and string");
    const staticJit = jax.jit((a: JaxArray, k: number) => jnp.multiply(a, k), { staticArgnums: 1 });
    expectClose(await host(jax.vmap(staticJit, { inAxes: [0, null] })(x, 3)), (await host(x)).map((v) => 3 * v), 1e-15, 0, "jit static argument");
    // A concrete unmapped argument can be read inside vmap (float64 lives on the CPU, which reads synchronously).
    const concrete = jax.vmap((a: JaxArray, k: JaxArray) => jnp.multiply(a, (k as ArrayImpl).itemSync()), { inAxes: [0, null] })(x, f64([2], [])) as JaxArray;
    expectClose(await host(concrete), (await host(x)).map((v) => 2 * v), 1e-15, 0, "concrete unmapped array");
    const withFn = jax.vmap((p: { a: JaxArray; f: (v: JaxArray) => JaxArray }) => p.f(p.a), { inAxes: [{ a: 0, f: null }] })({ a: x, f: jnp.cos }) as JaxArray;
    expectClose(await host(withFn), (await host(x)).map(Math.cos), 1e-15, 0, "function leaf");
    expect(() => void jax.vmap((s: string) => s)("abc")).toThrow(/is mapped .* but is not an array/);
  });
});
