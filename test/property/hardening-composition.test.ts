// Every transform stack over every higher-order primitive, against central differences at random
// points: grad, jit(grad), grad(jit), jacrev, vmap(grad), grad(vmap), linearize, a reused vjp,
// jacfwd, vmap(jvp), and second derivatives; every jaxpr the stacks produce typechecks.
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
const s64 = (v: number) => f64([v], []);
type Fn = (x: JaxArray) => JaxArray;

const exactSin = jax.customJvp((y: JaxArray) => jnp.sin(y)).defjvp(([y]: [JaxArray], [t]: [JaxArray]) => [jnp.sin(y), jnp.multiply(t, jnp.cos(y))]);
const exactSinVjp = jax.customVjp((y: JaxArray) => jnp.sin(y)).defvjp(
  (y) => [jnp.sin(y as JaxArray), jnp.cos(y as JaxArray)],
  (c: JaxArray, g: JaxArray) => [jnp.multiply(g, c)],
);

/** R^3 -> R functions, one per higher-order primitive (and some nestings of them). */
const reverseModeFns: Record<string, Fn> = {
  scan: (x) => {
    const [c, ys] = lax.scan<JaxArray, JaxArray, JaxArray>((c, xj) => [jnp.add(jnp.multiply(jnp.sin(c), xj), jnp.cos(jnp.multiply(c, xj))), jnp.multiply(c, c)], jnp.sum(x), x);
    return jnp.add(c, jnp.sum(ys));
  },
  reverseScan: (x) => {
    const [c, ys] = lax.scan<JaxArray, JaxArray, JaxArray>((c, xj) => [jnp.multiply(c, jnp.sin(xj)), jnp.multiply(c, xj)], s64(1), x, { reverse: true });
    return jnp.add(c, jnp.sum(jnp.multiply(ys, ys)));
  },
  cond: (x) => lax.cond(jnp.greater(jnp.sum(x), 0), (y: JaxArray) => jnp.sum(jnp.sin(jnp.multiply(y, y))), (y: JaxArray) => jnp.sum(jnp.exp(y)), x) as JaxArray,
  switch: (x) => lax.switch(jnp.sum(x).astype("int32"), [(y: JaxArray) => jnp.sum(jnp.sin(y)), (y: JaxArray) => jnp.prod(y), (y: JaxArray) => jnp.sum(jnp.exp(y))], x) as JaxArray,
  jit: (x) => jax.jit((y: JaxArray) => jnp.sum(jnp.multiply(jnp.sin(y), jnp.exp(y))))(x) as JaxArray,
  checkpoint: (x) => jnp.sum(jax.checkpoint((y: JaxArray) => jnp.sin(jnp.sin(jnp.multiply(y, y))))(x) as JaxArray),
  checkpointAroundScan: (x) => {
    const [c, ys] = jax.checkpoint((y: JaxArray) => lax.scan<JaxArray, JaxArray, JaxArray>((k, xj) => [jnp.multiply(jnp.sin(k), xj), jnp.cos(k)], jnp.sum(y), y))(x) as [JaxArray, JaxArray];
    return jnp.add(c, jnp.sum(ys));
  },
  customJvp: (x) => jnp.sum(exactSin(jnp.multiply(x, x)) as JaxArray),
  customVjp: (x) => jnp.sum(exactSinVjp(jnp.multiply(x, x)) as JaxArray),
  foriLoop: (x) => lax.foriLoop(0, 3, (_i, v: JaxArray) => jnp.sum(jnp.sin(jnp.multiply(v, x))), jnp.sum(x)),
  nested: (x) => jnp.sum(jax.vmap((r: JaxArray) => jax.jit((q: JaxArray) => lax.scan<JaxArray, JaxArray, null>((c, xj) => [jnp.multiply(c, jnp.sin(xj)), null], q, x)[0])(r) as JaxArray)(x) as JaxArray),
};

/** Forward mode only: reverse mode through a dynamic trip count is not possible. */
const forwardModeFns: Record<string, Fn> = {
  whileLoop: (x) => lax.whileLoop<[JaxArray, JaxArray]>(([i]) => jnp.less(i, 3), ([i, v]) => [jnp.add(i, 1), jnp.sin(jnp.multiply(v, x))], [0, x])[1].sum(),
};

/** Points where a function is smooth: away from cond's and switch's branch boundaries. */
const smoothAt: Record<string, (x: number[]) => boolean> = {
  cond: (x) => Math.abs(x.reduce((a, b) => a + b, 0)) > 1e-3,
  switch: (x) => {
    const s = x.reduce((a, b) => a + b, 0);
    return Math.abs(s - Math.round(s)) > 1e-3;
  },
};

function numericGrad(f: Fn, at: number[], eps = 1e-6): Promise<number[]> {
  return Promise.all(at.map(async (_, i) => {
    const up = [...at];
    const down = [...at];
    up[i]! += eps;
    down[i]! -= eps;
    return ((await host(f(f64(up))))[0]! - (await host(f(f64(down))))[0]!) / (2 * eps);
  }));
}

const unit = (i: number) => f64([0, 1, 2].map((j) => (i === j ? 1 : 0)));
const basis = f64([1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 3]);

function firstOrderStacks(f: Fn, reverse: boolean, forwardMode: boolean): Record<string, (x: number[]) => Promise<number[]>> {
  const forward: Record<string, (x: number[]) => Promise<number[]>> = !forwardMode ? {} : {
    jacfwd: async (x) => await host(jax.jacfwd(f)(f64(x))),
    "jit(jacfwd)": async (x) => await host(jax.jit(jax.jacfwd(f))(f64(x))),
    "vmap(jvp)": async (x) => await host(jax.vmap((t: JaxArray) => jax.jvp(f, [f64(x)], [t])[1])(basis)),
  };
  if (!reverse) return forward;
  return {
    ...forward,
    grad: async (x) => await host(jax.grad(f)(f64(x))),
    "jit(grad)": async (x) => await host(jax.jit(jax.grad(f))(f64(x))),
    "grad(jit)": async (x) => await host(jax.grad(jax.jit(f))(f64(x))),
    jacrev: async (x) => await host(jax.jacrev(f)(f64(x))),
    "vmap(grad)": async (x) => (await host(jax.vmap(jax.grad(f))(f64([...x, ...x], [2, 3])))).slice(3),
    "grad(sum(vmap))": async (x) => (await host(jax.grad((b: JaxArray) => jnp.sum(jax.vmap(f)(b) as JaxArray))(f64([...x, ...x], [2, 3])))).slice(0, 3),
    ...(!forwardMode
      ? {}
      : {
          linearize: (x: number[]) => {
            const [, fJvp] = jax.linearize(f, f64(x));
            return Promise.all([0, 1, 2].map(async (i) => (await host(fJvp(unit(i))))[0]!));
          },
        }),
    "vjp reused": async (x) => {
      const [, pullback] = jax.vjp(f, f64(x));
      pullback(s64(2));
      return await host(pullback(s64(1))[0]);
    },
  };
}

const point = fc.array(fc.double({ min: -0.9, max: 0.9, noNaN: true }), { minLength: 3, maxLength: 3 });

describe("first-order transform stacks against central differences", () => {
  for (const [name, f] of Object.entries({ ...reverseModeFns, ...forwardModeFns })) {
    const reverse = name in reverseModeFns;
    it(name, async () => {
      await fc.assert(
        fc.asyncProperty(point, async (x) => {
          fc.pre(smoothAt[name]?.(x) ?? true);
          const want = await numericGrad(f, x);
          // customVjp functions have no forward mode (as in JAX).
          for (const [stack, run] of Object.entries(firstOrderStacks(f, reverse, name !== "customVjp"))) expectClose(await run(x), want, 1e-6, 1e-5, `${name}: ${stack}`);
        }),
        { numRuns: 2 },
      );
    });
  }
});

describe("second derivatives against central differences of the first", () => {
  for (const [name, f] of Object.entries({ ...reverseModeFns, ...forwardModeFns })) {
    const reverse = name in reverseModeFns;
    it(name, async () => {
      const x = [0.3, -0.4, 0.7];
      const first = (a: JaxArray) => (reverse ? jax.grad(f)(a) : jax.jacfwd(f)(a)) as JaxArray;
      const eps = 1e-5;
      const rows = await Promise.all(x.map(async (_, i) => {
        const up = [...x];
        const down = [...x];
        up[i]! += eps;
        down[i]! -= eps;
        const gu = await host(first(f64(up)));
        const gd = await host(first(f64(down)));
        return gu.map((v, k) => (v - gd[k]!) / (2 * eps));
      }));
      const want = rows.flat();
      // customVjp functions have no forward mode; reverse over reverse is their second order.
      const stacks: Fn[] = name === "customVjp" ? [jax.jacrev(jax.grad(f))] : reverse ? [jax.hessian(f), jax.jacrev(jax.grad(f)), jax.jacrev(jax.jacfwd(f))] : [jax.jacfwd(jax.jacfwd(f))];
      for (const h of stacks) {
        expectClose(await host(h(f64(x))), want, 1e-5, 1e-4, `${name} second order`);
        typecheckJaxpr(jax.makeJaxpr(h)(f64(x)).jaxpr);
      }
      if (reverse) typecheckJaxpr(jax.makeJaxpr(jax.vmap(jax.grad(f)))(f64([...x, ...x], [2, 3])).jaxpr);
      expect(want.length).toBe(9);
    });
  }
});
