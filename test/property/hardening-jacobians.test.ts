// Adversarial tests of jacfwd, jacrev and hessian: pytree inputs and outputs, argnums lists,
// hasAux (aux comes back concrete and the function runs once), numbers and integers as outputs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import { arrayFromHost, ArrayImpl } from "../../src/array.js";
import { typecheckJaxpr } from "../../src/tracing/jaxpr.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { expectClose } from "../util/close.js";
import { values as host } from "../util/read.js";

const { numpy: jnp } = jax;
const f64 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "float64");
const vec = (n: number) => fc.array(fc.double({ min: -1.5, max: 1.5, noNaN: true }), { minLength: n, maxLength: n });

interface In {
  a: JaxArray;
  b: [JaxArray, null];
}
interface Out {
  u: JaxArray;
  v: [JaxArray];
}

/** R^2 x R -> R^2 x R, as pytrees. */
const f = (p: In): Out => ({
  u: jnp.multiply(jnp.sin(p.a), p.b[0]),
  v: [jnp.sum(jnp.multiply(p.a, jnp.exp(p.b[0])))],
});

/** The same function on a flat vector [a0, a1, b], with its outputs flattened [u0, u1, v]. */
function flatRef(z: number[]): number[] {
  const [a0, a1, b] = z as [number, number, number];
  return [Math.sin(a0) * b, Math.sin(a1) * b, (a0 + a1) * Math.exp(b)];
}

function numericJac(g: (z: number[]) => number[], z: number[], eps = 1e-6): number[][] {
  const cols = z.map((_, j) => {
    const up = [...z];
    const down = [...z];
    up[j]! += eps;
    down[j]! -= eps;
    const gu = g(up);
    const gd = g(down);
    return gu.map((v, i) => (v - gd[i]!) / (2 * eps));
  });
  return g(z).map((_, i) => z.map((__, j) => cols[j]![i]!));
}

describe("jacobians of pytree functions", () => {
  it("jacfwd and jacrev have JAX's nested layout (outputs outside, inputs inside) and agree with central differences", async () => {
    await fc.assert(
      fc.asyncProperty(vec(3), async (z) => {
        const p: In = { a: f64(z.slice(0, 2)), b: [f64([z[2]!], []), null] };
        const want = numericJac(flatRef, z);
        for (const jac of [jax.jacfwd, jax.jacrev]) {
          const j = jac(f)(p) as { u: In; v: [In] };
          expect(j.u.a.shape).toEqual([2, 2]);
          expect(j.u.b[0].shape).toEqual([2]);
          expect(j.u.b[1]).toBeNull();
          expect(j.v[0].a.shape).toEqual([2]);
          expect(j.v[0].b[0].shape).toEqual([]);
          const [ua, ub] = [await host(j.u.a), await host(j.u.b[0])];
          const rowsU = [0, 1].map((i) => [...ua.slice(2 * i, 2 * i + 2), ub[i]!]);
          const rowV = [...await host(j.v[0].a), ...await host(j.v[0].b[0])];
          expectClose([...rowsU.flat(), ...rowV], want.flat(), 1e-6, 1e-6, jac.name);
        }
      }),
      { numRuns: 3 },
    );
  });

  it("argnums lists give one jacobian per argument; hessian with argnums gives the nested blocks", async () => {
    const g = (a: JaxArray, s: number, b: JaxArray) => jnp.sum(jnp.multiply(jnp.multiply(a, a), jnp.multiply(b, s)));
    const a = f64([1, 2]);
    const b = f64([3, 4]);
    for (const jac of [jax.jacfwd, jax.jacrev]) {
      const [ja, jb] = jac(g, { argnums: [0, 2] })(a, 5, b) as [JaxArray, JaxArray];
      expectClose(await host(ja), [30, 80], 0, 0, `${jac.name} d/da`);
      expectClose(await host(jb), [5, 20], 0, 0, `${jac.name} d/db`);
    }
    const h = jax.hessian(g, { argnums: [0, 2] })(a, 5, b) as [[JaxArray, JaxArray], [JaxArray, JaxArray]];
    expectClose(await host(h[0][0]), [30, 0, 0, 40], 0, 0, "d2/da2");
    expectClose(await host(h[0][1]), [10, 0, 0, 20], 0, 0, "d2/dadb");
    expectClose(await host(h[1][1]), [0, 0, 0, 0], 0, 0, "d2/db2");
  });

  it("hasAux returns concrete aux (not tracers) and runs the function once", async () => {
    const x = f64([0.3, -0.5, 0.8]);
    for (const jac of [jax.jacfwd, jax.jacrev]) {
      let calls = 0;
      const [j, aux] = jac(
        (a: JaxArray) => {
          calls++;
          return [jnp.sin(a), { c: jnp.cos(a), n: 3, none: null }];
        },
        { hasAux: true },
      )(x) as [JaxArray, { c: JaxArray; n: number; none: null }];
      expect(calls, `${jac.name} traces the function once`).toBe(1);
      expect(j.shape).toEqual([3, 3]);
      expect(aux.c).toBeInstanceOf(ArrayImpl);
      expect(jax.isTracer(aux.c)).toBe(false);
      expectClose(await host(aux.c), (await host(x)).map(Math.cos), 1e-15, 0, `${jac.name} aux`);
      expect([aux.n, aux.none]).toEqual([3, null]);
    }
    const [h, aux] = jax.hessian((a: JaxArray) => [jnp.sum(jnp.multiply(a, a)), jnp.sin(a)], { hasAux: true })(x) as [JaxArray, JaxArray];
    expectClose(await host(h), [2, 0, 0, 0, 2, 0, 0, 0, 2], 0, 0, "hessian");
    expect(aux).toBeInstanceOf(ArrayImpl);
    const [jb, auxB] = jax.vmap(jax.jacrev((a: JaxArray) => [jnp.sin(a), jnp.cos(a)], { hasAux: true }))(f64([1, 2, 3, 4], [2, 2])) as [JaxArray, JaxArray];
    expect(jb.shape).toEqual([2, 2, 2]);
    expectClose(await host(auxB), [1, 2, 3, 4].map(Math.cos), 1e-15, 0, "vmapped aux");
  });

  it("outputs that are JS numbers or independent of the input have zero jacobians", async () => {
    const x = f64([1, 2, 3]);
    for (const jac of [jax.jacfwd, jax.jacrev]) {
      expect(await host(jac(() => 3)(x))).toEqual([0, 0, 0]);
      const j = jac((a: JaxArray) => [jnp.sin(a), f64([1, 2])])(x) as [JaxArray, JaxArray];
      expect(j[1].shape).toEqual([2, 3]);
      expect(await host(j[1])).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });

  it("the jaxprs of jacobians, hessians and their vmaps typecheck", () => {
    const x = f64([0.3, -0.5, 0.8]);
    const h = (a: JaxArray) => jnp.sum(jnp.multiply(jnp.sin(a), jnp.exp(a)));
    for (const fn of [jax.jacfwd(f), jax.jacrev(f)]) typecheckJaxpr(jax.makeJaxpr(fn)({ a: f64([1, 2]), b: [f64([3], []), null] }).jaxpr);
    for (const fn of [jax.hessian(h), jax.jacrev(jax.jacrev(h)), jax.vmap(jax.hessian(h))]) {
      typecheckJaxpr(jax.makeJaxpr(fn)(x).jaxpr);
    }
  });
});
