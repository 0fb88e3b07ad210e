// L-BFGS: the two-loop recursion against the dense inverse-Hessian recursion it stands for
// (float64, with the ring buffer wrapping), and the full solver on Rosenbrock, jitted.
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import { lbfgs, scaleByLbfgs } from "../../src/optax/lbfgs.js";
import { valueAndGradFromState } from "../../src/optax/linesearch/index.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { expectClose } from "../util/close.js";
import { values } from "../util/read.js";

const jnp = jax.numpy;

type Mat = number[][];
const matVec = (a: Mat, v: number[]) => a.map((r) => r.reduce((s, x, j) => s + x * v[j]!, 0));
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const sub = (a: number[], b: number[]) => a.map((x, i) => x - b[i]!);
const matMul = (a: Mat, b: Mat) => a.map((r) => b[0]!.map((_, j) => r.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
const transpose = (a: Mat) => a[0]!.map((_, j) => a.map((r) => r[j]!));
const outer = (a: number[], b: number[]) => a.map((x) => b.map((y) => x * y));
const eye = (n: number, s = 1) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? s : 0)));
const addM = (a: Mat, b: Mat) => a.map((r, i) => r.map((x, j) => x + b[i]![j]!));

/** P_k u_k from the dense recursion P <- V_j^T P V_j + rho_j s_j s_j^T over the last m pairs. */
function denseDirection(ws: number[][], us: number[][], k: number, m: number): number[] {
  const n = ws[0]!.length;
  const pairs: [number[], number[]][] = [];
  for (let j = Math.max(0, k - m); j < k; j++) pairs.push([sub(ws[j + 1]!, ws[j]!), sub(us[j + 1]!, us[j]!)]);
  let gamma: number;
  if (k === 0) gamma = Math.min(1, 1 / Math.sqrt(dot(us[0]!, us[0]!)));
  else {
    const [s, y] = pairs[pairs.length - 1]!;
    gamma = dot(s, y) / dot(y, y);
  }
  let p = eye(n, gamma);
  for (const [s, y] of pairs) {
    const rho = 1 / dot(y, s);
    const v = addM(
      eye(n),
      outer(y, s).map((r) => r.map((x) => -rho * x)),
    );
    p = addM(
      matMul(transpose(v), matMul(p, v)),
      outer(s, s).map((r) => r.map((x) => rho * x)),
    );
  }
  return matVec(p, us[k]!);
}

describe("scaleByLbfgs", () => {
  it("matches the dense L-BFGS recursion, also once the ring buffer wraps", async () => {
    // gradients of a convex quadratic, so every pair has positive curvature
    const a: Mat = [
      [4, 1, 0.5],
      [1, 3, 0.2],
      [0.5, 0.2, 2],
    ];
    const ws = [
      [1, -2, 0.5],
      [0.4, -1, 0.7],
      [0.1, -0.3, 0.2],
      [-0.2, 0.1, 0.3],
      [0.05, 0.02, -0.1],
      [0.3, -0.2, 0.1],
    ];
    const us = ws.map((w, i) => matVec(a, w).map((g, j) => g + 0.01 * Math.sin(i + j)));
    const m = 2;
    const opt = scaleByLbfgs({ memorySize: m });
    let state = opt.init(jnp.array(ws[0]!, { dtype: "float64" }));
    for (let k = 0; k < ws.length; k++) {
      const [d, s] = opt.update(
        jnp.array(us[k]!, { dtype: "float64" }),
        state,
        jnp.array(ws[k]!, { dtype: "float64" }),
      );
      expectClose(await values(d), denseDirection(ws, us, k, m), 1e-12, 1e-10, `step ${k}`);
      state = s;
    }
    expect(await values(state.count)).toEqual([ws.length]);
  });

  it("without initial scaling starts from the identity", async () => {
    const opt = scaleByLbfgs({ scaleInitPrecond: false });
    const u = jnp.array([3, 4], { dtype: "float64" });
    const [d] = opt.update(u, opt.init(u), jnp.zerosLike(u));
    expectClose(await values(d), [3, 4], 0, 0, "first direction");
    const [d1] = scaleByLbfgs().update(u, opt.init(u), jnp.zerosLike(u));
    expectClose(await values(d1), [0.6, 0.8], 1e-15, 1e-15, "scaled to unit length");
    expect(() => scaleByLbfgs({ memorySize: 0 })).toThrow(/memorySize/);
  });

  it("works on pytrees of parameters", () => {
    const params = {
      w: jnp.array(
        [
          [1, 2],
          [3, 4],
        ],
        { dtype: "float64" },
      ),
      b: jnp.array([0.5], { dtype: "float64" }),
    };
    const opt = scaleByLbfgs({ memorySize: 3 });
    let state = opt.init(params);
    let p = params;
    for (let k = 0; k < 4; k++) {
      const g = jax.tree.map((x: JaxArray) => jnp.multiply(2, x), p) as typeof params;
      const [d, s] = opt.update(g, state, p);
      p = jax.tree.map((x: JaxArray, y: JaxArray) => jnp.subtract(x, jnp.multiply(0.1, y)), p, d) as typeof params;
      state = s;
    }
    expect(jax.tree.treedefString(jax.tree.structure(state.diffParamsMemory))).toBe(
      jax.tree.treedefString(jax.tree.structure(params)),
    );
    expect((state.diffParamsMemory as typeof params).w.shape).toEqual([3, 2, 2]);
  });
});

describe("lbfgs", () => {
  const rosenbrock = (x: JaxArray) => {
    const a = x.index(0);
    const b = x.index(1);
    return jnp.add(jnp.square(jnp.subtract(1, a)), jnp.multiply(100, jnp.square(jnp.subtract(b, jnp.square(a)))));
  };

  it("reaches the minimum of Rosenbrock from (-1.2, 1) to 1e-4 within 100 jitted iterations", async () => {
    const opt = lbfgs();
    const valueAndGrad = valueAndGradFromState(rosenbrock);
    const step = jax.jit((p: JaxArray, state: unknown) => {
      const [value, grad] = valueAndGrad(p, { state });
      const [u, s] = opt.update(grad, state, p, { value, grad, valueFn: rosenbrock });
      return [jnp.add(p, u), s];
    });
    let p = jnp.array([-1.2, 1], { dtype: "float32" });
    const init = opt.init(p);
    let state = init;
    let iterations = 0;
    while (iterations < 100 && (await values(p)).some((v) => Math.abs(v - 1) > 1e-4)) {
      [p, state] = step(p, state) as [JaxArray, unknown];
      iterations++;
    }
    expectClose(await values(p), [1, 1], 1e-4, 0, `after ${iterations} iterations`);
    // the state keeps its structure and dtypes from step to step
    const sig = (t: unknown) =>
      jax.tree
        .leaves<JaxArray>(t)
        .map((l) => `${l.dtype}${JSON.stringify(l.shape)}`)
        .join(" ");
    expect(sig(state)).toBe(sig(init));
    expect(jax.tree.treedefString(jax.tree.structure(state))).toBe(jax.tree.treedefString(jax.tree.structure(init)));
  });

  it("without a line search scales the direction by -learningRate", async () => {
    const opt = lbfgs(0.1, { linesearch: null, memorySize: 4 });
    const ref = scaleByLbfgs({ memorySize: 4 });
    let p = jnp.array([1, -1], { dtype: "float64" });
    let state = opt.init(p);
    let refState = ref.init(p);
    for (let k = 0; k < 3; k++) {
      const g = jax.grad(rosenbrock)(p) as JaxArray;
      const [u, s] = opt.update(g, state, p);
      const [d, rs] = ref.update(g, refState, p);
      expectClose(
        await values(u),
        (await values(d)).map((x) => -0.1 * x),
        1e-15,
        1e-12,
        `step ${k}`,
      );
      p = jnp.add(p, u);
      state = s;
      refState = rs;
    }
  });
});
