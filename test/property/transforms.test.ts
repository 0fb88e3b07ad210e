// Composition of transforms, in the spirit of JAX's api_test: every transform with every other.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import { arrayFromHost } from "../../src/array.js";
import { typecheckJaxpr } from "../../src/tracing/jaxpr.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { expectClose } from "../util/close.js";
import { scalarOf, values as host } from "../util/read.js";

const { lax } = jax;
const f64 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "float64");
const vec = (n: number) => fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: n, maxLength: n });

/** A smooth scalar function of a vector, built from several primitives. */
function f(x: JaxArray): JaxArray {
  const y = lax.mul(lax.sin(x), lax.exp(lax.mul(x, lax.cos(x))));
  return lax.reduceSum(lax.mul(y, y), [0]);
}

/** A vector function (R^3 -> R^3). */
function g(x: JaxArray): JaxArray {
  return lax.mul(lax.sin(x), lax.reduceSum(lax.exp(x), [0]).reshape([1]).mul(f64([1, 1, 1])));
}

describe("transform composition", () => {
  it("grad(jit(f)) == jit(grad(f)) == grad(f)", async () => {
    await fc.assert(
      fc.asyncProperty(vec(4), async (xs) => {
        const x = f64(xs);
        const a = await host(jax.grad(jax.jit(f))(x));
        const b = await host(jax.jit(jax.grad(f))(x));
        const c = await host(jax.grad(f)(x));
        expectClose(a, c, 1e-12, 1e-12, "grad(jit)");
        expectClose(b, c, 1e-12, 1e-12, "jit(grad)");
      }),
      { numRuns: 5 },
    );
  });

  it("jacfwd(f) == jacrev(f)", async () => {
    await fc.assert(
      fc.asyncProperty(vec(3), async (xs) => {
        const x = f64(xs);
        expectClose(await host(jax.jacfwd(g)(x)), await host(jax.jacrev(g)(x)), 1e-12, 1e-10, "jacobians");
      }),
      { numRuns: 5 },
    );
  });

  it("hessian is symmetric, equals jacfwd(jacrev(f)) and jacrev(jacfwd(f))", async () => {
    await fc.assert(
      fc.asyncProperty(vec(3), async (xs) => {
        const x = f64(xs);
        const h = await host(jax.hessian(f)(x));
        const n = 3;
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(h[i * n + j]! - h[j * n + i]!)).toBeLessThan(1e-9);
        expectClose(await host(jax.jacrev(jax.jacfwd(f))(x)), h, 1e-10, 1e-9, "jacrev(jacfwd)");
      }),
      { numRuns: 4 },
    );
  });

  it("forward-over-reverse Hessian-vector products equal hessian @ v", async () => {
    const x = f64([0.3, -0.7, 1.1]);
    const v = f64([1, 2, -1]);
    const [, hvp] = jax.jvp(jax.grad(f), [x], [v]) as [JaxArray, JaxArray];
    const h = await host(jax.hessian(f)(x));
    const vv = await host(v);
    const want = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + h[i * 3 + j]! * vv[j]!, 0));
    expectClose(await host(hvp), want, 1e-10, 1e-9, "hvp");
  });

  it("vmap(grad(f)) equals a loop of grad(f), at either batch axis", async () => {
    const rows = [
      [0.1, 0.2, 0.3],
      [-1, 0.5, 2],
    ];
    const batch = f64(rows.flat(), [2, 3]);
    const out = await host(jax.vmap(jax.grad(f))(batch));
    const loop = (await Promise.all(rows.map((r) => host(jax.grad(f)(f64(r)))))).flat();
    expectClose(out, loop, 1e-12, 1e-12, "vmap(grad)");
    const transposed = f64([0.1, -1, 0.2, 0.5, 0.3, 2], [3, 2]);
    expectClose(await host(jax.vmap(jax.grad(f), { inAxes: 1 })(transposed)), loop, 1e-12, 1e-12, "inAxes=1");
  });

  it("grad(grad(f)) matches central differences of grad(f)", async () => {
    const h = (s: JaxArray) => lax.mul(lax.sin(lax.mul(s, s)), lax.exp(s));
    const x = 0.7;
    const d2 = await scalarOf(jax.grad(jax.grad(h))(f64([x], [])));
    const d1 = (t: number) => scalarOf(jax.grad(h)(f64([t], [])));
    expect(d2).toBeCloseTo(((await d1(x + 1e-6)) - (await d1(x - 1e-6))) / 2e-6, 5);
  });

  it("vmap with inAxes null, pytree prefixes, outAxes and axisSize", async () => {
    const w = f64([1, 2, 3]);
    const xs = f64([1, 2, 3, 4, 5, 6], [2, 3]);
    const out = jax.vmap((p: { w: JaxArray; b: JaxArray }, x: JaxArray) => lax.add(lax.mul(p.w, x), p.b), {
      inAxes: [{ w: null, b: null }, 0],
      outAxes: 1,
    })({ w, b: f64([0, 0, 1]) }, xs) as JaxArray;
    expect(out.shape).toEqual([3, 2]);
    expectClose(await host(out), [1, 4, 4, 10, 10, 19], 0, 0, "outAxes=1");
    const made = jax.vmap(() => f64([7]), { axisSize: 3 })() as JaxArray;
    expect(made.shape).toEqual([3, 1]);
    const nested = jax.vmap(jax.vmap((a: JaxArray) => lax.mul(a, a)))(xs) as JaxArray;
    expectClose(await host(nested), [1, 4, 9, 16, 25, 36], 0, 0, "nested vmap");
    expect(() => jax.vmap((a: JaxArray, b: JaxArray) => lax.add(a, b))(f64([1, 2]), f64([1, 2, 3]))).toThrow(/inconsistent sizes/);
  });

  it("grad with argnums, hasAux, valueAndGrad, and pytree arguments", async () => {
    const loss = (p: { a: JaxArray; b: JaxArray }, x: JaxArray) => lax.reduceSum(lax.mul(lax.mul(p.a, x), p.b), [0]);
    const p = { a: f64([1, 2]), b: f64([3, 4]) };
    const x = f64([5, 6]);
    const gp = jax.grad(loss)(p, x) as { a: JaxArray; b: JaxArray };
    expectClose(await host(gp.a), [15, 24], 0, 0, "d/da");
    expectClose(await host(gp.b), [5, 12], 0, 0, "d/db");
    const [gp2, gx] = jax.grad(loss, { argnums: [0, 1] })(p, x) as [unknown, JaxArray];
    expect(gp2).toBeTypeOf("object");
    expectClose(await host(gx), [3, 8], 0, 0, "d/dx");
    const [[value, aux], gAux] = jax.valueAndGrad((y: JaxArray) => [lax.reduceSum(lax.mul(y, y), [0]), { twice: lax.mul(y, f64([2, 2])) }], { hasAux: true })(x) as [[JaxArray, { twice: JaxArray }], JaxArray];
    expect(await scalarOf(value)).toBe(61);
    expectClose(await host(aux.twice), [10, 12], 0, 0, "aux");
    expectClose(await host(gAux), [10, 12], 0, 0, "grad with aux");
    expect(() => jax.grad((y: JaxArray) => y)(x)).toThrow(/scalar/);
    expect(() => jax.grad((y: JaxArray) => lax.reduceSum(y, [0]))(arrayFromHost([1, 2], [2], "int32"))).toThrow(/floating-point/);
  });

  it("linearize agrees with jvp; linearTranspose transposes; evalShape computes nothing", async () => {
    const x = f64([0.2, 0.4, 0.6]);
    const t = f64([1, -1, 0.5]);
    const [y, fJvp] = jax.linearize(g, x);
    const [y2, t2] = jax.jvp(g, [x], [t]) as [JaxArray, JaxArray];
    expectClose(await host(y), await host(y2), 0, 0, "linearize primal");
    expectClose(await host(fJvp(t)), await host(t2), 1e-12, 1e-12, "linearize tangent");
    const [ct] = jax.linearTranspose((v: JaxArray) => lax.mul(v, f64([2, 3, 4])), x)(f64([1, 1, 1])) as [JaxArray];
    expectClose(await host(ct), [2, 3, 4], 0, 0, "linearTranspose");
    const shape = jax.evalShape(g, new jax.ShapeDtypeStruct([3], "float64")) as jax.ShapeDtypeStruct;
    expect(shape.shape).toEqual([3]);
    expect(shape.dtype).toBe("float64");
  });

  it("stopGradient blocks derivatives; checkpoint keeps values and gradients", async () => {
    const x = f64([0.5, 1.5]);
    const sg = jax.grad((y: JaxArray) => lax.reduceSum(lax.mul(lax.stopGradient(y), y), [0]))(x);
    expectClose(await host(sg), await host(x), 0, 0, "stop_gradient");
    expectClose(await host(jax.grad(jax.checkpoint(f))(x)), await host(jax.grad(f)(x)), 1e-12, 1e-12, "checkpoint grad");
    const text = jax.makeJaxpr(jax.grad(jax.checkpoint(f)))(x).toString();
    // Two checkpoint calls: the primal one, and the linear one that recomputes sin from the input.
    const calls = text.split("checkpoint[");
    expect(calls.length - 1).toBe(2);
    expect(calls[2]).toContain("= sin ");
  });
});

describe("custom rules", () => {
  it("customJvp rules are used by jvp, grad, vmap and jit", async () => {
    const clipGrad = jax.customJvp((x: JaxArray) => lax.sin(x));
    clipGrad.defjvp(([x], [t]) => [lax.sin(x as JaxArray), lax.mul(t as JaxArray, f64([10, 10]))]);
    const x = f64([0.1, 0.2]);
    expectClose(await host(jax.grad((y: JaxArray) => lax.reduceSum(clipGrad(y) as JaxArray, [0]))(x)), [10, 10], 0, 0, "grad");
    expectClose(await host(jax.jit(jax.grad((y: JaxArray) => lax.reduceSum(clipGrad(y) as JaxArray, [0])))(x)), [10, 10], 0, 0, "jit grad");
    const rows = f64([0.1, 0.2, 0.3, 0.4], [2, 2]);
    expectClose(await host(jax.vmap(jax.grad((y: JaxArray) => lax.reduceSum(clipGrad(y) as JaxArray, [0])))(rows)), [10, 10, 10, 10], 0, 0, "vmap grad");
  });

  it("customVjp bwd is used by grad and vmap(grad); forward mode says what to do", async () => {
    const h = jax.customVjp((x: JaxArray) => lax.sin(x));
    h.defvjp(
      (x) => [lax.sin(x as JaxArray), lax.cos(x as JaxArray)],
      (cosx, ct) => [lax.mul(lax.mul(ct as JaxArray, cosx as JaxArray), f64([2, 2]))],
    );
    const x = f64([0.3, 0.9]);
    const want = (await host(x)).map((v) => 2 * Math.cos(v));
    expectClose(await host(jax.grad((y: JaxArray) => lax.reduceSum(h(y) as JaxArray, [0]))(x)), want, 1e-12, 1e-12, "grad");
    const rows = f64([0.3, 0.9, 0.3, 0.9], [2, 2]);
    expectClose(await host(jax.vmap(jax.grad((y: JaxArray) => lax.reduceSum(h(y) as JaxArray, [0])))(rows)), [...want, ...want], 1e-12, 1e-12, "vmap grad");
    expect(() => jax.jvp(h, [x], [x])).toThrow(/forward-mode/);
  });

  it("checkGrads passes correct functions to second order and catches a wrong custom rule", async () => {
    const x = f64([0.3, -0.4, 0.8]);
    await expect(jax.checkGrads(f, [x], { order: 2 })).resolves.toBeUndefined();
    const wrong = jax.customJvp((y: JaxArray) => lax.sin(y));
    wrong.defjvp(([y], [t]) => [lax.sin(y as JaxArray), lax.mul(t as JaxArray, lax.sin(y as JaxArray))]);
    await expect(jax.checkGrads(wrong, [x], { order: 1, modes: ["fwd"] })).rejects.toThrow(jax.GradientCheckError);
    const wrongVjp = jax.customVjp((y: JaxArray) => lax.sin(y));
    wrongVjp.defvjp(
      (y) => [lax.sin(y as JaxArray), y],
      (y, ct) => [lax.mul(ct as JaxArray, y as JaxArray)],
    );
    await expect(jax.checkGrads(wrongVjp, [x], { order: 1, modes: ["rev"] })).rejects.toThrow(jax.GradientCheckError);
  });
});

describe("control flow under transforms", () => {
  const scanned = (x: JaxArray) => {
    const [c, ys] = lax.scan((carry, xi) => [lax.add(lax.mul(carry, lax.sin(xi as JaxArray)), xi as JaxArray), carry], f64([1], []), x) as [JaxArray, JaxArray];
    return lax.add(c, lax.reduceSum(ys, [0]));
  };

  it("scan: values, grad == jacfwd, second derivatives by finite differences, vmap(grad) == loop", async () => {
    const x = f64([0.3, -0.2, 0.9]);
    expectClose(await host(jax.grad(scanned)(x)), await host(jax.jacfwd(scanned)(x)), 1e-12, 1e-12, "grad vs jacfwd");
    await expect(jax.checkGrads(scanned, [x], { order: 2 })).resolves.toBeUndefined();
    const rows = [
      [0.3, -0.2, 0.9],
      [1, 2, 3],
    ];
    const loop = (await Promise.all(rows.map((r) => host(jax.grad(scanned)(f64(r)))))).flat();
    expectClose(await host(jax.vmap(jax.grad(scanned))(f64(rows.flat(), [2, 3]))), loop, 1e-12, 1e-12, "vmap(grad(scan))");
    expectClose(await host(jax.jit(jax.grad(scanned))(x)), await host(jax.grad(scanned)(x)), 1e-12, 1e-12, "jit(grad(scan))");
    const rev = lax.scan((c, xi) => [lax.add(c, xi as JaxArray), c], f64([0], []), f64([1, 2, 3]), { reverse: true }) as [JaxArray, JaxArray];
    expectClose(await host(rev[1]), [5, 3, 0], 0, 0, "reverse scan ys");
  });

  it("cond: both branches differentiate, second order, batched predicate becomes a select", async () => {
    const c = (x: JaxArray) => lax.cond(lax.reduceSum(x, [0]), (y: JaxArray) => lax.reduceSum(lax.sin(y), [0]), (y: JaxArray) => lax.reduceSum(lax.mul(y, y), [0]), x) as JaxArray;
    expectClose(await host(jax.grad(c)(f64([0.5, 0.25]))), [Math.cos(0.5), Math.cos(0.25)], 1e-12, 1e-12, "true branch");
    await expect(jax.checkGrads(c, [f64([0.5, 0.25])], { order: 2 })).resolves.toBeUndefined();
    const rows = f64([1, 2, -3, 3], [2, 2]);
    const out = jax.vmap((x: JaxArray) => lax.cond(lax.reduceSum(x, [0]), (y: JaxArray) => lax.mul(y, f64([2, 2])), (y: JaxArray) => lax.neg(y), x))(rows);
    expectClose(await host(out), [2, 4, 3, -3], 0, 0, "batched predicate");
    expect(jax.makeJaxpr(jax.vmap((x: JaxArray) => lax.cond(lax.reduceSum(x, [0]), (y: JaxArray) => y, (y: JaxArray) => lax.neg(y), x)))(rows).toString()).toContain("select_n");
    const sw = lax.switch(5, [() => f64([0], []), () => f64([1], []), () => f64([2], [])]) as JaxArray;
    expect(await scalarOf(sw)).toBe(2);
  });

  it("whileLoop: values, forward mode, vmap with a batched predicate; reverse mode points to scan", async () => {
    const w = (x: JaxArray) => lax.whileLoop((c) => lax.lt(lax.reduceSum(c, [0]), f64([100], [])), (c) => lax.mul(c, f64([2, 2])), x) as JaxArray;
    expectClose(await host(w(f64([1, 2]))), [64, 128], 0, 0, "while");
    const [, t] = jax.jvp(w, [f64([1, 2])], [f64([1, 0])]) as [JaxArray, JaxArray];
    expectClose(await host(t), [64, 0], 0, 0, "jvp while");
    expectClose(await host(jax.vmap(w)(f64([1, 2, 30, 40], [2, 2]))), [64, 128, 60, 80], 0, 0, "vmap while");
    expect(() => jax.grad((x: JaxArray) => lax.reduceSum(w(x), [0]))(f64([1, 2]))).toThrow(/lax.scan/);
    const fori = (x: JaxArray) => lax.foriLoop(0, 3, (_i, v) => lax.sin(v), x) as JaxArray;
    const x = f64([0.4]);
    expectClose(await host(jax.grad((y: JaxArray) => lax.reduceSum(fori(y), [0]))(x)), await host(jax.jacfwd((y: JaxArray) => lax.reduceSum(fori(y), [0]))(x)), 1e-12, 1e-12, "foriLoop grad");
  });

  it("every jaxpr produced by a transform typechecks", () => {
    const x = f64([0.3, -0.2, 0.9]);
    for (const fn of [jax.grad(scanned), jax.hessian(f), jax.jacrev(g), jax.grad(jax.checkpoint(f))]) {
      typecheckJaxpr(jax.makeJaxpr(fn)(x).jaxpr);
    }
    typecheckJaxpr(jax.makeJaxpr(jax.vmap(jax.grad(f)))(f64([1, 2, 3, 4, 5, 6], [2, 3])).jaxpr);
  });
});

describe("errors inside transforms", () => {
  it("using a traced value as a JS value raises a ConcretizationError naming lax.cond", () => {
    expect(() => jax.jit((x: JaxArray) => (Number(x) > 0 ? x : lax.neg(x)))(f64([1], []))).toThrow(jax.ConcretizationError);
    expect(() => jax.grad((x: JaxArray) => (Number(x) > 0 ? x : lax.neg(x)))(f64([1], []))).toThrow(/lax.cond/);
  });

  it("a tracer that escapes its transform raises a TracerLeakError", () => {
    let leaked: JaxArray | undefined;
    jax.jit((x: JaxArray) => {
      leaked = lax.sin(x);
      return x;
    })(f64([1], []));
    expect(() => lax.cos(leaked!)).toThrow(jax.TracerLeakError);
  });

  it("vmap and jit report the same shape errors as eager code", () => {
    const bad = (x: JaxArray) => lax.add(x, f64([1, 2, 3]));
    const eager = (() => {
      try {
        bad(f64([1, 2]));
      } catch (e) {
        return String(e);
      }
    })();
    expect(eager).toMatch(/add/);
    expect(() => jax.jit(bad)(f64([1, 2]))).toThrow(eager!.replace(/^\w+: /, ""));
    expect(() => jax.vmap(bad)(f64([1, 2, 3, 4], [2, 2]))).toThrow(eager!.replace(/^\w+: /, ""));
  });
});
