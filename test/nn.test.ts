// jax.nn: activation values against closed forms, stability of the softmax family at extreme
// inputs, masks, oneHot, and derivatives (including JAX's conventions at kinks).
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import type { JaxArray } from "../src/tracing/array.js";
import { values } from "./util/read.js";

const { numpy: jnp, nn } = jax;

async function expectValues(x: JaxArray, want: readonly number[], tol = 1e-6, shape?: number[]): Promise<void> {
  if (shape) expect(x.shape).toEqual(shape);
  const got = await values(x);
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => {
    const g = got[i]!;
    if (Number.isNaN(w)) expect(Number.isNaN(g), `[${i}] expected NaN, got ${g}`).toBe(true);
    else if (!Number.isFinite(w)) expect(g, `[${i}]`).toBe(w);
    else expect(Math.abs(g - w) <= tol * (1 + Math.abs(w)), `[${i}]: got ${g}, expected ${w}`).toBe(true);
  });
}

const f64 = (x: number[] | number[][]) => jnp.array(x, { dtype: "float64" });
const points = [-3, -1, -0.25, 0.5, 2, 7];
const pts = f64(points);
const sigmoidRef = (v: number) => 1 / (1 + Math.exp(-v));
const softplusRef = (v: number) => Math.log1p(Math.exp(-Math.abs(v))) + Math.max(v, 0);

/** erf by its Maclaurin series (converges fast on the small arguments used here). */
function erfRef(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 60; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

describe("activations match their closed forms", () => {
  const cases: [string, (x: JaxArray) => JaxArray, (v: number) => number][] = [
    ["relu", nn.relu, (v) => Math.max(v, 0)],
    ["relu6", nn.relu6, (v) => Math.min(Math.max(v, 0), 6)],
    ["sigmoid", nn.sigmoid, sigmoidRef],
    ["softplus", nn.softplus, softplusRef],
    ["softSign", nn.softSign, (v) => v / (Math.abs(v) + 1)],
    ["silu", nn.silu, (v) => v * sigmoidRef(v)],
    ["swish", nn.swish, (v) => v * sigmoidRef(v)],
    ["logSigmoid", nn.logSigmoid, (v) => Math.log(sigmoidRef(v))],
    ["leakyRelu", nn.leakyRelu, (v) => (v >= 0 ? v : 0.01 * v)],
    ["elu", nn.elu, (v) => (v > 0 ? v : Math.expm1(v))],
    ["celu", (x) => nn.celu(x, 0.5), (v) => Math.max(v, 0) + 0.5 * Math.expm1(Math.min(v, 0) / 0.5)],
    [
      "selu",
      nn.selu,
      (v) => 1.0507009873554804934193349852946 * (v > 0 ? v : 1.6732632423543772848170429916717 * Math.expm1(v)),
    ],
    [
      "gelu (tanh approximation)",
      nn.gelu,
      (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3))),
    ],
    ["hardTanh", nn.hardTanh, (v) => Math.min(Math.max(v, -1), 1)],
    ["hardSigmoid", nn.hardSigmoid, (v) => Math.min(Math.max(v + 3, 0), 6) / 6],
    ["hardSwish", nn.hardSwish, (v) => (v * Math.min(Math.max(v + 3, 0), 6)) / 6],
    ["mish", nn.mish, (v) => v * Math.tanh(softplusRef(v))],
    ["squareplus", nn.squareplus, (v) => (v + Math.sqrt(v * v + 4)) / 2],
    ["sparsePlus", nn.sparsePlus, (v) => (v <= -1 ? 0 : v >= 1 ? v : (v + 1) ** 2 / 4)],
    ["sparseSigmoid", nn.sparseSigmoid, (v) => (Math.min(Math.max(v, -1), 1) + 1) / 2],
  ];
  for (const [name, f, ref] of cases) {
    it(name, async () => {
      const out = f(pts);
      expect(out.dtype).toBe("float64");
      await expectValues(out, points.map(ref), 1e-12);
    });
  }

  it("gelu (exact)", async () => {
    // Points where the erf series is accurate in float64.
    const small = [-3, -1, -0.25, 0.5, 2];
    const want = small.map((v) => 0.5 * v * (1 + erfRef(v / Math.SQRT2)));
    await expectValues(nn.gelu(f64(small), { approximate: false }), want, 1e-12);
    await expectValues(nn.gelu(f64(small), false), want, 1e-12);
  });

  it("options given positionally or as objects", async () => {
    await expectValues(
      nn.leakyRelu(pts, 0.2),
      points.map((v) => (v >= 0 ? v : 0.2 * v)),
      1e-12,
    );
    await expectValues(
      nn.leakyRelu(pts, { negativeSlope: 0.2 }),
      points.map((v) => (v >= 0 ? v : 0.2 * v)),
      1e-12,
    );
    await expectValues(
      nn.elu(pts, { alpha: 2 }),
      points.map((v) => (v > 0 ? v : 2 * Math.expm1(v))),
      1e-12,
    );
    await expectValues(
      nn.squareplus(pts, 1),
      points.map((v) => (v + Math.sqrt(v * v + 1)) / 2),
      1e-12,
    );
  });

  it("integer inputs: relu stays integral, float formulas give float32", async () => {
    const ints = jnp.array([-2, 3, 8]);
    expect(nn.relu(ints).dtype).toBe("int32");
    await expectValues(nn.relu(ints), [0, 3, 8]);
    expect(nn.relu6(ints).dtype).toBe("float32");
    await expectValues(nn.relu6(ints), [0, 3, 6]);
    expect(nn.sigmoid(ints).dtype).toBe("float32");
    expect(nn.hardSigmoid(ints).dtype).toBe("float32");
  });

  it("saturating functions don't overflow", async () => {
    const big = jnp.array([-1000, 1000]);
    await expectValues(nn.softplus(big), [0, 1000]);
    await expectValues(nn.logSigmoid(big), [-1000, 0]);
    await expectValues(nn.sigmoid(big), [0, 1]);
    await expectValues(nn.elu(big), [-1, 1000]);
    await expectValues(nn.silu(big), [-0, 1000]);
    await expectValues(nn.gelu(big), [-0, 1000]);
  });

  it("NaN passes through relu", async () => {
    await expectValues(nn.relu(jnp.array([NaN])), [NaN]);
  });

  it("glu splits the axis in halves", async () => {
    const x = f64([
      [1, 2, 0.5, -1],
      [3, 4, 0, 2],
    ]);
    await expectValues(
      nn.glu(x),
      [1 * sigmoidRef(0.5), 2 * sigmoidRef(-1), 3 * sigmoidRef(0), 4 * sigmoidRef(2)],
      1e-12,
      [2, 2],
    );
    await expectValues(
      nn.glu(x, 0),
      [1 * sigmoidRef(3), 2 * sigmoidRef(4), 0.5 * sigmoidRef(0), -1 * sigmoidRef(2)],
      1e-12,
      [1, 4],
    );
    expect(() => nn.glu(jnp.ones([3]))).toThrow(/^glu: axis -1 of f32\[3\] has odd size 3/);
  });
});

describe("softmax family stability", () => {
  it("softmax of [1000, 0] is [1, 0] without NaN", async () => {
    await expectValues(nn.softmax(jnp.array([1000, 0])), [1, 0]);
    await expectValues(nn.softmax(jnp.array([-1000, -1000])), [0.5, 0.5]);
  });

  it("softmax rows sum to one, over any axis", async () => {
    const x = f64([
      [1, 2, 3],
      [-1, 0, 5],
    ]);
    const rows = await values(jnp.sum(nn.softmax(x), -1));
    rows.forEach((r) => expect(Math.abs(r - 1)).toBeLessThan(1e-12));
    const col = (a: number, b: number) => [
      Math.exp(a) / (Math.exp(a) + Math.exp(b)),
      Math.exp(b) / (Math.exp(a) + Math.exp(b)),
    ];
    const [c0, c1, c2] = [col(1, -1), col(2, 0), col(3, 5)];
    await expectValues(nn.softmax(x, 0), [c0[0]!, c1[0]!, c2[0]!, c0[1]!, c1[1]!, c2[1]!], 1e-12);
    const all = nn.softmax(x, null);
    expect(Math.abs((await values(jnp.sum(all)))[0]! - 1)).toBeLessThan(1e-12);
    await expectValues(nn.softmax(x, { axis: [0, 1] }), await values(all), 1e-15);
  });

  it("softmax with a mask gives 0 to masked entries", async () => {
    const out = nn.softmax(f64([1, 2, 3]), { where: jnp.array([true, false, true]) });
    const z = Math.exp(1) + Math.exp(3);
    await expectValues(out, [Math.exp(1) / z, 0, Math.exp(3) / z], 1e-12);
    // Options alone keep the default axis -1.
    const rows = nn.softmax(
      f64([
        [1, 2, 3],
        [0, 0, 0],
      ]),
      { where: jnp.array([true, false, true]) },
    );
    await expectValues(rows, [Math.exp(1) / z, 0, Math.exp(3) / z, 0.5, 0, 0.5], 1e-12);
  });

  it("logSoftmax of large values stays finite", async () => {
    await expectValues(nn.logSoftmax(jnp.array([1000, 0])), [0, -1000]);
    const x = f64([0.5, -2, 3]);
    const lse = Math.log(Math.exp(0.5) + Math.exp(-2) + Math.exp(3));
    await expectValues(nn.logSoftmax(x), [0.5 - lse, -2 - lse, 3 - lse], 1e-12);
    await expectValues(
      nn.logSoftmax(x, { where: jnp.array([true, true, false]) }),
      [0.5 - Math.log(Math.exp(0.5) + Math.exp(-2)), -2 - Math.log(Math.exp(0.5) + Math.exp(-2)), -Infinity],
      1e-12,
    );
  });

  it("logsumexp: -inf rows give -inf, large values don't overflow", async () => {
    const x = jnp.array([
      [-Infinity, -Infinity, -Infinity],
      [1000, 1000, -Infinity],
      [0, 1, 2],
    ]);
    await expectValues(nn.logsumexp(x, 1), [-Infinity, 1000 + Math.LN2, Math.log(1 + Math.E + Math.E ** 2)], 1e-6, [3]);
    await expectValues(
      nn.logsumexp(x, 1, { keepdims: true }),
      [-Infinity, 1000 + Math.LN2, Math.log(1 + Math.E + Math.E ** 2)],
      1e-6,
      [3, 1],
    );
    await expectValues(nn.logsumexp(jnp.array([Infinity, 0])), [Infinity]);
    await expectValues(nn.logsumexp(f64([1, 2, 3])), [Math.log(Math.E + Math.E ** 2 + Math.E ** 3)], 1e-14, []);
    await expectValues(nn.logsumexp(jnp.zeros([0])), [-Infinity]);
  });

  it("logsumexp with weights, signs and masks", async () => {
    const x = f64([0, 1, 2]);
    await expectValues(nn.logsumexp(x, { b: f64([1, 0, 2]) }), [Math.log(1 + 2 * Math.E ** 2)], 1e-14);
    await expectValues(nn.logsumexp(x, { b: f64([1, 0, -1]) }), [NaN]);
    const [v, sign] = nn.logsumexp(x, { b: f64([1, 0, -1]), returnSign: true });
    await expectValues(v, [Math.log(Math.E ** 2 - 1)], 1e-14);
    await expectValues(sign, [-1]);
    await expectValues(nn.logsumexp(x, { where: jnp.array([true, true, false]) }), [Math.log(1 + Math.E)], 1e-14);
    await expectValues(nn.logsumexp(f64([Infinity, 1]), { b: f64([0, 1]) }), [1], 1e-14);
  });

  it("standardize: zero mean, unit variance along the axis", async () => {
    const x = f64([
      [1, 2, 3, 4],
      [10, 10, 20, 20],
    ]);
    const out = nn.standardize(x, { epsilon: 0 });
    const mean = await values(jnp.mean(out, -1));
    const variance = await values(jnp.var(out, -1));
    mean.forEach((m) => expect(Math.abs(m)).toBeLessThan(1e-12));
    variance.forEach((v) => expect(Math.abs(v - 1)).toBeLessThan(1e-12));
    await expectValues(nn.standardize(f64([1, 3]), { mean: 1, variance: 4, epsilon: 0 }), [0, 1], 1e-14);
    await expectValues(
      nn.standardize(
        f64([
          [1, 3],
          [5, 7],
        ]),
        0,
        { epsilon: 0 },
      ),
      [-1, -1, 1, 1],
      1e-12,
    );
  });
});

describe("oneHot", () => {
  it("encodes along the last axis by default; out-of-range rows are zero", async () => {
    const out = nn.oneHot(jnp.array([0, 2, 3, -1]), 3);
    expect(out.dtype).toBe("float32");
    await expectValues(out, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0], 0, [4, 3]);
  });

  it("axis and dtype options", async () => {
    const out = nn.oneHot(jnp.array([[1, 0]]), 2, { axis: 0, dtype: "int32" });
    expect(out.dtype).toBe("int32");
    await expectValues(out, [0, 1, 1, 0], 0, [2, 1, 2]);
    await expectValues(nn.oneHot(jnp.array([1.0, NaN, 0.5]), 2), [0, 1, 0, 0, 0, 0], 0, [3, 2]);
    expect(() => nn.oneHot(jnp.array([1]), -1)).toThrow(/^oneHot: numClasses/);
  });
});

describe("derivatives", () => {
  const check = async (f: (x: JaxArray) => JaxArray, x: JaxArray) =>
    await jax.checkGrads(f, [x], { order: 2, modes: ["fwd", "rev"], atol: 1e-6, rtol: 1e-6 });
  const smooth = f64([-1.3, -0.4, 0.6, 2.2]);

  it("smooth activations", async () => {
    for (const f of [
      nn.sigmoid,
      nn.softplus,
      nn.silu,
      nn.logSigmoid,
      nn.gelu,
      nn.selu,
      nn.elu,
      nn.celu,
      nn.mish,
      nn.softSign,
      nn.squareplus,
    ]) {
      await check(f, smooth);
    }
    await check((x) => nn.gelu(x, false), smooth);
    await check((x) => nn.leakyRelu(x, 0.3), smooth);
    await check(nn.relu6, f64([-1, 0.5, 3, 7]));
    await check(nn.hardSwish, f64([-4, -1, 0.5, 3.5]));
  });

  it("relu and relu6 have derivative 0 at their kinks, as in JAX", async () => {
    const g = jax.grad((x: JaxArray) => jnp.sum(nn.relu(x)))(f64([-1, 0, 2])) as JaxArray;
    await expectValues(g, [0, 0, 1]);
    const g6 = jax.grad((x: JaxArray) => jnp.sum(nn.relu6(x)))(f64([0, 3, 6, 7])) as JaxArray;
    await expectValues(g6, [0, 1, 0, 0]);
  });

  it("softmax family", async () => {
    const x = f64([
      [0.3, -1.2, 2.1],
      [0.5, 1.7, -0.4],
    ]);
    await check((a) => nn.softmax(a), x);
    await check((a) => nn.softmax(a, 0), x);
    await check((a) => nn.logSoftmax(a), x);
    await check((a) => nn.logsumexp(a, 1), x);
    await check((a) => nn.logsumexp(a, { b: f64([1, 2, 0.5]) }), x);
    await check((a) => nn.standardize(a), x);
    await check((a) => nn.glu(a, 0), x);
  });

  it("jit and vmap give the eager values", async () => {
    const x = f64([
      [0.3, -1.2, 2.1],
      [0.5, 1.7, -0.4],
    ]);
    const f = (a: JaxArray) => jnp.add(nn.logSoftmax(a), nn.gelu(a));
    await expectValues(jax.jit(f)(x) as JaxArray, await values(f(x)), 1e-14);
    const row = (r: JaxArray) => jnp.add(nn.softmax(r), nn.logsumexp(r));
    const batched = jax.vmap(row)(x) as JaxArray;
    const rows = [
      [0.3, -1.2, 2.1],
      [0.5, 1.7, -0.4],
    ];
    const looped = (await Promise.all(rows.map((r) => values(row(f64(r)))))).flat();
    await expectValues(batched, looped, 1e-14);
  });

  it("softmax gradients stay finite at extreme inputs", async () => {
    const g = jax.grad((x: JaxArray) => jnp.sum(jnp.multiply(nn.softmax(x), jnp.array([1, 2]))))(
      jnp.array([1000, 0], { dtype: "float32" }),
    ) as JaxArray;
    (await values(g)).forEach((v) => expect(Number.isFinite(v)).toBe(true));
    const h = jax.grad((x: JaxArray) => nn.logsumexp(x))(jnp.array([1000, 1000], { dtype: "float32" })) as JaxArray;
    await expectValues(h, [0.5, 0.5]);
  });
});
