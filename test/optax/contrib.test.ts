// contrib.reduceOnPlateau against a plain JS transcription of its published rule: the scale drops
// by `factor` after `patience` rounds without improvement, waits `cooldown` rounds, averages
// `accumulationSize` values per round, and never goes below `minScale`.
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import {
  reduceOnPlateau,
  type ReduceLROnPlateauState,
  type ReduceOnPlateauOptions,
} from "../../src/optax/contrib/index.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { scalarOf as num, values } from "../util/read.js";

const jnp = jax.numpy;

interface Ref {
  scale: number;
  best: number;
  plateau: number;
  cooldown: number;
  count: number;
  avg: number;
}

/** The scales a reference reduce-on-plateau applies for each value in turn. */
function referenceScales(values: readonly number[], o: Required<ReduceOnPlateauOptions>): number[] {
  const s: Ref = { scale: 1, best: Infinity, plateau: 0, cooldown: 0, count: 0, avg: 0 };
  return values.map((v) => {
    s.avg = (s.count * s.avg + v) / (s.count + 1);
    s.count += 1;
    if (s.count === o.accumulationSize) {
      const improved = s.avg < (1 - o.rtol) * s.best - o.atol;
      if (improved) s.best = s.avg;
      const plateau = improved ? 0 : s.plateau + 1;
      if (s.cooldown > 0) {
        s.plateau = 0;
        s.cooldown -= 1;
      } else if (plateau === o.patience) {
        s.plateau = 0;
        s.scale = Math.max(s.scale * o.factor, o.minScale);
        s.cooldown = o.cooldown;
      } else {
        s.plateau = plateau;
      }
      s.count = 0;
      s.avg = 0;
    }
    return s.scale;
  });
}

const defaults = { factor: 0.1, patience: 10, rtol: 1e-4, atol: 0, cooldown: 0, accumulationSize: 1, minScale: 0 };

async function run(losses: readonly number[], options: ReduceOnPlateauOptions, jit = false): Promise<number[]> {
  const opt = reduceOnPlateau(options);
  const params = { w: jnp.array([1, 2], { dtype: "float32" }) };
  const update = (g: { w: JaxArray }, s: ReduceLROnPlateauState, v: JaxArray) => opt.update(g, s, params, { value: v });
  const step = jit ? (jax.jit(update) as typeof update) : update;
  let state = opt.init(params);
  const grads = { w: jnp.array([1, -3], { dtype: "float32" }) };
  const scales: number[] = [];
  for (const v of losses) {
    const [u, s] = step(grads, state, jnp.array(v, { dtype: "float32" }));
    state = s;
    const scale = await num(s.scale);
    expect(await values(u.w)).toEqual([scale, -3 * scale].map(Math.fround));
    scales.push(scale);
  }
  return scales;
}

function expectScales(got: number[], want: number[]): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g, `step ${i}`).toBeCloseTo(want[i]!, 6));
}

describe("reduceOnPlateau", () => {
  it("reduces the scale after `patience` non-improving steps, and again after as many more", async () => {
    const losses = [5, 4, 3, 3, 3, 3, 3.5, 3, 3, 3, 2, 2, 2, 2];
    const options = { factor: 0.5, patience: 3 };
    const got = await run(losses, options);
    expectScales(got, referenceScales(losses, { ...defaults, ...options }));
    // spelled out: the plateau starts at step 3 (3 is no better than 3); three such steps reduce
    expect(got.slice(0, 6)).toEqual([1, 1, 1, 1, 1, 0.5]);
    expect(got[8]).toBe(0.25);
  });

  it("waits `cooldown` steps after a reduction and stops at `minScale`", async () => {
    const losses = Array.from({ length: 20 }, (_, i) => (i < 2 ? 10 - i : 8));
    const options = { factor: 0.5, patience: 2, cooldown: 3, minScale: 0.2 };
    const got = await run(losses, options);
    expectScales(got, referenceScales(losses, { ...defaults, ...options }));
    expect(Math.min(...got)).toBeCloseTo(0.2, 6);
  });

  it("averages `accumulationSize` values per round, with tolerances", async () => {
    const losses = [4, 2, 3, 3, 3.1, 2.9, 3, 3, 3, 3, 3, 3, 2.5, 2.4];
    const options = { factor: 0.2, patience: 2, accumulationSize: 2, rtol: 0.01, atol: 0.05 };
    const got = await run(losses, options);
    expectScales(got, referenceScales(losses, { ...defaults, ...options }));
    expect(got[got.length - 1]).toBeLessThan(1);
  });

  it("jits, keeping the state's dtypes", async () => {
    const losses = [3, 2, 2, 2, 2, 2, 1];
    const options = { factor: 0.5, patience: 2, cooldown: 1 };
    expectScales(await run(losses, options, true), referenceScales(losses, { ...defaults, ...options }));
    const s = reduceOnPlateau().init({
      w: jnp.zeros([2], { dtype: "float64" }),
      v: jnp.zeros([1], { dtype: "float32" }),
    });
    expect([s.scale.dtype, s.plateauCount.dtype, s.cooldownCount.dtype, s.count.dtype]).toEqual([
      "float32",
      "int32",
      "int32",
      "int32",
    ]);
  });

  it("checks its options and needs the value", () => {
    expect(() => reduceOnPlateau({ factor: 1 })).toThrow(/factor/);
    expect(() => reduceOnPlateau({ rtol: 0, atol: 0 })).toThrow(/rtol or atol/);
    expect(() => reduceOnPlateau({ rtol: -1 })).toThrow(/non-negative/);
    const opt = reduceOnPlateau();
    const p = jnp.zeros([1]);
    expect(() => opt.update(p, opt.init(p), p)).toThrow(/value/);
  });
});

describe("through the public optax module", () => {
  it("optax.contrib.reduceOnPlateau chained after sgd receives the value", async () => {
    const optax = await import("../../src/optax/index.js");
    const opt = optax.chain(optax.sgd(0.1), optax.contrib.reduceOnPlateau({ patience: 1, factor: 0.5 }));
    const p = jnp.array([1], { dtype: "float32" });
    let state = opt.init(p);
    const scales: number[] = [];
    for (const v of [2, 2, 2]) {
      const [u, s] = opt.update(jnp.array([1], { dtype: "float32" }), state, p, { value: v });
      state = s;
      scales.push(await num(u));
    }
    expect(scales).toEqual([-0.1, -0.05, -0.025].map(Math.fround));
  });
});
