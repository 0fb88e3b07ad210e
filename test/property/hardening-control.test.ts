// Adversarial tests of control flow under transforms: scan of any length (0 included) against a
// JS loop, vmap at every batch axis, carries that become batched late, predicates batched or not,
// closures over differentiated values, higher-order derivatives, weakly typed carries.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import { arrayFromHost } from "../../src/array.js";
import { typecheckJaxpr } from "../../src/tracing/jaxpr.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { expectClose } from "../util/close.js";
import { values as host } from "../util/read.js";

const { lax, numpy: jnp } = jax;
const f64 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "float64");
const f32 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "float32");
const i32 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "int32");
const s64 = (v: number) => f64([v], []);
const num = async (x: unknown) => (await host(x))[0]!;
const small = fc.double({ min: -1.5, max: 1.5, noNaN: true });

/** The scan under test: carry c, per-step x; closes over w. */
function scanned(w: JaxArray, c0: JaxArray, xs: JaxArray): [JaxArray, JaxArray] {
  return lax.scan<JaxArray, JaxArray, JaxArray>((c, x) => [jnp.add(jnp.multiply(jnp.sin(c), x), w), jnp.multiply(c, x)], c0, xs, { length: xs.shape[0] });
}

function loop(w: number, c0: number, xs: number[]): [number, number[]] {
  let c = c0;
  const ys: number[] = [];
  for (const x of xs) {
    ys.push(c * x);
    c = Math.sin(c) * x + w;
  }
  return [c, ys];
}

/** Central differences of a scalar function of several scalars. */
function numericGrad(f: (...xs: number[]) => number, at: number[], eps = 1e-6): number[] {
  return at.map((_, i) => {
    const up = [...at];
    const down = [...at];
    up[i]! += eps;
    down[i]! -= eps;
    return (f(...up) - f(...down)) / (2 * eps);
  });
}

describe("scan of any length, 0 included, against a JS loop", () => {
  it("values, grad with respect to closed-over, initial and per-step values, and vmap", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(small, { minLength: 0, maxLength: 5 }), small, small, async (xs, w, c0) => {
        const [c, ys] = scanned(s64(w), s64(c0), f64(xs));
        const [wantC, wantYs] = loop(w, c0, xs);
        expectClose(await host(c), [wantC], 1e-12, 1e-12, "carry");
        expect(ys.shape).toEqual([xs.length]);
        expectClose(await host(ys), wantYs, 1e-12, 1e-12, "ys");

        const objective = (wa: JaxArray, ca: JaxArray, xa: JaxArray) => {
          const [cc, yy] = scanned(wa, ca, xa);
          return jnp.add(cc, jnp.sum(yy));
        };
        const [gw, gc, gx] = jax.grad(objective, { argnums: [0, 1, 2] })(s64(w), s64(c0), f64(xs)) as JaxArray[];
        const ref = (...v: number[]) => {
          const [cc, yy] = loop(v[0]!, v[1]!, v.slice(2));
          return cc + yy.reduce((a, b) => a + b, 0);
        };
        expectClose([await num(gw), await num(gc), ...await host(gx)], numericGrad(ref, [w, c0, ...xs]), 1e-6, 1e-6, "grad");

        // vmap over w: the carry is unbatched at first and becomes batched after one step.
        const ws = [w, w + 0.5];
        const batched = jax.vmap((wa: JaxArray) => scanned(wa, s64(c0), f64(xs)))(f64(ws)) as [JaxArray, JaxArray];
        expect(batched[1].shape).toEqual([2, xs.length]);
        for (const [k, wi] of ws.entries()) {
          const [ck, yk] = loop(wi, c0, xs);
          expectClose([(await host(batched[0]))[k]!], [ck], 1e-12, 1e-12, "vmap carry");
          expectClose((await host(batched[1])).slice(k * xs.length, (k + 1) * xs.length), yk, 1e-12, 1e-12, "vmap ys");
        }
      }),
      { numRuns: 6 },
    );
  });

  it("xs batched at any axis, including axis 1 (not the scanned one) and the last", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 3 }), async (axis, len) => {
        const batch = 2;
        const shape = [len, 3];
        shape.splice(axis, 0, batch);
        const data = Array.from({ length: batch * len * 3 }, (_, i) => Math.sin(i + 1));
        const xs = f64(data, shape);
        const f = (x: JaxArray) => {
          const [c, ys] = lax.scan<JaxArray, JaxArray, JaxArray>((c, xi) => [jnp.multiply(c, jnp.cos(xi)), jnp.add(c, xi)], jnp.ones([3], { dtype: "float64" }), x);
          return jnp.add(jnp.sum(c), jnp.sum(jnp.sin(ys)));
        };
        const perExample = jax.vmap(f, { inAxes: axis })(xs) as JaxArray;
        const moved = jnp.moveaxis(xs, axis, 0);
        const want = await Promise.all([0, 1].map((b) => num(f(moved.index(b)))));
        expectClose(await host(perExample), want, 1e-12, 1e-12, `vmap at axis ${axis}`);
        const g = jax.vmap(jax.grad(f), { inAxes: axis, outAxes: axis })(xs) as JaxArray;
        const g2 = jax.grad((x: JaxArray) => jnp.sum(jax.vmap(f, { inAxes: axis })(x) as JaxArray))(xs) as JaxArray;
        expectClose(await host(g), await host(g2), 1e-12, 1e-12, "vmap(grad) vs grad(sum(vmap))");
      }),
      { numRuns: 6 },
    );
  });

  it("length-0 scans keep their ys shapes under vmap, jvp and jit", async () => {
    const empty = f64([], [0, 2]);
    const f = (c0: JaxArray) => lax.scan<JaxArray, JaxArray, JaxArray>((c, x) => [jnp.add(c, jnp.sum(x)), jnp.multiply(x, c)], c0, empty);
    const [c, ys] = jax.vmap(f)(f64([1, 2, 3])) as [JaxArray, JaxArray];
    expect(await host(c)).toEqual([1, 2, 3]);
    expect(ys.shape).toEqual([3, 0, 2]);
    const [[, ysOut], [tc, tys]] = jax.jvp(f, [s64(1)], [s64(1)]) as [[JaxArray, JaxArray], [JaxArray, JaxArray]];
    expect(ysOut.shape).toEqual([0, 2]);
    expect(await num(tc)).toBe(1);
    expect(tys.shape).toEqual([0, 2]);
    expect((jax.jit(f)(s64(4)) as [JaxArray, JaxArray])[1].shape).toEqual([0, 2]);
    expect(await host(jax.grad((a: JaxArray) => f(a)[0])(s64(2)))).toEqual([1]);
  });
});

describe("cond and whileLoop under vmap: batched operands, predicates, or both", () => {
  const pos = (p: JaxArray) => jnp.greater(p, 0);

  it("unbatched predicate with batched operands stays a cond; a batched one becomes select_n", async () => {
    const xs = f64([0.5, -1, 2]);
    const unbatchedPred = (x: JaxArray) => lax.cond(true, (y: JaxArray) => jnp.sin(y), (y: JaxArray) => y, x) as JaxArray;
    expectClose(await host(jax.vmap(unbatchedPred)(xs)), (await host(xs)).map(Math.sin), 1e-12, 1e-12, "unbatched pred");
    const text = jax.makeJaxpr(jax.vmap(unbatchedPred))(xs).toString();
    expect(text).toContain("cond[");
    expect(text).not.toContain("select_n");
    // Batched predicate, unbatched operand, and one branch ignores the operand.
    const batchedPred = (p: JaxArray) => lax.cond(pos(p), (y: JaxArray) => jnp.cos(y), () => s64(7), s64(0.25)) as JaxArray;
    expectClose(await host(jax.vmap(batchedPred)(xs)), [Math.cos(0.25), 7, Math.cos(0.25)], 1e-12, 1e-12, "batched pred");
    expect(jax.makeJaxpr(jax.vmap(batchedPred))(xs).toString()).toContain("select_n");
    // Batched switch index over three branches, out-of-range indices clamped.
    const sw = jax.vmap((i: JaxArray, x: JaxArray) => lax.switch(i, [(y: JaxArray) => y, (y: JaxArray) => jnp.negative(y), () => s64(5)], x) as JaxArray);
    expectClose(await host(sw(i32([-3, 0, 1, 2, 9]), f64([1, 2, 3, 4, 5]))), [1, 2, -3, 5, 5], 0, 0, "switch");
    const gsw = jax.vmap(jax.grad((x: JaxArray, i: JaxArray) => lax.switch(i, [(y: JaxArray) => jnp.multiply(y, y), (y: JaxArray) => jnp.negative(y), () => s64(5)], x) as JaxArray));
    expectClose(await host(gsw(f64([1, 2, 3, 4]), i32([0, 1, 2, -1]))), [2, -1, 0, 8], 0, 0, "grad of switch");
  });

  it("with an unbatched predicate, outputs no branch batches stay unbatched (outAxes null works, as in JAX)", async () => {
    const f = (x: JaxArray) => lax.cond(true, (y: JaxArray) => [jnp.sin(y), s64(1)], (y: JaxArray) => [y, s64(2)], x) as [JaxArray, JaxArray];
    const [batched, shared] = jax.vmap(f, { outAxes: [0, null] })(f64([0.5, -1])) as [JaxArray, JaxArray];
    expect(batched.shape).toEqual([2]);
    expect(shared.shape).toEqual([]);
    expect(await host(shared)).toEqual([1]);
    // jacfwd needs the primal outputs unbatched by its basis vectors.
    const jac = jax.jacfwd((x: JaxArray) => lax.cond(jnp.greater(jnp.sum(x), 0), (y: JaxArray) => jnp.sin(y), (y: JaxArray) => y, x) as JaxArray)(f64([0.5, 0.25])) as JaxArray;
    expectClose(await host(jac), [Math.cos(0.5), 0, 0, Math.cos(0.25)], 1e-15, 0, "jacfwd of cond");
  });

  it("whileLoop with an unbatched predicate and a carry that becomes batched, and with a batched predicate", async () => {
    const ws = f64([0.5, 2, -1]);
    const unbatchedPred = (w: JaxArray) =>
      lax.whileLoop<[JaxArray, JaxArray]>(([i]) => jnp.less(i, 3), ([i, v]) => [jnp.add(i, 1), jnp.multiply(v, w)], [0, s64(1)])[1];
    expectClose(await host(jax.vmap(unbatchedPred)(ws)), (await host(ws)).map((w) => w ** 3), 1e-12, 1e-12, "unbatched pred");
    const [, tangent] = jax.jvp(jax.vmap(unbatchedPred), [ws], [f64([1, 1, 1])]) as [JaxArray, JaxArray];
    expectClose(await host(tangent), (await host(ws)).map((w) => 3 * w * w), 1e-12, 1e-12, "jvp(vmap(while))");
    // Batched limit: the trip count differs per example; the unbatched part of the carry must follow.
    const batchedPred = (n: JaxArray) =>
      lax.whileLoop<[JaxArray, JaxArray]>(([i]) => jnp.less(i, n), ([i, v]) => [jnp.add(i, 1), jnp.multiply(v, 2)], [0, s64(1)])[1];
    expectClose(await host(jax.vmap(batchedPred)(i32([0, 1, 3]))), [1, 2, 8], 0, 0, "batched pred");
    typecheckJaxpr(jax.makeJaxpr(jax.vmap(batchedPred))(i32([0, 1, 3])).jaxpr);
  });
});

describe("nesting and higher order", () => {
  it("jit inside scan inside vmap, under grad, matches central differences", async () => {
    const rows = [
      [0.5, -0.2, 0.3],
      [1.1, 0.4, -0.7],
    ];
    const inner = jax.jit((a: JaxArray, b: JaxArray) => jnp.multiply(jnp.sin(a), b));
    const f = (w: JaxArray) =>
      jnp.sum(jax.vmap((r: JaxArray) => lax.scan<JaxArray, JaxArray, null>((c, x) => [jnp.add(inner(c, x) as JaxArray, jnp.multiply(w, x)), null], w, r)[0])(f64(rows.flat(), [2, 3])) as JaxArray);
    const ref = (w: number) =>
      rows.reduce((acc, r) => {
        let c = w;
        for (const x of r) c = Math.sin(c) * x + w * x;
        return acc + c;
      }, 0);
    expectClose(await host(jax.grad(f)(s64(0.7))), numericGrad(ref, [0.7]), 1e-6, 1e-6, "grad");
    expectClose(await host(jax.grad(jax.grad(f))(s64(0.7))), numericGrad((w) => numericGrad(ref, [w], 1e-4)[0]!, [0.7], 1e-4), 1e-4, 1e-4, "grad of grad");
    typecheckJaxpr(jax.makeJaxpr(jax.grad(f))(s64(0.7)).jaxpr);
  });

  it("third derivatives through scan and cond match finite differences of the second", async () => {
    const f = (w: JaxArray) => {
      const [c] = lax.scan<JaxArray, JaxArray, null>((c, x) => [lax.cond(jnp.greater(x, 0), (z: JaxArray) => jnp.multiply(jnp.sin(z), w), (z: JaxArray) => jnp.exp(jnp.multiply(z, w)), c) as JaxArray, null], w, f64([0.5, -0.3, 0.8]));
      return c;
    };
    const d2 = jax.grad(jax.grad(f));
    const d3 = await num(jax.grad(d2)(s64(0.6)));
    const eps = 1e-5;
    expect(d3).toBeCloseTo((await num(d2(s64(0.6 + eps))) - await num(d2(s64(0.6 - eps)))) / (2 * eps), 4);
  });

  it("closures over the differentiated value in scan, cond, whileLoop (forward mode) and jit bodies", async () => {
    const w0 = 0.7;
    const viaScan = (w: JaxArray) => lax.scan<JaxArray, JaxArray, null>((c, x) => [jnp.multiply(jnp.sin(c), jnp.multiply(w, x)), null], s64(1), f64([1, 2, 3]))[0];
    const refScan = (w: number) => [1, 2, 3].reduce((c, x) => Math.sin(c) * w * x, 1);
    expectClose(await host(jax.grad(viaScan)(s64(w0))), numericGrad(refScan, [w0]), 1e-6, 1e-6, "scan closure");
    const viaCond = (w: JaxArray) => lax.cond(jnp.greater(w, 0), () => jnp.multiply(w, w), () => w) as JaxArray;
    expect(await num(jax.grad(viaCond)(s64(w0)))).toBeCloseTo(2 * w0, 12);
    const viaWhile = (w: JaxArray) => lax.whileLoop<[JaxArray, JaxArray]>(([i]) => jnp.less(i, 3), ([i, v]) => [jnp.add(i, 1), jnp.multiply(v, w)], [0, s64(1)])[1];
    const [, t] = jax.jvp(viaWhile, [s64(w0)], [s64(1)]) as [JaxArray, JaxArray];
    expect(await num(t)).toBeCloseTo(3 * w0 * w0, 12);
    const viaJit = (w: JaxArray) => jax.jit((a: JaxArray) => jnp.multiply(jnp.sin(a), w))(s64(2)) as JaxArray;
    expect(await num(jax.grad(viaJit)(s64(w0)))).toBeCloseTo(Math.sin(2), 12);
    expect(await num(jax.grad(jax.grad(viaScan))(s64(w0)))).toBeCloseTo(numericGrad((w) => numericGrad(refScan, [w], 1e-4)[0]!, [w0], 1e-4)[0]!, 4);
  });
});

describe("lax.map", () => {
  it("maps over the leading axis of a pytree, under grad and vmap, and over zero rows", async () => {
    const xs = { a: f64([1, 2, 3, 4, 5, 6], [3, 2]), b: f64([0.5, -1, 2]) };
    const row = (x: { a: JaxArray; b: JaxArray }) => ({ s: jnp.multiply(jnp.sum(jnp.sin(x.a)), x.b), n: null });
    const out = lax.map(row, xs);
    expect(out.n).toBeNull();
    expectClose(await host(out.s), [0, 1, 2].map((i) => (Math.sin(2 * i + 1) + Math.sin(2 * i + 2)) * [0.5, -1, 2][i]!), 1e-12, 1e-12, "map");
    const g = jax.grad((b: JaxArray) => jnp.sum(lax.map(row, { a: xs.a, b }).s))(xs.b) as JaxArray;
    expectClose(await host(g), [0, 1, 2].map((i) => Math.sin(2 * i + 1) + Math.sin(2 * i + 2)), 1e-12, 1e-12, "grad");
    const batched = jax.vmap((a: JaxArray) => lax.map((r: JaxArray) => jnp.sum(r), a))(f64([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2])) as JaxArray;
    expect(await host(batched)).toEqual([3, 7, 11, 15]);
    expect(lax.map((r: JaxArray) => jnp.sum(r), f64([], [0, 3])).shape).toEqual([0]);
  });
});

describe("weak types across cond branches", () => {
  it("a branch returning a JS number takes the other branches' type, whichever branch comes first", async () => {
    const two = f32([2], []);
    for (const [out, want] of [
      [lax.cond(false, () => two, () => 1), [1]],
      [lax.cond(true, () => two, () => 1), [2]],
      [lax.switch(1, [() => 1, () => two, () => 2.5]), [2]],
    ] as const) {
      const o = out as JaxArray;
      expect([o.dtype, o.weakType, await host(o)]).toEqual(["float32", false, want]);
    }
    const weakOnly = lax.cond(true, () => 1.5, () => 1) as JaxArray;
    expect([weakOnly.dtype, weakOnly.weakType]).toEqual(["float32", true]);
    // Strong types that differ are an error, naming the user's functions.
    expect(() => lax.cond(true, () => f32([1], []), () => i32([1], []))).toThrow(/falseFn returns \(i32\[\]\) but trueFn returns \(f32\[\]\)/);
  });
});

describe("weakly typed and integer carries", () => {
  it("a JS-number initial carry takes the dtype the body promotes it to (JAX users write 0.)", async () => {
    const [c, ys] = lax.scan<JaxArray, JaxArray, JaxArray>((c, x) => [jnp.add(c, x), jnp.multiply(c, 2)], 0, f32([1, 2, 3]));
    expect([c.dtype, c.weakType]).toEqual(["float32", false]);
    expect(await host(c)).toEqual([6]);
    expect(await host(ys)).toEqual([0, 2, 6]);
    const acc = lax.foriLoop(0, 3, (_i, a: JaxArray) => jnp.add(a, f32([0.5], [])), 0);
    expect([acc.dtype, await host(acc)]).toEqual(["float32", [1.5]]);
    const grown = lax.whileLoop<JaxArray>((v) => jnp.less(v, 10), (v) => jnp.add(v, f32([1.5], [])), 0);
    expect([grown.dtype, await host(grown)]).toEqual(["float32", [10.5]]);
    expect(await host(jax.grad((a: JaxArray) => lax.scan<JaxArray, JaxArray, null>((c, x) => [jnp.add(c, jnp.multiply(x, a)), null], 0, f32([1, 2]))[0])(f32([1], [])))).toEqual([3]);
    // A strongly typed carry is the user's declared type: changing it stays an error, as in JAX.
    expect(() => lax.scan((c: JaxArray, x: JaxArray) => [jnp.add(c, x), null], i32([0], []), f32([1, 2]))).toThrow(/same types/);
    // A weak float carry is not narrowed to an integer body result.
    expect(() => lax.scan((c: JaxArray) => [c.astype("int32"), null], 1.5, null, { length: 2 })).toThrow(/same types/);
  });

  it("integer carries ride along under grad, jvp and vmap with zero tangents", async () => {
    const f = (a: JaxArray) => {
      const [[n, v]] = lax.scan<[JaxArray, JaxArray], JaxArray, null>(([k, c], x) => [[jnp.add(k, 1), jnp.multiply(c, x)], null], [i32([0], []), s64(1)], a);
      return [n, v] as const;
    };
    const x = f64([0.5, 2, -1]);
    expectClose(await host(jax.grad((a: JaxArray) => f(a)[1])(x)), [-2, -0.5, 1], 1e-12, 1e-12, "grad");
    const [[n], [tn, tv]] = jax.jvp(f, [x], [f64([1, 0, 0])]) as [[JaxArray], [JaxArray, JaxArray]];
    expect(await host(n)).toEqual([3]);
    expect(await host(tn)).toEqual([0]);
    expect(await host(tv)).toEqual([-2]);
    const [bn] = jax.vmap(f)(f64([1, 2, 3, 4], [2, 2])) as [JaxArray, JaxArray];
    expect(await host(bn)).toEqual([2, 2]);
  });
});

describe("linearize and vjp through scan", () => {
  it("linearize of scan agrees with jvp, and its linear jaxpr typechecks", async () => {
    const f = (a: JaxArray) => scanned(s64(0.3), s64(1), a);
    const x = f64([0.3, -0.5, 0.8]);
    const t = f64([1, -2, 0.5]);
    const [, fJvp] = jax.linearize(f, x);
    const [, want] = jax.jvp(f, [x], [t]) as [unknown, [JaxArray, JaxArray]];
    const got = fJvp(t) as [JaxArray, JaxArray];
    expectClose(await host(got[0]), await host(want[0]), 1e-12, 1e-12, "carry tangent");
    expectClose(await host(got[1]), await host(want[1]), 1e-12, 1e-12, "ys tangent");
    typecheckJaxpr(jax.makeJaxpr((a: JaxArray) => jax.linearize(f, a)[1](a))(x).jaxpr);
  });

  it("a vjp function called several times is linear in its cotangent", async () => {
    const x = f64([0.3, -0.5, 0.8]);
    const [, pullback] = jax.vjp((a: JaxArray) => scanned(s64(0.2), jnp.sum(a), a), x);
    const ct1: [JaxArray, JaxArray] = [s64(1), f64([0, 1, 0])];
    const ct2: [JaxArray, JaxArray] = [s64(-2), f64([1, 0, 3])];
    const g1 = await host(pullback(ct1)[0]);
    const g2 = await host(pullback(ct2)[0]);
    const combined = await host(pullback([jnp.add(jnp.multiply(ct1[0], 3), ct2[0]), jnp.add(jnp.multiply(ct1[1], 3), ct2[1])])[0]);
    expectClose(combined, g1.map((v, i) => 3 * v + g2[i]!), 1e-12, 1e-12, "linearity");
    expectClose(await host(pullback(ct1)[0]), g1, 0, 0, "repeatable");
  });
});
