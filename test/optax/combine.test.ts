// chain as a monoid (fast-check properties), namedChain, and the parameter-group combinators:
// partition, masked and freeze must leave the leaves they exclude untouched.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import type { JaxArray } from "../../src/tracing/array.js";
import * as optax from "../../src/optax/index.js";
import { values as host } from "../util/read.js";

const jnp = jax.numpy;
const { tree } = jax;

/** A tree's structure and leaf values, for exact comparisons. */
async function snapshot(t: unknown): Promise<{ structure: string; leaves: number[][] }> {
  const [leaves, def] = tree.flatten<JaxArray>(t);
  return { structure: tree.treedefString(def), leaves: await Promise.all(leaves.map(host)) };
}

const PARAMS = {
  w: jnp.array([
    [0.5, -1.0, 2.0],
    [1.5, 0.25, -0.75],
  ]),
  b: jnp.array([0.1, -0.2, 0.3]),
};
const gradsAt = (t: number) => ({
  w: jnp.array([
    [Math.sin(t), Math.cos(t), 0.5],
    [-0.3 * t, 0.2, Math.sin(2 * t)],
  ]),
  b: jnp.array([Math.cos(3 * t), -0.4, 0.1 * t]),
});

/** Updates and final state of `tx` over three steps. */
async function run(tx: optax.GradientTransformation<unknown>) {
  let state = tx.init(PARAMS);
  const updates: unknown[] = [];
  for (let t = 1; t <= 3; t++) {
    const [u, s] = tx.update(gradsAt(t), state, PARAMS);
    updates.push(u);
    state = s;
  }
  return { updates: await Promise.all(updates.map(snapshot)), state: await snapshot(state) };
}

const POOL: (() => optax.GradientTransformation<unknown>)[] = [
  () => optax.scale(-0.5),
  () => optax.trace(0.9),
  () => optax.scaleByAdam(),
  () => optax.clip(0.3),
  () => optax.ema(0.8),
  () => optax.scaleByRms(),
  () => optax.clipByGlobalNorm(1.0),
  () => optax.identity(),
];
const arbTx = fc.integer({ min: 0, max: POOL.length - 1 }).map((i) => POOL[i]!());

describe("chainMonoid", () => {
  const M = optax.chainMonoid;
  it("has the identity as a left and right unit", async () => {
    await fc.assert(
      fc.asyncProperty(arbTx, async (a) => {
        const want = await run(a);
        expect(await run(M.concat(M.empty, a))).toEqual(want);
        expect(await run(M.concat(a, M.empty))).toEqual(want);
      }),
      { numRuns: 12 },
    );
  });

  it("is associative", async () => {
    await fc.assert(
      fc.asyncProperty(arbTx, arbTx, arbTx, async (a, b, c) => {
        expect(await run(M.concat(M.concat(a, b), c))).toEqual(await run(M.concat(a, M.concat(b, c))));
      }),
      { numRuns: 12 },
    );
  });

  it("agrees with chain on the updates", async () => {
    await fc.assert(
      fc.asyncProperty(arbTx, arbTx, async (a, b) => {
        expect((await run(M.concat(a, b))).updates).toEqual((await run(optax.chain(a, b))).updates);
        expect((await run(optax.chain(optax.identity(), a))).updates).toEqual((await run(a)).updates);
      }),
      { numRuns: 10 },
    );
  });
});

describe("chain and namedChain", () => {
  it("applies the transformations in order, keeping one state each", async () => {
    const tx = optax.chain(optax.scaleByAdam(), optax.scale(-0.1));
    const state = tx.init(PARAMS);
    expect(state).toHaveLength(2);
    const [u] = tx.update(gradsAt(1), state, PARAMS);
    const [adamU] = optax.scaleByAdam().update(gradsAt(1), optax.scaleByAdam().init(PARAMS));
    expect((await snapshot(u)).leaves).toEqual((await snapshot(optax.tree.scale(-0.1, adamU))).leaves);
  });

  it("rejects a state that was not built by its init", () => {
    const tx = optax.chain(optax.scale(2), optax.trace(0.5));
    expect(() => tx.update(gradsAt(1), [{}] as never, PARAMS)).toThrow(
      /chain: the state holds 1 states for 2 transformations/,
    );
  });

  it("namedChain keeps each state under its name and matches chain", async () => {
    const tx = optax.namedChain(["clip", optax.clip(0.5)], ["adam", optax.scaleByAdam()]);
    const state = tx.init(PARAMS);
    expect(Object.keys(state).sort()).toEqual(["adam", "clip"]);
    expect((await run(tx)).updates).toEqual((await run(optax.chain(optax.clip(0.5), optax.scaleByAdam()))).updates);
    expect(() => optax.namedChain(["a", optax.scale(1)], ["a", optax.scale(2)])).toThrow(/unique/);
  });
});

describe("parameter groups", () => {
  it("masked transforms only the selected leaves and keeps no state for the others", async () => {
    const tx = optax.masked(optax.scaleByAdam(), { w: true, b: false });
    const state = tx.init(PARAMS);
    expect(state.innerState.mu).toMatchObject({ b: expect.any(optax.MaskedNode) as unknown });
    const alone = optax.scaleByAdam();
    let s = state;
    let sa = alone.init({ w: PARAMS.w });
    for (let t = 1; t <= 3; t++) {
      const g = gradsAt(t);
      const [u, next] = tx.update(g, s, PARAMS);
      const [ua, nsa] = alone.update({ w: g.w }, sa);
      [s, sa] = [next, nsa];
      expect(await host(u.b)).toEqual(await host(g.b));
      expect(await host(u.w)).toEqual(await host(ua.w));
    }
  });

  it("masked accepts a prefix mask and a mask function, and jits", async () => {
    const nested = { layer: PARAMS, head: jnp.array([1.0, 2.0]) };
    const grads = { layer: gradsAt(1), head: jnp.array([0.5, 0.5]) };
    const byPrefix = optax.masked(optax.scale(-1), { layer: true, head: false });
    const byFn = optax.masked(optax.scale(-1), (p: unknown) => tree.map((x: JaxArray) => x.ndim === 2, p));
    const [u1] = byPrefix.update(grads, byPrefix.init(nested), nested);
    expect(await host(u1.layer.b)).toEqual(await host(jnp.negative(grads.layer.b)));
    expect(await host(u1.head)).toEqual([0.5, 0.5]);
    const step = jax.jit((g: typeof grads, s: unknown) => byFn.update(g, s as never, nested));
    const [u2] = step(grads, byFn.init(nested)) as [typeof grads, unknown];
    expect(await host(u2.layer.w)).toEqual(await host(jnp.negative(grads.layer.w)));
    expect(await host(u2.layer.b)).toEqual(await host(grads.layer.b));
  });

  it("partition gives each label its own optimizer and leaves the others' leaves alone", async () => {
    const labels = { w: "adam", b: "sgd" };
    const tx = optax.partition({ adam: optax.adam(0.1), sgd: optax.sgd(0.5) }, labels);
    const adamAlone = optax.adam(0.1);
    const sgdAlone = optax.sgd(0.5);
    let s = tx.init(PARAMS);
    let sa = adamAlone.init({ w: PARAMS.w });
    let sb = sgdAlone.init({ b: PARAMS.b });
    for (let t = 1; t <= 3; t++) {
      const g = gradsAt(t);
      const [u, next] = tx.update(g, s, PARAMS);
      const [ua, nsa] = adamAlone.update({ w: g.w }, sa, { w: PARAMS.w });
      const [ub, nsb] = sgdAlone.update({ b: g.b }, sb, { b: PARAMS.b });
      [s, sa, sb] = [next, nsa, nsb];
      expect(await host(u.w)).toEqual(await host(ua.w));
      expect(await host(u.b)).toEqual(await host(ub.b));
    }
    expect(optax.multiTransform).toBe(optax.partition);
    expect(() => optax.partition({ adam: optax.adam(0.1) }, labels).init(PARAMS)).toThrow(
      /labels \[sgd\] are not among/,
    );
  });

  it("partition with a label function and weight decay per group", async () => {
    const labelFn = (p: unknown) => tree.map((x: JaxArray) => (x.ndim === 1 ? "noDecay" : "decay"), p);
    const tx = optax.partition({ decay: optax.adamw(0.1, { weightDecay: 0.5 }), noDecay: optax.adam(0.1) }, labelFn);
    const [u] = tx.update(gradsAt(1), tx.init(PARAMS), PARAMS);
    const [ua] = optax
      .adamw(0.1, { weightDecay: 0.5 })
      .update({ w: gradsAt(1).w }, optax.adamw(0.1, { weightDecay: 0.5 }).init({ w: PARAMS.w }), { w: PARAMS.w });
    expect(await host(u.w)).toEqual(await host(ua.w));
  });

  it("freeze zeroes the frozen updates and passes the rest; selectiveTransform skips them", async () => {
    const tx = optax.chain(optax.freeze({ w: true, b: false }), optax.sgd(1.0));
    const [u] = tx.update(gradsAt(2), tx.init(PARAMS), PARAMS);
    expect((await host(u.w)).every((x) => x === 0)).toBe(true);
    expect(await host(u.b)).toEqual(await host(jnp.negative(gradsAt(2).b)));
    const sel = optax.selectiveTransform(optax.adam(0.1), { freezeMask: { w: false, b: true } });
    const [us] = sel.update(gradsAt(2), sel.init(PARAMS), PARAMS);
    expect((await host(us.b)).every((x) => x === 0)).toBe(true);
    const [ua] = optax.adam(0.1).update({ w: gradsAt(2).w }, optax.adam(0.1).init({ w: PARAMS.w }));
    expect(await host(us.w)).toEqual(await host(ua.w));
  });

  it("addDecayedWeights respects its mask", async () => {
    const tx = optax.addDecayedWeights(0.1, { mask: { w: true, b: false } });
    const [u] = tx.update(gradsAt(1), tx.init(PARAMS), PARAMS);
    expect(await host(u.b)).toEqual(await host(gradsAt(1).b));
    expect(await host(u.w)).toEqual(await host(jnp.add(gradsAt(1).w, jnp.multiply(0.1, PARAMS.w))));
  });
});
