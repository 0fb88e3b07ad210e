// Gauss-Newton as users write it (examples/gauss-newton.ts): vmap(jacrev(f)) per-example
// Jacobians, checked against a loop of jacfwd, and against the exact Hessian of the
// cross-entropy for a model that is linear in its parameters.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { numpy as jnp, nn } from "../src/index.js";
import { arrayFromHost } from "../src/array.js";
import { gaussNewton, makeMlp } from "../examples/gauss-newton.js";
import { expectClose } from "./util/close.js";
import { values as host } from "./util/read.js";

const rand = (n: number, seed: number) => {
  let s = seed;
  return Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
};

describe("Gauss-Newton matrices", () => {
  it("vmap(jacrev(f)) equals a loop of jacfwd, and G is symmetric positive semidefinite", async () => {
    const { logits, numParams } = makeMlp(3, 4, 3);
    const theta = arrayFromHost(rand(numParams, 7), [numParams], "float64");
    const xs = arrayFromHost(rand(5 * 3, 11), [5, 3], "float64");
    const g = await host(gaussNewton(logits, theta, xs));
    // Independent assembly: per-example jacfwd and plain loops.
    const P = numParams;
    const want = new Array<number>(P * P).fill(0);
    for (let i = 0; i < 5; i++) {
      const x = arrayFromHost((await host(xs)).slice(i * 3, i * 3 + 3), [3], "float64");
      const J = await host(jax.jacfwd((t: jax.Array) => logits(t, x))(theta)); // [C, P]
      const z = await host(logits(theta, x));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      const p = e.map((v) => v / s);
      for (let a = 0; a < P; a++)
        for (let b = 0; b < P; b++) {
          let acc = 0;
          for (let c = 0; c < 3; c++) for (let d = 0; d < 3; d++) acc += J[c * P + a]! * ((c === d ? p[c]! : 0) - p[c]! * p[d]!) * J[d * P + b]!;
          want[a * P + b] = want[a * P + b]! + acc;
        }
    }
    expectClose(g, want, 1e-10, 1e-8, "G");
    for (let a = 0; a < P; a++) for (let b = 0; b < P; b++) expect(Math.abs(g[a * P + b]! - g[b * P + a]!)).toBeLessThan(1e-10);
    const v = rand(P, 3);
    const quad = v.reduce((acc, va, a) => acc + va * v.reduce((s2, vb, b) => s2 + g[a * P + b]! * vb, 0), 0);
    expect(quad).toBeGreaterThanOrEqual(-1e-10);
  });

  it("for a model linear in its parameters, G equals the Hessian of the summed cross-entropy", async () => {
    const C = 3;
    const D = 2;
    const logits = (theta: jax.Array, x: jax.Array) => jnp.matmul(theta.reshape([C, D]), x);
    const theta = arrayFromHost(rand(C * D, 5), [C * D], "float64");
    const xs = arrayFromHost(rand(4 * D, 9), [4, D], "float64");
    const labels = arrayFromHost([0, 2, 1, 2], [4], "int32");
    const loss = (t: jax.Array) => {
      const z = jax.vmap((x: jax.Array) => logits(t, x))(xs) as jax.Array;
      return jnp.sum(jnp.negative(jnp.takeAlongAxis(nn.logSoftmax(z), jnp.expandDims(labels, 1), 1)));
    };
    expectClose(await host(gaussNewton(logits, theta, xs)), await host(jax.hessian(loss)(theta)), 1e-10, 1e-8, "G vs Hessian");
  });
});
