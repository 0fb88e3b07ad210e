// optax's losses against direct float64 computations in plain JS, their stability at logits of
// magnitude 1000 (float32), and the gradients the stable forms give there.
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import type { DType } from "../../src/dtypes.js";
import { DTypeError, ShapeError } from "../../src/errors.js";
import * as losses from "../../src/optax/losses/index.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { expectClose } from "../util/close.js";
import { values } from "../util/read.js";

const jnp = jax.numpy;

/** Deterministic uniform numbers in [lo, hi). */
function uniforms(n: number, seed: number, lo = -3, hi = 3): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  });
}

function rows(flat: number[], width: number): number[][] {
  return Array.from({ length: flat.length / width }, (_, i) => flat.slice(i * width, (i + 1) * width));
}

const arr = (x: number[] | number[][], dtype: DType = "float64") => jnp.array(x, { dtype });

// float64 references
const log1pExp = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const logSigmoid = (x: number) => -log1pExp(-x);
const logsumexp = (xs: number[]) => {
  const m = Math.max(...xs);
  return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
};

describe("classification losses", () => {
  const logits = rows(uniforms(12, 1), 4);
  const probs = rows(uniforms(12, 2, 0, 1), 4).map((r) => {
    const s = r.reduce((a, b) => a + b, 0);
    return r.map((v) => v / s);
  });

  it("sigmoidBinaryCrossEntropy matches -y log p - (1 - y) log(1 - p)", async () => {
    const x = uniforms(10, 3);
    const y = uniforms(10, 4, 0, 1);
    const want = x.map((xi, i) => -y[i]! * logSigmoid(xi) - (1 - y[i]!) * logSigmoid(-xi));
    expectClose(await values(losses.sigmoidBinaryCrossEntropy(arr(x), arr(y))), want, 1e-12, 1e-12, "bce f64");
    expectClose(
      await values(losses.sigmoidBinaryCrossEntropy(arr(x, "float32"), arr(y, "float32"))),
      want,
      1e-6,
      1e-5,
      "bce f32",
    );
  });

  it("sigmoidBinaryCrossEntropy is finite at logits of magnitude 1000, with finite gradients", async () => {
    const x = arr([1000, -1000, 1000, -1000, 0], "float32");
    const y = arr([1, 0, 0, 1, 1], "float32");
    expectClose(await values(losses.sigmoidBinaryCrossEntropy(x, y)), [0, 0, 1000, 1000, Math.LN2], 1e-6, 1e-6, "bce large");
    const g: unknown = jax.grad((l: JaxArray) => jnp.sum(losses.sigmoidBinaryCrossEntropy(l, y)))(x);
    // d/dx = sigmoid(x) - y
    expectClose(await values(g), [0, 0, 1, -1, -0.5], 1e-6, 1e-6, "bce grad");
  });

  it("softmaxCrossEntropy matches -sum(y * logSoftmax(x))", async () => {
    const want = logits.map((r, i) => -r.reduce((s, x, j) => s + probs[i]![j]! * (x - logsumexp(r)), 0));
    expectClose(await values(losses.softmaxCrossEntropy(arr(logits), arr(probs))), want, 1e-12, 1e-12, "sce f64");
    expectClose(
      await values(losses.softmaxCrossEntropy(arr(logits, "float32"), arr(probs, "float32"))),
      want,
      1e-6,
      1e-5,
      "sce f32",
    );
    // optax's documented example
    const doc = losses.softmaxCrossEntropy(
      arr(
        [
          [1.2, -0.8, -0.5],
          [0.9, -1.2, 1.1],
        ],
        "float32",
      ),
      arr(
        [
          [1, 0, 0],
          [0, 1, 0],
        ],
        "float32",
      ),
    );
    expectClose(await values(doc), [0.2761, 2.9518], 1e-4, 0, "documented");
  });

  it("softmaxCrossEntropy over another axis and with a class mask", async () => {
    const x = arr(logits);
    const y = arr(probs);
    const alongRows = losses.softmaxCrossEntropy(jnp.transpose(x), jnp.transpose(y), { axis: 0 });
    expectClose(await values(alongRows), await values(losses.softmaxCrossEntropy(x, y)), 1e-12, 1e-12, "axis 0");
    // masked-out classes neither normalize nor count
    const mask = jnp.array([
      [true, true, false, true],
      [true, true, true, true],
      [false, true, true, true],
    ]);
    const maskValues = await values(mask);
    const want = logits.map((r, i) => {
      const kept = r.map((_, j) => j).filter((j) => maskValues[i * 4 + j] === 1);
      const lse = logsumexp(kept.map((j) => r[j]!));
      return -kept.reduce((s, j) => s + probs[i]![j]! * (r[j]! - lse), 0);
    });
    expectClose(await values(losses.softmaxCrossEntropy(x, y, { where: mask })), want, 1e-12, 1e-12, "where");
  });

  it("softmaxCrossEntropy is finite at logits of magnitude 1000, with gradient softmax - labels", async () => {
    const x = arr(
      [
        [1000, -1000, 0],
        [-1000, 1000, 999],
      ],
      "float32",
    );
    const y = arr(
      [
        [0, 1, 0],
        [0, 0.5, 0.5],
      ],
      "float32",
    );
    const lse2 = 1000 + Math.log1p(Math.exp(-1));
    expectClose(await values(losses.softmaxCrossEntropy(x, y)), [2000, lse2 - 999.5], 1e-3, 1e-6, "large");
    const g: unknown = jax.grad((l: JaxArray) => jnp.sum(losses.softmaxCrossEntropy(l, y)))(x);
    const p2 = [0, 1 / (1 + Math.exp(-1)), Math.exp(-1) / (1 + Math.exp(-1))];
    expectClose(await values(g), [1, -1, 0, 0, p2[1]! - 0.5, p2[2]! - 0.5], 1e-6, 1e-5, "grad");
  });

  it("softmaxCrossEntropyWithIntegerLabels equals the one-hot form, also at large logits", async () => {
    const labels = jnp.array([2, 0, 3], { dtype: "int32" });
    const want = logits.map((r, i) => logsumexp(r) - r[[2, 0, 3][i]!]!);
    expectClose(
      await values(losses.softmaxCrossEntropyWithIntegerLabels(arr(logits), labels)),
      want,
      1e-12,
      1e-12,
      "int labels",
    );
    const big = arr(
      [
        [1000, -1000, 0],
        [-1000, 1000, 999],
      ],
      "float32",
    );
    const out = losses.softmaxCrossEntropyWithIntegerLabels(big, jnp.array([1, 2], { dtype: "int32" }));
    expectClose(await values(out), [2000, Math.log1p(Math.exp(-1)) + 1], 1e-3, 1e-6, "large");
    expect(() => losses.softmaxCrossEntropyWithIntegerLabels(big, jnp.array([1.0, 2.5]))).toThrow(DTypeError);
  });

  it("softmaxCrossEntropyWithIntegerLabels over several axes takes flat labels (optax's example)", async () => {
    const x = jnp.reshape(jnp.arange(24, { dtype: "float32" }), [1, 2, 3, 4]);
    const labels = jnp.array([[1 * 4 + 1, 2 * 4 + 3]], { dtype: "int32" });
    expectClose(
      await values(losses.softmaxCrossEntropyWithIntegerLabels(x, labels, { axis: [2, 3] })),
      [6.4587, 0.4587],
      1e-4,
      0,
      "axes (2, 3)",
    );
  });

  it("softmaxCrossEntropyWithIntegerLabels with a per-example mask gives 0 for dropped examples", async () => {
    const labels = jnp.array([2, 0, 3], { dtype: "int32" });
    const keep = jnp.array([true, false, true]);
    const want = logits.map((r, i) => (i === 1 ? 0 : logsumexp(r) - r[[2, 0, 3][i]!]!));
    expectClose(
      await values(losses.softmaxCrossEntropyWithIntegerLabels(arr(logits), labels, { where: keep })),
      want,
      1e-12,
      1e-12,
      "where",
    );
  });

  it("hingeLoss and perceptronLoss", async () => {
    const out = arr([2, 0.5, -0.3, -2]);
    const t = arr([1, 1, -1, 1]);
    expectClose(await values(losses.hingeLoss(out, t)), [0, 0.5, 0.7, 3], 1e-12, 1e-12, "hinge");
    expectClose(await values(losses.perceptronLoss(out, t)), [0, 0, 0, 2], 1e-12, 1e-12, "perceptron");
  });
});

describe("divergences", () => {
  const p = [0.1, 0.2, 0.3, 0.4];
  const q = [0.25, 0.25, 0.4, 0.1];
  const logP = p.map(Math.log);

  it("klDivergence is sum(t (log t - log p)) with 0 log 0 = 0", async () => {
    const want = q.reduce((s, t, i) => s + t * (Math.log(t) - logP[i]!), 0);
    expectClose(await values(losses.klDivergence(arr(logP), arr(q))), [want], 1e-12, 1e-12, "kl");
    const withZero = [0.5, 0, 0.5, 0];
    const wantZero = 0.5 * (Math.log(0.5) - logP[0]!) + 0.5 * (Math.log(0.5) - logP[2]!);
    expectClose(await values(losses.klDivergence(arr(logP), arr(withZero))), [wantZero], 1e-12, 1e-12, "kl zero targets");
    expectClose(
      await values(losses.klDivergenceWithLogTargets(arr(logP), arr(q.map(Math.log)))),
      [want],
      1e-12,
      1e-12,
      "log targets",
    );
  });

  it("generalizedKlDivergence (convexKlDivergence) adds the mass difference", async () => {
    const scaledLogP = p.map((v) => Math.log(2 * v));
    const kl = q.reduce((s, t, i) => s + t * (Math.log(t) - scaledLogP[i]!), 0);
    const want = kl + p.reduce((s, v, i) => s + 2 * v - q[i]!, 0);
    expectClose(await values(losses.generalizedKlDivergence(arr(scaledLogP), arr(q))), [want], 1e-12, 1e-12, "generalized");
    expect(losses.convexKlDivergence).toBe(losses.generalizedKlDivergence);
  });
});

describe("regression losses", () => {
  const pred = [0.5, -2, 3.25, 0.1];
  const targ = [0, -1, 1, 0.1];

  it("squaredError and l2Loss", async () => {
    const sq = pred.map((v, i) => (v - targ[i]!) ** 2);
    expectClose(await values(losses.squaredError(arr(pred), arr(targ))), sq, 1e-12, 1e-12, "squared");
    expectClose(
      await values(losses.l2Loss(arr(pred), arr(targ))),
      sq.map((v) => v / 2),
      1e-12,
      1e-12,
      "l2",
    );
    expectClose(
      await values(losses.l2Loss(arr(pred))),
      pred.map((v) => (v * v) / 2),
      1e-12,
      1e-12,
      "l2 no targets",
    );
    expect(() => losses.squaredError(arr(pred), arr([1, 2]))).toThrow(ShapeError);
    expect(() => losses.squaredError(jnp.array([1, 2]))).toThrow(DTypeError);
  });

  it("huberLoss is quadratic inside delta and linear outside", async () => {
    const huber = (e: number, d: number) => (Math.abs(e) <= d ? 0.5 * e * e : 0.5 * d * d + d * (Math.abs(e) - d));
    const e = pred.map((v, i) => v - targ[i]!);
    expectClose(
      await values(losses.huberLoss(arr(pred), arr(targ))),
      e.map((x) => huber(x, 1)),
      1e-12,
      1e-12,
      "delta 1",
    );
    expectClose(
      await values(losses.huberLoss(arr(pred), arr(targ), { delta: 0.75 })),
      e.map((x) => huber(x, 0.75)),
      1e-12,
      1e-12,
      "delta 0.75",
    );
    // the gradient is the clipped error
    const g: unknown = jax.grad((p: JaxArray) => jnp.sum(losses.huberLoss(p, arr(targ))))(arr(pred));
    expectClose(
      await values(g),
      e.map((x) => Math.max(-1, Math.min(1, x))),
      1e-12,
      1e-12,
      "huber grad",
    );
  });

  it("logCosh matches log(cosh(e)) and stays finite for large errors", async () => {
    const e = pred.map((v, i) => v - targ[i]!);
    expectClose(
      await values(losses.logCosh(arr(pred), arr(targ))),
      e.map((x) => Math.log(Math.cosh(x))),
      1e-12,
      1e-12,
      "logcosh",
    );
    const big = losses.logCosh(arr([1000, -1000], "float32"));
    expectClose(await values(big), [1000 - Math.LN2, 1000 - Math.LN2], 1e-3, 1e-6, "logcosh large");
    const at = [0, 0.5, -2, 30];
    const g: unknown = jax.grad((p: JaxArray) => jnp.sum(losses.logCosh(p)))(arr(at));
    expectClose(await values(g), at.map(Math.tanh), 1e-12, 1e-12, "logcosh grad is tanh");
  });

  it("cosineSimilarity and cosineDistance along the last axis", async () => {
    const a = [
      [1, 2, 3],
      [0, 1, 0],
    ];
    const b = [
      [-1, 0.5, 2],
      [0, 3, 0],
    ];
    const cos = (u: number[], v: number[]) => {
      const dot = u.reduce((s, x, i) => s + x * v[i]!, 0);
      return dot / Math.sqrt(u.reduce((s, x) => s + x * x, 0) * v.reduce((s, x) => s + x * x, 0));
    };
    const want = a.map((r, i) => cos(r, b[i]!));
    expectClose(await values(losses.cosineSimilarity(arr(a), arr(b))), want, 1e-12, 1e-12, "similarity");
    expectClose(
      await values(losses.cosineDistance(arr(a), arr(b))),
      want.map((w) => 1 - w),
      1e-12,
      1e-12,
      "distance",
    );
    expectClose(
      await values(losses.cosineSimilarity(arr([0, 0, 0]), arr([1, 2, 3]), { epsilon: 1e-12 })),
      [0],
      0,
      0,
      "zero vector",
    );
  });
});

describe("through the public optax module", () => {
  it("losses are both in optax.losses and at the top level, as in optax's older API", async () => {
    const optax = await import("../../src/optax/index.js");
    for (const name of [
      "softmaxCrossEntropy",
      "softmaxCrossEntropyWithIntegerLabels",
      "sigmoidBinaryCrossEntropy",
      "l2Loss",
      "squaredError",
      "huberLoss",
      "hingeLoss",
      "logCosh",
      "klDivergence",
      "convexKlDivergence",
      "cosineSimilarity",
      "cosineDistance",
    ] as const) {
      expect(typeof optax.losses[name], name).toBe("function");
      expect(optax[name], name).toBe(optax.losses[name]);
    }
  });
});
