// injectHyperparams (readable, settable, scheduled, jittable), MultiSteps gradient accumulation,
// applyIfFinite, lookahead, and the update helpers.
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import type { JaxArray } from "../../src/tracing/array.js";
import * as optax from "../../src/optax/index.js";
import { expectClose } from "../util/close.js";
import { values as host } from "../util/read.js";

const jnp = jax.numpy;

const scalarOf = async (x: JaxArray | undefined) => (await host(x!))[0]!;

const PARAMS = { w: jnp.array([1.0, -2.0, 0.5]) };
const gradsAt = (t: number) => ({ w: jnp.array([Math.sin(t), Math.cos(t), 0.3 * t]) });

describe("injectHyperparams", () => {
  it("keeps every numeric hyperparameter in the state under its camelCase name", async () => {
    const tx = optax.injectHyperparams(optax.adam)(0.1, { b1: 0.8 });
    const state = tx.init(PARAMS);
    expect(Object.keys(state.hyperparams).sort()).toEqual(["b1", "b2", "eps", "epsRoot", "learningRate"]);
    expect(await scalarOf(state.hyperparams.learningRate)).toBeCloseTo(0.1, 7);
    expect(await scalarOf(state.hyperparams.b1)).toBeCloseTo(0.8, 7);
    expect(state.hyperparams.learningRate!.dtype).toBe("float32");
  });

  it("gives the wrapped optimizer's updates and inner state", async () => {
    const injected = optax.injectHyperparams(optax.sgd)(0.1, { momentum: 0.9 });
    const plain = optax.sgd(0.1, { momentum: 0.9 });
    let [si, sp] = [injected.init(PARAMS), plain.init(PARAMS)];
    for (let t = 1; t <= 3; t++) {
      const [ui, nsi] = injected.update(gradsAt(t), si, PARAMS);
      const [up, nsp] = plain.update(gradsAt(t), sp, PARAMS);
      [si, sp] = [nsi, nsp];
      expectClose(await host(ui.w), await host(up.w), 1e-7, 1e-6, `step ${t}`);
    }
    expect(await scalarOf(si.count)).toBe(3);
  });

  it("uses a hyperparameter set between steps", async () => {
    const tx = optax.injectHyperparams(optax.sgd)(0.1);
    let state = tx.init(PARAMS);
    [, state] = tx.update(gradsAt(1), state, PARAMS);
    state.hyperparams.learningRate = jnp.asarray(0.5);
    const [u] = tx.update(gradsAt(2), state, PARAMS);
    expectClose(
      await host(u.w),
      (await host(gradsAt(2).w)).map((g) => -0.5 * g),
      1e-7,
      1e-6,
      "lr 0.5",
    );
  });

  it("evaluates schedules from the count, and jits", async () => {
    const schedule = (count: JaxArray) => jnp.multiply(0.1, jnp.power(0.5, count.astype("float32")));
    const tx = optax.injectHyperparams(optax.sgd)(schedule);
    const step = jax.jit((g: unknown, s: unknown) => tx.update(g, s as optax.InjectHyperparamsState, PARAMS));
    let state = tx.init(PARAMS);
    expect(await scalarOf(state.hyperparams.learningRate)).toBeCloseTo(0.1, 7);
    for (let t = 1; t <= 3; t++) {
      const [u, s] = step(gradsAt(t), state) as [{ w: JaxArray }, optax.InjectHyperparamsState];
      state = s;
      const lr = 0.1 * 0.5 ** (t - 1);
      expect(await scalarOf(state.hyperparams.learningRate)).toBeCloseTo(lr, 7);
      expectClose(
        await host(u.w),
        (await host(gradsAt(t).w)).map((g) => -lr * g),
        1e-7,
        1e-6,
        `step ${t}`,
      );
    }
  });

  it("keeps booleans, null, masks and integer sizes static", () => {
    const tx = optax.injectHyperparams(optax.adafactor)(0.01, { minDimSizeToFactor: 2, momentum: 0.9 });
    const state = tx.init({ w: jnp.ones([2, 3]) });
    expect(Object.keys(state.hyperparams)).not.toContain("minDimSizeToFactor");
    expect(Object.keys(state.hyperparams)).not.toContain("multiplyByParameterScale");
    expect(Object.keys(state.hyperparams)).toContain("momentum");
    const step = jax.jit((g: unknown, s: unknown) =>
      tx.update(g, s as optax.InjectHyperparamsState, { w: jnp.ones([2, 3]) }),
    );
    const [u] = step({ w: jnp.full([2, 3], 0.5) }, state) as [{ w: JaxArray }, unknown];
    expect(u.w.shape).toEqual([2, 3]);
    expect(() => optax.injectHyperparams(optax.sgd, { staticArgs: "notAParam" })).toThrow(/staticArgs \[notAParam\]/);
  });
});

describe("MultiSteps", () => {
  it("accumulates k mini-steps and applies the inner optimizer to their mean", async () => {
    const ms = new optax.MultiSteps(optax.sgd(1.0, { momentum: 0.5 }), 3);
    let state = ms.init(PARAMS);
    const inner = optax.sgd(1.0, { momentum: 0.5 });
    let innerState = inner.init(PARAMS);
    for (let t = 1; t <= 6; t++) {
      const [u, s] = ms.update(gradsAt(t), state, PARAMS);
      state = s;
      if (t % 3 !== 0) {
        expect((await host(u.w)).every((x) => x === 0)).toBe(true);
        expect(await scalarOf(ms.hasUpdated(state))).toBe(0);
      } else {
        const mean = (await Promise.all([t - 2, t - 1, t].map((k) => host(gradsAt(k).w))))
          .reduce((a, b) => a.map((x, i) => x + b[i]!))
          .map((x) => x / 3);
        const [want, next] = inner.update({ w: jnp.array(mean) }, innerState, PARAMS);
        innerState = next;
        expectClose(await host(u.w), await host(want.w), 1e-6, 1e-5, `emit at ${t}`);
        expect(await scalarOf(ms.hasUpdated(state))).toBe(1);
      }
    }
    expect(await scalarOf(state.gradientStep)).toBe(2);
    expect(await scalarOf(state.miniStep)).toBe(0);
  });

  it("sums instead of averaging, skips non-finite mini-steps, and jits", async () => {
    const ms = new optax.MultiSteps(optax.sgd(1.0), 2, { useGradMean: false, shouldSkipUpdateFn: optax.skipNotFinite });
    const gt = ms.gradientTransformation();
    let state = gt.init(PARAMS);
    type State = typeof state;
    const step = jax.jit((g: unknown, s: unknown) => gt.update(g, s as State, PARAMS));
    let u: { w: JaxArray };
    [u, state] = step(gradsAt(1), state) as [{ w: JaxArray }, State];
    [u, state] = step({ w: jnp.array([NaN, 1, 1]) }, state) as [{ w: JaxArray }, State];
    expect(await host(u.w)).toEqual([0, 0, 0]);
    expect(await scalarOf(state.miniStep)).toBe(1);
    [u, state] = step(gradsAt(2), state) as [{ w: JaxArray }, State];
    const second = await host(gradsAt(2).w);
    const sum = (await host(gradsAt(1).w)).map((x, i) => -(x + second[i]!));
    expectClose(await host(u.w), sum, 1e-6, 1e-5, "sum");
  });
});

describe("applyIfFinite", () => {
  it("skips non-finite updates for at most maxConsecutiveErrors steps", async () => {
    const tx = optax.applyIfFinite(optax.sgd(1.0, { momentum: 0.9 }), 2);
    let state = tx.init(PARAMS);
    let u: { w: JaxArray };
    [u, state] = tx.update(gradsAt(1), state, PARAMS);
    const traceAfterFirst = await host((state.innerState[0] as { trace: { w: JaxArray } }).trace.w);
    const bad = { w: jnp.array([1, Infinity, 0]) };
    for (let k = 1; k <= 2; k++) {
      [u, state] = tx.update(bad, state, PARAMS);
      expect(await host(u.w)).toEqual([0, 0, 0]);
      expect(await host((state.innerState[0] as { trace: { w: JaxArray } }).trace.w)).toEqual(traceAfterFirst);
      expect(await scalarOf(state.notfiniteCount)).toBe(k);
      expect(await scalarOf(state.lastFinite)).toBe(0);
    }
    [u, state] = tx.update(bad, state, PARAMS);
    expect((await host(u.w))[1]).toBe(-Infinity);
    expect(await scalarOf(state.totalNotfinite)).toBe(3);
    [u, state] = tx.update(gradsAt(2), state, PARAMS);
    expect(await scalarOf(state.notfiniteCount)).toBe(0);
    expect(await scalarOf(state.totalNotfinite)).toBe(3);
  });
});

describe("lookahead", () => {
  it("moves the slow weights toward the fast ones every syncPeriod steps", async () => {
    const tx = optax.lookahead(optax.sgd(0.1), 2, 0.5);
    let params = optax.LookaheadParams.initSynced(PARAMS);
    let state = tx.init(params);
    let fast = await host(PARAMS.w);
    let slow = await host(PARAMS.w);
    for (let t = 1; t <= 4; t++) {
      const g = gradsAt(t);
      const [u, s] = tx.update(g, state, params);
      state = s;
      params = optax.applyUpdates(params, u);
      const gw = await host(g.w);
      fast = fast.map((x, i) => x - 0.1 * gw[i]!);
      if (t % 2 === 0) {
        slow = slow.map((x, i) => x + 0.5 * (fast[i]! - x));
        fast = [...slow];
      }
      expectClose(await host(params.fast.w), fast, 1e-6, 1e-5, `fast ${t}`);
      expectClose(await host(params.slow.w), slow, 1e-6, 1e-5, `slow ${t}`);
    }
    expect(() => optax.lookahead(optax.sgd(0.1), 0, 0.5)).toThrow(/>= 1/);
  });
});

describe("update helpers", () => {
  it("applyUpdates keeps each parameter's dtype; incremental and periodic updates", async () => {
    const p = { a: jnp.array([1, 2], { dtype: "float64" }), b: jnp.array([1.5]) };
    const out = optax.applyUpdates(p, { a: jnp.array([0.5, 0.5]), b: jnp.array([0.5], { dtype: "float64" }) });
    expect([out.a.dtype, out.b.dtype]).toEqual(["float64", "float32"]);
    expect(await host(out.a)).toEqual([1.5, 2.5]);
    expect(await host(optax.incrementalUpdate({ x: jnp.array([10.0]) }, { x: jnp.array([0.0]) }, 0.25).x)).toEqual([2.5]);
    expect(await host(optax.periodicUpdate({ x: jnp.array([1.0]) }, { x: jnp.array([0.0]) }, jnp.asarray(4), 2).x)).toEqual([
      1,
    ]);
    expect(await host(optax.periodicUpdate({ x: jnp.array([1.0]) }, { x: jnp.array([0.0]) }, jnp.asarray(5), 2).x)).toEqual([
      0,
    ]);
  });

  it("polyakSgd needs the objective value, and the transformations needing params say so", () => {
    const tx = optax.polyakSgd();
    expect(() => tx.update(gradsAt(1), tx.init(PARAMS), PARAMS)).toThrow(/needs the objective's value/);
    const lamb = optax.lamb(0.1);
    expect(() => lamb.update(gradsAt(1), lamb.init(PARAMS))).toThrow(/addDecayedWeights: .*not passing `params`/);
  });
});
