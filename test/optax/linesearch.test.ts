// The line searches: the accepted steps satisfy Armijo (backtracking) or the strong Wolfe
// conditions (zoom) on quadratics and Rosenbrock, the stored value and gradient are those at the
// accepted step, failures fall back as optax's do, and the updates jit.
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import type { GradientTransformation } from "../../src/optax/base.js";
import { chain } from "../../src/optax/combine/chain.js";
import * as ls from "../../src/optax/linesearch/index.js";
import { l2Loss } from "../../src/optax/losses/index.js";
import { scale } from "../../src/optax/transform/scale.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { expectClose } from "../util/close.js";
import { values, scalarOf as num } from "../util/read.js";

const jnp = jax.numpy;

const f64 = (xs: number[]) => jnp.array(xs, { dtype: "float64" });
const dot = (a: number[], b: number[]) => a.reduce((acc, ai, i) => acc + ai * b[i]!, 0);

/** 0.5 x^T diag(d) x, badly conditioned. */
const quadratic = (x: JaxArray) =>
  jnp.multiply(0.5, jnp.sum(jnp.multiply(jnp.array([1, 10, 100], { dtype: x.dtype }), jnp.square(x))));
const rosenbrock = (x: JaxArray) => {
  const a = x.index(0);
  const b = x.index(1);
  return jnp.add(jnp.square(jnp.subtract(1, a)), jnp.multiply(100, jnp.square(jnp.subtract(b, jnp.square(a)))));
};

interface Step {
  params: JaxArray;
  direction: JaxArray;
  lr: number;
  state: Record<string, unknown>;
  value0: number;
  slope0: number;
}

/** One line-search update along -grad (or `direction`), returning what the checks need. */
async function search(
  opt: GradientTransformation<unknown>,
  state: unknown,
  f: (x: JaxArray) => JaxArray,
  x: JaxArray,
  direction?: JaxArray,
): Promise<Step> {
  const [v, g] = jax.valueAndGrad(f)(x) as [JaxArray, JaxArray];
  const d = direction ?? jnp.negative(g);
  const [u, s] = opt.update(d, state, x, { value: v, grad: g, valueFn: f });
  const lr = await num((s as { learningRate: JaxArray }).learningRate);
  expectClose(
    await values(u),
    (await values(d)).map((di) => di * lr),
    1e-12,
    1e-9,
    "updates are the direction times the learning rate",
  );
  return {
    params: jnp.add(x, u),
    direction: d,
    lr,
    state: s as Record<string, unknown>,
    value0: await num(v),
    slope0: dot(await values(g), await values(d)),
  };
}

async function armijoHolds(f: (x: JaxArray) => JaxArray, st: Step, c1: number): Promise<boolean> {
  return await num(f(st.params)) <= st.value0 + c1 * st.lr * st.slope0 + 1e-12 * Math.abs(st.value0);
}

async function curvatureHolds(f: (x: JaxArray) => JaxArray, st: Step, c2: number): Promise<boolean> {
  const g = await values(jax.grad(f)(st.params));
  const slope = dot(g, await values(st.direction));
  return Math.abs(slope) <= c2 * Math.abs(st.slope0) + 1e-12;
}

describe("scaleByBacktrackingLinesearch", () => {
  it("takes the largest trial step that satisfies Armijo on a quadratic", async () => {
    const opt = ls.scaleByBacktrackingLinesearch(40, { storeGrad: true }) as GradientTransformation<unknown>;
    let x = f64([1, 2, 3]);
    let state = opt.init(x);
    let guess = 1;
    for (let k = 0; k < 4; k++) {
      const st = await search(opt, state, quadratic, x);
      expect(await armijoHolds(quadratic, st, 1e-4), `step ${k}`).toBe(true);
      // lr = guess * 0.8^j with j the first exponent that passes: the previous trial fails
      const j = Math.round(Math.log(st.lr / guess) / Math.log(0.8));
      expect(st.lr).toBeCloseTo(guess * 0.8 ** j, 10);
      if (j > 0) {
        const bigger = jnp.add(x, jnp.multiply(st.lr / 0.8, st.direction));
        expect(await num(quadratic(bigger))).toBeGreaterThan(st.value0 + 1e-4 * (st.lr / 0.8) * st.slope0);
      }
      // the state holds the value and gradient at the accepted step
      expect(await num(st.state.value)).toBeCloseTo(await num(quadratic(st.params)), 10);
      expectClose(await values(st.state.grad), await values(jax.grad(quadratic)(st.params)), 1e-10, 1e-10, "stored grad");
      guess = Math.min(1.5 * st.lr, 1);
      x = st.params;
      state = st.state;
    }
  });

  it("decreases Rosenbrock monotonically along -grad", async () => {
    const opt = ls.scaleByBacktrackingLinesearch(30, { decreaseFactor: 0.5 }) as GradientTransformation<unknown>;
    let x = f64([-1.2, 1]);
    let state = opt.init(x);
    let prev = await num(rosenbrock(x));
    for (let k = 0; k < 6; k++) {
      const st = await search(opt, state, rosenbrock, x);
      expect(await armijoHolds(rosenbrock, st, 1e-4), `step ${k}`).toBe(true);
      const now = await num(rosenbrock(st.params));
      expect(now).toBeLessThan(prev);
      expect(st.state.grad).toBeNull();
      prev = now;
      x = st.params;
      state = st.state;
    }
  });

  it("makes no step when every trial leaves the domain, and reports the failure", async () => {
    const f = (x: JaxArray) => jnp.sum(jnp.sqrt(jnp.subtract(1, x)));
    const opt = ls.scaleByBacktrackingLinesearch(2) as GradientTransformation<unknown>;
    const x = f64([0.5]);
    const st = await search(opt, opt.init(x), f, x, f64([1]));
    expect(st.lr).toBe(0);
    const info = st.state.info as { numLinesearchSteps: JaxArray; decreaseError: JaxArray };
    expect(await num(info.numLinesearchSteps)).toBe(3);
    expect(await num(info.decreaseError)).toBe(Infinity);
  });

  it("passes the remaining extra arguments to valueFn", async () => {
    const fn = (p: JaxArray, kw: Readonly<Record<string, unknown>>) =>
      jnp.sum(jnp.square(jnp.subtract(jnp.multiply(kw.x as JaxArray, p), kw.y as JaxArray)));
    const opt = ls.scaleByBacktrackingLinesearch({ maxBacktrackingSteps: 15 }) as GradientTransformation<unknown>;
    const p = f64([1, 2, 3]);
    const kw = { x: f64([3, 2, 1]), y: f64([0, 0, 0]) };
    const [v, g] = jax.valueAndGrad((q: JaxArray) => fn(q, kw))(p) as [JaxArray, JaxArray];
    const [u] = opt.update(jnp.negative(g), opt.init(p), p, { value: v, grad: g, valueFn: fn, ...kw });
    expect(await num(fn(jnp.add(p, u), kw))).toBeLessThan(await num(v));
  });

  it("asks for the extra arguments it needs", () => {
    const opt = ls.scaleByBacktrackingLinesearch(5) as GradientTransformation<unknown>;
    const p = f64([1]);
    expect(() => opt.update(p, opt.init(p), p, { value: 1, grad: p })).toThrow(/valueFn/);
    expect(() => opt.update(p, opt.init(p), undefined, { value: 1, grad: p, valueFn: quadratic })).toThrow(/params/);
  });
});

describe("scaleByZoomLinesearch", () => {
  const strict = { approxDecRtol: null, initialGuessStrategy: "one" as const };

  for (const [name, f, x0] of [
    ["a quadratic", quadratic, [1, 2, 3]],
    ["Rosenbrock", rosenbrock, [-1.2, 1]],
  ] as const) {
    it(`meets the strong Wolfe conditions on ${name}`, async () => {
      const opt = ls.scaleByZoomLinesearch(30, strict) as GradientTransformation<unknown>;
      let x = f64([...x0]);
      let state = opt.init(x);
      for (let k = 0; k < 5; k++) {
        const st = await search(opt, state, f, x);
        expect(st.lr).toBeGreaterThan(0);
        expect(await armijoHolds(f, st, 1e-4), `Armijo at step ${k}`).toBe(true);
        expect(await curvatureHolds(f, st, 0.9), `curvature at step ${k}`).toBe(true);
        const info = st.state.info as { decreaseError: JaxArray; curvatureError: JaxArray };
        expect(await num(info.decreaseError)).toBe(0);
        expect(await num(info.curvatureError)).toBe(0);
        expect(await num(st.state.value)).toBeCloseTo(await num(f(st.params)), 10);
        expectClose(await values(st.state.grad), await values(jax.grad(f)(st.params)), 1e-10, 1e-10, "stored grad");
        x = st.params;
        state = st.state;
      }
    });
  }

  it("honours a tighter curvature constant and the maximal learning rate", async () => {
    const opt = ls.scaleByZoomLinesearch(40, { ...strict, curvRtol: 0.1 }) as GradientTransformation<unknown>;
    const x = f64([-1.2, 1]);
    const st = await search(opt, opt.init(x), rosenbrock, x);
    expect(await curvatureHolds(rosenbrock, st, 0.1)).toBe(true);
    const capped = ls.scaleByZoomLinesearch(10, { maxLearningRate: 1e-4 }) as GradientTransformation<unknown>;
    expect((await search(capped, capped.init(x), rosenbrock, x)).lr).toBeLessThanOrEqual(1e-4);
  });

  it("starts from the previous stepsize with 'keep' and from 1 with 'one'", async () => {
    // One trial only, so the result is the first trial (it decreases enough, or is all there is).
    const x = f64([1, 2, 3]);
    const [v, g] = jax.valueAndGrad(quadratic)(x) as [JaxArray, JaxArray];
    const firstTrial = async (strategy: "one" | "keep") => {
      const opt = ls.scaleByZoomLinesearch(1, { initialGuessStrategy: strategy }) as GradientTransformation<unknown>;
      const state = { ...(opt.init(x) as object), learningRate: f64([0.0123]).reshape([]) };
      const [, s] = opt.update(jnp.negative(g), state, x, { value: v, grad: g, valueFn: quadratic });
      return await num((s as { learningRate: JaxArray }).learningRate);
    };
    expect(await firstTrial("keep")).toBeCloseTo(0.0123, 12);
    expect(await firstTrial("one")).toBe(1);
  });

  it("jitted, gives the eager result", async () => {
    const opt = ls.scaleByZoomLinesearch(20) as GradientTransformation<unknown>;
    const x = jnp.array([-1.2, 1], { dtype: "float32" });
    const state = opt.init(x);
    const step = (p: JaxArray, s: unknown) => {
      const [v, g] = jax.valueAndGrad(rosenbrock)(p) as [JaxArray, JaxArray];
      return opt.update(jnp.negative(g), s, p, { value: v, grad: g, valueFn: rosenbrock });
    };
    const [ue, se] = step(x, state) as [JaxArray, { learningRate: JaxArray }];
    const [uj, sj] = jax.jit(step)(x, state) as [JaxArray, { learningRate: JaxArray }];
    expectClose(await values(uj), await values(ue), 1e-6, 1e-5, "updates");
    expectClose(await values(sj.learningRate), await values(se.learningRate), 1e-7, 1e-5, "learning rate");
  });
});

describe("valueAndGradFromState", () => {
  it("evaluates before the first update and reuses the stored value and gradient after", async () => {
    for (const opt of [
      ls.scaleByZoomLinesearch(15),
      ls.scaleByBacktrackingLinesearch(15, { storeGrad: true }),
    ] as GradientTransformation<unknown>[]) {
      const vg = ls.valueAndGradFromState(rosenbrock);
      let x = f64([-1.2, 1]);
      let state = opt.init(x);
      for (let k = 0; k < 3; k++) {
        const [v, g] = vg(x, { state });
        expect(await num(v)).toBeCloseTo(await num(rosenbrock(x)), 10);
        expectClose(await values(g), await values(jax.grad(rosenbrock)(x)), 1e-10, 1e-10, `grad at step ${k}`);
        const [u, s] = opt.update(jnp.negative(g), state, x, { value: v, grad: g, valueFn: rosenbrock });
        x = jnp.add(x, u);
        state = s;
      }
    }
  });

  it("needs a state that stores both, once", () => {
    const vg = ls.valueAndGradFromState(quadratic);
    const x = f64([1, 2, 3]);
    const noGrad = ls.scaleByBacktrackingLinesearch(5);
    expect(() => vg(x, { state: noGrad.init(x) })).toThrow(/grad/);
    const zoom = ls.scaleByZoomLinesearch(5);
    expect(() => vg(x, { state: [zoom.init(x), zoom.init(x)] })).toThrow(/2 entries/);
    expect(() => (vg as (...a: unknown[]) => unknown)(x)).toThrow(/state/);
  });
});

describe("optax's documented runs (sgd with learning rate 1, then the line search)", () => {
  /** Objective values after each of `steps` updates of chain(scale(-1), linesearch). */
  async function objectives(
    linesearch: GradientTransformation<unknown>,
    steps: number,
    withData: boolean,
    fromState: boolean,
  ): Promise<number[]> {
    const solver = chain(scale(-1), linesearch);
    const x = jnp.array([3, 2, 1], { dtype: "float32" });
    const y = jnp.array(0, { dtype: "float32" });
    const fn = withData
      ? (p: JaxArray, kw: Readonly<Record<string, unknown>>) => l2Loss(jnp.dot(kw.x as JaxArray, p), kw.y as JaxArray)
      : (p: JaxArray) => jnp.sum(jnp.square(p));
    const data = withData ? { x, y } : {};
    const plain = (p: JaxArray) => (withData ? fn(p, data) : (fn as (p: JaxArray) => JaxArray)(p));
    const fromStateVg = ls.valueAndGradFromState(plain);
    let params = jnp.array([1, 2, 3], { dtype: "float32" });
    let state = solver.init(params);
    const out: number[] = [];
    for (let k = 0; k < steps; k++) {
      const [value, grad] = (fromState ? fromStateVg(params, { state }) : jax.valueAndGrad(plain)(params)) as [
        JaxArray,
        JaxArray,
      ];
      const [u, s] = solver.update(grad, state, params, { value, grad, valueFn: fn, ...data });
      params = jnp.add(params, u);
      state = s;
      out.push(await num(plain(params)));
    }
    return out;
  }

  const expectSignificant = (got: number[], want: number[], digits: number) =>
    want.forEach((w, i) =>
      expect(Math.abs(got[i]! - w), `step ${i}: ${got[i]} vs ${w}`).toBeLessThanOrEqual(
        0.5 * 10 ** (Math.floor(Math.log10(w)) - digits + 1),
      ),
    );

  it("backtracking, with data passed through to valueFn", async () => {
    expectSignificant(
      await objectives(ls.scaleByBacktrackingLinesearch(15), 5, true, false),
      [38.6, 25.0, 13.4, 5.87, 5.81],
      3,
    );
  });

  it("backtracking storing the gradient, reused through valueAndGradFromState", async () => {
    const opt = ls.scaleByBacktrackingLinesearch(15, { storeGrad: true }) as GradientTransformation<unknown>;
    expectSignificant(await objectives(opt, 5, false, true), [5.04, 1.81, 0.653, 0.235, 0.0847], 3);
  });

  it("zoom reaches the minimum of a quadratic in one step", async () => {
    for (const got of [
      await objectives(ls.scaleByZoomLinesearch(15), 3, true, false),
      await objectives(ls.scaleByZoomLinesearch(15), 3, false, true),
    ]) {
      got.forEach((v) => expect(v).toBeLessThan(1e-6));
    }
  });
});
