// optax's schedules against their published formulas written out in plain JS (float64), at
// several steps on both sides of every boundary, eagerly and under jit.
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import * as sch from "../../src/optax/schedules/index.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { scalarOf as valueOf, values } from "../util/read.js";

const jnp = jax.numpy;

/** Compares the schedule with `want` at each step, called with JS numbers, int32 arrays and jitted. */
async function expectSchedule(s: sch.ScheduleFn, want: (t: number) => number, steps: readonly number[], rtol = 2e-6): Promise<void> {
  const jitted = jax.jit((c: JaxArray) => s(c));
  for (const t of steps) {
    const w = want(t);
    const tol = rtol * Math.max(1, Math.abs(w));
    expect(Math.abs(await valueOf(s(t)) - w), `step ${t}: ${await valueOf(s(t))} vs ${w}`).toBeLessThanOrEqual(tol);
    const c = jnp.array(t, { dtype: "int32" });
    expect(Math.abs(await valueOf(s(c)) - w), `int32 step ${t}`).toBeLessThanOrEqual(tol);
    expect(Math.abs(await valueOf(jitted(c) as JaxArray) - w), `jitted step ${t}`).toBeLessThanOrEqual(tol);
  }
}

const clip = (x: number, lo: number, hi: number) => Math.min(Math.max(x, lo), hi);

describe("constant, polynomial and linear", () => {
  it("constantSchedule", async () => {
    await expectSchedule(sch.constantSchedule(0.3), () => 0.3, [0, 7, 1000]);
  });

  it("polynomialSchedule with a transition begin", async () => {
    const [init, end, power, steps, begin] = [1.0, 0.01, 2, 100, 5];
    const want = (t: number) => (init - end) * (1 - clip(t - begin, 0, steps) / steps) ** power + end;
    await expectSchedule(
      sch.polynomialSchedule(init, end, power, steps, { transitionBegin: begin }),
      want,
      [0, 5, 6, 50, 104, 105, 110],
    );
    // optax's documented values
    const s = sch.polynomialSchedule(init, end, power, steps, { transitionBegin: begin });
    expect(await valueOf(s(6))).toBeCloseTo(0.9803, 4);
    expect(await valueOf(s(104))).toBeCloseTo(0.0101, 4);
  });

  it("linearSchedule, and a non-positive transition holds the initial value", async () => {
    await expectSchedule(sch.linearSchedule(0.5, 1.5, 40), (t) => 0.5 + (clip(t, 0, 40) / 40) * 1.0, [0, 1, 20, 39, 40, 80]);
    await expectSchedule(sch.linearSchedule(0.5, 1.5, 0), () => 0.5, [0, 10]);
    await expectSchedule(
      sch.linearSchedule(0.5, 1.5, 10, { transitionBegin: -3 }),
      (t) => 0.5 + clip(t, 0, 10) / 10,
      [0, 5, 10],
    );
  });
});

describe("exponentialDecay", () => {
  it("continuous decay after the transition begin", async () => {
    const want = (t: number) => (t - 10 <= 0 ? 2 : 2 * 0.5 ** ((t - 10) / 20));
    await expectSchedule(sch.exponentialDecay(2, 20, 0.5, { transitionBegin: 10 }), want, [0, 10, 11, 25, 30, 95]);
  });

  it("staircase is StepLR: constant within each window of transitionSteps", async () => {
    const s = sch.exponentialDecay(0.1, 20, 0.1, { staircase: true });
    await expectSchedule(s, (t) => 0.1 * 0.1 ** Math.floor(t / 20), [0, 1, 19, 20, 21, 39, 40, 59, 60]);
    expect(await valueOf(s(19))).toBeCloseTo(0.1, 7);
    expect(await valueOf(s(20))).toBeCloseTo(0.01, 8);
  });

  it("endValue is a floor when decaying and a ceiling when growing", async () => {
    await expectSchedule(
      sch.exponentialDecay(1, 10, 0.5, { endValue: 0.2 }),
      (t) => Math.max(0.5 ** (t / 10), 0.2),
      [0, 10, 20, 23, 50],
    );
    await expectSchedule(
      sch.exponentialDecay(1, 10, 2, { endValue: 3 }),
      (t) => Math.min(2 ** (t / 10), 3),
      [0, 10, 15, 16, 40],
    );
  });

  it("degenerate arguments give a constant, as in optax", async () => {
    await expectSchedule(sch.exponentialDecay(0.7, 0, 0.5), () => 0.7, [0, 100]);
    await expectSchedule(sch.exponentialDecay(0.7, 10, 0), () => 0.7, [0, 100]);
  });
});

describe("piecewise schedules", () => {
  it("piecewiseConstantSchedule multiplies in each scale once the count reaches its boundary", async () => {
    const s = sch.piecewiseConstantSchedule(1.0, { 100: 0.1, 200: 0.01 });
    await expectSchedule(s, (t) => (t < 100 ? 1 : t < 200 ? 0.1 : 0.001), [0, 50, 99, 100, 150, 199, 200, 250]);
    // boundaries given out of order, as a Map and as pairs, agree
    const m = sch.piecewiseConstantSchedule(
      2,
      new Map([
        [30, 0.5],
        [10, 3],
      ]),
    );
    const p = sch.piecewiseConstantSchedule(2, [
      [30, 0.5],
      [10, 3],
    ]);
    const want = (t: number) => 2 * (t >= 10 ? 3 : 1) * (t >= 30 ? 0.5 : 1);
    await expectSchedule(m, want, [0, 9, 10, 29, 30, 31]);
    await expectSchedule(p, want, [0, 9, 10, 29, 30, 31]);
    await expectSchedule(sch.piecewiseConstantSchedule(4), () => 4, [0, 1000]);
    expect(() => sch.piecewiseConstantSchedule(1, { 5: -1 })).toThrow(/non-negative/);
  });

  it("piecewiseInterpolateSchedule matches optax's documented values", async () => {
    const s = sch.piecewiseInterpolateSchedule("linear", 1.0, { 4: 0.1, 8: 0.01 });
    const documented: [number, number][] = [
      [0, 1],
      [2, 0.55],
      [4, 0.1],
      [6, 0.0505],
      [8, 0.001],
      [10, 0.001],
    ];
    await expectSchedule(
      s,
      (t) => documented.find(([k]) => k === t)![1],
      documented.map(([k]) => k),
      1e-5,
    );
    const c = sch.piecewiseInterpolateSchedule("cosine", 1.0, { 10: 0.5 });
    const want = (t: number) => (t >= 10 ? 0.5 : 0.5 + ((1 - 0.5) / 2) * (Math.cos((Math.PI * t) / 10) + 1));
    await expectSchedule(c, want, [0, 3, 5, 9, 10, 20]);
  });

  it("linearOnecycleSchedule: up to the peak, back down, then the tail", async () => {
    const T = 100;
    const peak = 1;
    const v0 = peak / 25;
    const vEnd = v0 / 1e4;
    const lerp = (a: number, b: number, f: number) => a + (b - a) * f;
    const want = (t: number) =>
      t < 30
        ? lerp(v0, peak, t / 30)
        : t < 85
          ? lerp(peak, v0, (t - 30) / 55)
          : t < 100
            ? lerp(v0, vEnd, (t - 85) / 15)
            : vEnd;
    await expectSchedule(sch.linearOnecycleSchedule(T, peak), want, [0, 15, 29, 30, 60, 85, 90, 99, 100, 150], 1e-5);
  });

  it("cosineOnecycleSchedule", async () => {
    const v0 = 2 / 25;
    const vEnd = 2 / (25 * 1e4);
    const cosInterp = (a: number, b: number, f: number) => b + ((a - b) / 2) * (Math.cos(Math.PI * f) + 1);
    const want = (t: number) =>
      t < 30 ? cosInterp(v0, 2, t / 30) : t < 100 ? cosInterp(2, vEnd, (t - 30) / 70) : vEnd;
    await expectSchedule(sch.cosineOnecycleSchedule(100, 2), want, [0, 10, 30, 65, 99, 100, 120], 1e-5);
  });
});

describe("cosine schedules", () => {
  const cosineDecay = (init: number, T: number, alpha: number, exponent: number) => (t: number) =>
    init * ((1 - alpha) * (0.5 * (1 + Math.cos((Math.PI * Math.min(t, T)) / T))) ** exponent + alpha);

  it("cosineDecaySchedule with alpha and exponent", async () => {
    await expectSchedule(sch.cosineDecaySchedule(0.5, 100), cosineDecay(0.5, 100, 0, 1), [0, 1, 50, 99, 100, 200]);
    await expectSchedule(
      sch.cosineDecaySchedule(0.5, 100, { alpha: 0.1, exponent: 2 }),
      cosineDecay(0.5, 100, 0.1, 2),
      [0, 25, 75, 100, 101],
    );
    expect(() => sch.cosineDecaySchedule(1, 0)).toThrow(/decaySteps/);
  });

  it("warmupCosineDecaySchedule: linear warmup, then cosine down to endValue", async () => {
    const [init, peak, warm, total, end] = [0.0, 1.0, 10, 110, 0.1];
    const cos = cosineDecay(peak, total - warm, end / peak, 1);
    const want = (t: number) => (t < warm ? init + ((peak - init) * t) / warm : cos(t - warm));
    await expectSchedule(
      sch.warmupCosineDecaySchedule(init, peak, warm, total, { endValue: end }),
      want,
      [0, 5, 9, 10, 11, 60, 109, 110, 200],
    );
    // a zero peak makes alpha 0 instead of dividing by zero
    await expectSchedule(sch.warmupCosineDecaySchedule(0, 0, 5, 20, { endValue: 0.3 }), () => 0, [0, 4, 5, 12, 30]);
  });

  it("warmupExponentialDecaySchedule", async () => {
    const want = (t: number) => (t < 5 ? 0.1 + (0.9 * t) / 5 : Math.max(0.5 ** Math.floor((t - 5) / 10), 0.2));
    const s = sch.warmupExponentialDecaySchedule(0.1, 1.0, 5, 10, 0.5, { staircase: true, endValue: 0.2 });
    await expectSchedule(s, want, [0, 2, 4, 5, 6, 14, 15, 25, 40]);
  });

  it("sgdrSchedule restarts each cycle after its decaySteps", async () => {
    const cycles = [
      { initValue: 0, peakValue: 1, warmupSteps: 5, decaySteps: 20 },
      { initValue: 0, peakValue: 0.5, warmupSteps: 2, decaySteps: 10, endValue: 0.05 },
    ];
    const one = (c: (typeof cycles)[number]) => {
      const cos = cosineDecay(c.peakValue, c.decaySteps - c.warmupSteps, (c.endValue ?? 0) / c.peakValue, 1);
      return (t: number) =>
        t < c.warmupSteps ? c.initValue + ((c.peakValue - c.initValue) * t) / c.warmupSteps : cos(t - c.warmupSteps);
    };
    const want = (t: number) => (t < 20 ? one(cycles[0]!)(t) : one(cycles[1]!)(t - 20));
    await expectSchedule(sch.sgdrSchedule(cycles), want, [0, 3, 5, 12, 19, 20, 21, 25, 29, 30, 45]);
  });
});

describe("joinSchedules", () => {
  it("each schedule counts from its boundary", async () => {
    const s = sch.joinSchedules(
      [sch.constantSchedule(1), sch.linearSchedule(2, 4, 10), (c) => jnp.multiply(c, 0.5)],
      [5, 15],
    );
    const want = (t: number) => (t < 5 ? 1 : t < 15 ? 2 + (2 * (t - 5)) / 10 : 0.5 * (t - 15));
    await expectSchedule(s, want, [0, 4, 5, 6, 14, 15, 16, 30]);
  });

  it("a schedule alone is itself", async () => {
    await expectSchedule(sch.joinSchedules([sch.linearSchedule(1, 0, 10)], []), (t) => 1 - clip(t, 0, 10) / 10, [0, 3, 12]);
  });
});

describe("through the public optax module", () => {
  it("a schedule drives scaleByLearningRate inside a jitted step", async () => {
    const optax = await import("../../src/optax/index.js");
    expect(optax.schedules.exponentialDecay).toBe(optax.exponentialDecay);
    const opt = optax.scaleByLearningRate(optax.exponentialDecay(0.1, 2, 0.5, { staircase: true }));
    const step = jax.jit((g: JaxArray, s: unknown) => opt.update(g, s as never));
    let state: unknown = opt.init(jnp.zeros([2]));
    const g = jnp.array([1, -2], { dtype: "float32" });
    for (let t = 0; t < 6; t++) {
      const [u, s] = step(g, state) as [JaxArray, unknown];
      const lr = 0.1 * 0.5 ** Math.floor(t / 2);
      expect(await values(u)).toEqual([-lr, 2 * lr].map(Math.fround));
      state = s;
    }
  });
});
