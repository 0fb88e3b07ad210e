// The samplers added to jax.random: Kolmogorov-Smirnov tests at the 1% level against CDFs
// written here from their series and continued fractions, moment checks for the discrete and
// multivariate ones, determinism under jit and vmap, and error messages. Keys are fixed, so every
// statistical check is deterministic.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { DTypeError, ShapeError, UnsupportedError, ValueError } from "../src/errors.js";
import type { JaxArray } from "../src/tracing/array.js";
import { expectClose } from "./util/close.js";
import { values } from "./util/read.js";

const { numpy: jnp, random, lax } = jax;

// ---- Reference distribution functions ------------------------------------------------------

/** log Gamma(x) for x > 0 (Lanczos, g = 7). */
function lgamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61503916999185,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lgamma(1 - x);
  const z = x - 1;
  let s = c[0]!;
  for (let i = 1; i < 9; i++) s += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Regularized lower incomplete gamma P(a, x): the series below a + 1, the continued fraction above. */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  const front = Math.exp(-x + a * Math.log(x) - lgamma(a));
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 10000 && Math.abs(term) > 1e-16 * sum; n++) {
      term *= x / (a + n);
      sum += term;
    }
    return sum * front;
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    d = Math.abs(d) < tiny ? tiny : d;
    c = b + an / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    h *= d * c;
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return 1 - front * h;
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const clamp = (v: number) => (Math.abs(v) < tiny ? tiny : v);
  let c = 1;
  let d = 1 / clamp(1 - ((a + b) * x) / (a + 1));
  let h = d;
  for (let m = 1; m < 10000; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / clamp(1 + even * d);
    c = clamp(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / clamp(1 + odd * d);
    c = clamp(1 + odd / c);
    h *= d * c;
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b). */
function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b;
}

const erf = (x: number) => Math.sign(x) * gammaP(0.5, x * x);

/** Asserts the Kolmogorov-Smirnov statistic is below the 1% critical value 1.628 / sqrt(n). */
function expectKs(samples: number[], cdf: (x: number) => number, label: string): void {
  const xs = [...samples].sort((p, q) => p - q);
  const n = xs.length;
  let d = 0;
  xs.forEach((x, i) => {
    const f = cdf(x);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  });
  expect(d, `${label}: KS statistic ${d.toFixed(4)} with n=${n}`).toBeLessThan(1.628 / Math.sqrt(n));
}

function moments(xs: number[]): [number, number] {
  const m = xs.reduce((s, v) => s + v, 0) / xs.length;
  return [m, xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1)];
}

/** Rows of a [rows, n] sample array. */
async function rows(x: JaxArray): Promise<number[][]> {
  const [r, n] = x.shape as [number, number];
  const v = await values(x);
  return Array.from({ length: r }, (_, i) => v.slice(i * n, (i + 1) * n));
}

// ---- Tests ---------------------------------------------------------------------------------

describe("gamma and loggamma (Marsaglia-Tsang)", () => {
  it("matches the Gamma CDF for small, unit and large shapes; the shape broadcasts a", async () => {
    const alphas = [0.3, 1, 4.5];
    const x = random.gamma(random.key(0), jnp.array([[0.3], [1], [4.5]], { dtype: "float32" }), [3, 3000]);
    expect(x.dtype).toBe("float32");
    (await rows(x)).forEach((r, i) => {
      expect(r.every((v) => v > 0)).toBe(true);
      expectKs(r, (v) => gammaP(alphas[i]!, v), `gamma(${alphas[i]})`);
    });
    expect(random.gamma(random.key(1), jnp.ones([2, 3], { dtype: "float32" })).shape).toEqual([2, 3]);
    expect(random.gamma(random.key(1), 2, [4], { dtype: "float64" }).dtype).toBe("float64");
  });

  it("loggamma is the log of the same draws, and keeps tiny shapes finite", async () => {
    const key = random.key(3);
    const a = jnp.array([0.5, 2, 7], { dtype: "float32" });
    expectClose(await values(jnp.exp(random.loggamma(key, a))), await values(random.gamma(key, a)), 1e-6, 1e-4, "exp(loggamma)");
    const tiny = await values(random.loggamma(key, 0.01, [200]));
    expect(tiny.every(Number.isFinite)).toBe(true);
    expect(Math.min(...tiny)).toBeLessThan(-100);
  });

  it("is deterministic: jit and vmap over keys reproduce the eager draws", async () => {
    const keys = random.split(random.key(7), 3);
    const eager = await Promise.all([0, 1, 2].map((i) => values(random.gamma(keys.index(i), 1.5, [4]))));
    const mapped = jax.vmap((k: JaxArray) => random.gamma(k, 1.5, [4]))(keys) as JaxArray;
    expect(await values(mapped)).toEqual(eager.flat());
    expect(await values(jax.jit((k: JaxArray) => random.gamma(k, 1.5, [4]))(keys.index(0)))).toEqual(eager[0]);
  });

  it("refuses derivatives with respect to a (JAX's implicit reparameterization is not implemented)", async () => {
    const f = (a: JaxArray) => jnp.sum(random.gamma(random.key(0), a, [3]));
    expect(() => jax.grad(f)(jnp.array(2, { dtype: "float32" })) as unknown).toThrow(UnsupportedError);
    expect(() => jax.grad(f)(jnp.array(2, { dtype: "float32" })) as unknown).toThrow(/stopGradient/);
    expect(
      await values(
        jax.grad((s: JaxArray) => jnp.sum(jnp.multiply(s, random.gamma(random.key(0), 2, [3]))))(
          jnp.array(1, { dtype: "float32" }),
        ),
      ),
    ).toHaveLength(1);
  });

  it("checks dtypes and shapes", () => {
    expect(() => random.gamma(random.key(0), 1, [2], { dtype: "int32" })).toThrow(DTypeError);
    expect(() => random.gamma(random.key(0), jnp.ones([3], { dtype: "float32" }), [2])).toThrow(ShapeError);
    expect(() => random.gamma(random.split(random.key(0)), 1)).toThrow(/single key/);
  });
});

describe("distributions built on gamma", () => {
  it("beta(2, 5) and the Dirichlet marginals follow the Beta CDF; Dirichlet rows sum to 1", async () => {
    expectKs(await values(random.beta(random.key(10), 2, 5, [3000])), (v) => betaI(2, 5, v), "beta(2,5)");
    const d = random.dirichlet(random.key(11), jnp.array([1, 2, 3], { dtype: "float32" }), [2000]);
    expect(d.shape).toEqual([2000, 3]);
    const r = await rows(d);
    expect(r.every((p) => Math.abs(p[0]! + p[1]! + p[2]! - 1) < 1e-5)).toBe(true);
    expectKs(
      r.map((p) => p[0]!),
      (v) => betaI(1, 5, v),
      "dirichlet marginal Beta(1,5)",
    );
    expectKs(
      r.map((p) => p[2]!),
      (v) => betaI(3, 3, v),
      "dirichlet marginal Beta(3,3)",
    );
    expect(
      random.beta(random.key(1), jnp.ones([2, 1], { dtype: "float32" }), jnp.ones([3], { dtype: "float32" })).shape,
    ).toEqual([2, 3]);
    expect(() => random.dirichlet(random.key(0), 1)).toThrow(/at least one axis/);
  });

  it("chisquare, F and Student's t match their CDFs", async () => {
    expectKs(await values(random.chisquare(random.key(12), 3, [3000])), (v) => gammaP(1.5, v / 2), "chisquare(3)");
    const [d1, d2] = [5, 10];
    expectKs(
      await values(random.f(random.key(13), d1, d2, [3000])),
      (v) => betaI(d1 / 2, d2 / 2, (d1 * v) / (d1 * v + d2)),
      "f(5,10)",
    );
    const nu = 5;
    const tCdf = (v: number) => {
      const tail = 0.5 * betaI(nu / 2, 0.5, nu / (nu + v * v));
      return v > 0 ? 1 - tail : tail;
    };
    expectKs(await values(random.t(random.key(14), nu, [3000])), tCdf, "t(5)");
    expect(() => random.t(random.key(0), jnp.array([1, 2], { dtype: "float32" }))).toThrow(ShapeError);
  });

  it("generalizedNormal: |x|^p is Gamma(1/p), symmetric about 0", async () => {
    const p = 1.5;
    const x = await values(random.generalizedNormal(random.key(15), p, [3000]));
    expectKs(
      x.map((v) => Math.abs(v) ** p),
      (v) => gammaP(1 / p, v),
      "|x|^p",
    );
    expect(Math.abs(moments(x)[0])).toBeLessThan(0.06);
    expect(() => random.generalizedNormal(random.key(0), 0)).toThrow(/p must be a positive number/);
  });

  it("ball: points lie in the unit Lp ball with radius CDF r^d", async () => {
    const pts = await rows(random.ball(random.key(16), 3, 2, [2000]));
    expectKs(
      pts.map((q) => Math.hypot(...q)),
      (r) => Math.min(1, Math.max(0, r)) ** 3,
      "L2 ball radius",
    );
    const l1 = await rows(random.ball(random.key(17), 2, 1, [1000]));
    expectKs(
      l1.map((q) => Math.abs(q[0]!) + Math.abs(q[1]!)),
      (r) => Math.min(1, Math.max(0, r)) ** 2,
      "L1 ball radius",
    );
  });
});

describe("maxwell and rayleigh", () => {
  it("follow their CDFs", async () => {
    const maxwellCdf = (v: number) => erf(v / Math.SQRT2) - Math.sqrt(2 / Math.PI) * v * Math.exp((-v * v) / 2);
    expectKs(await values(random.maxwell(random.key(20), [3000])), maxwellCdf, "maxwell");
    const sigma = 2;
    expectKs(
      await values(random.rayleigh(random.key(21), sigma, [3000])),
      (v) => 1 - Math.exp(-(v * v) / (2 * sigma * sigma)),
      "rayleigh(2)",
    );
    expect(random.rayleigh(random.key(0), jnp.ones([4], { dtype: "float32" })).shape).toEqual([4]);
  });
});

describe("poisson (Knuth below 10, transformed rejection above)", () => {
  it("matches the Poisson pmf and moments on both sides of the switch; a zero rate gives 0", async () => {
    const lams = [3, 40];
    const x = random.poisson(random.key(30), jnp.array([[3], [40]], { dtype: "float32" }), [2, 4000]);
    expect(x.dtype).toBe("int32");
    (await rows(x)).forEach((r, i) => {
      const lam = lams[i]!;
      const n = r.length;
      const [m, v] = moments(r);
      expect(Math.abs(m - lam), `mean for ${lam}`).toBeLessThan(4 * Math.sqrt(lam / n));
      expect(Math.abs(v / lam - 1), `variance for ${lam}`).toBeLessThan(0.1);
      for (let k = Math.max(0, Math.floor(lam - 2 * Math.sqrt(lam))); k <= lam + 2 * Math.sqrt(lam); k++) {
        const pk = Math.exp(-lam + k * Math.log(lam) - lgamma(k + 1));
        const freq = r.filter((s) => s === k).length / n;
        expect(Math.abs(freq - pk), `P(X=${k}) for lam=${lam}`).toBeLessThan(4 * Math.sqrt((pk * (1 - pk)) / n));
      }
    });
    expect(await values(random.poisson(random.key(0), 0, [5]))).toEqual([0, 0, 0, 0, 0]);
    expect(random.poisson(random.key(0), 2, [3], { dtype: "uint32" }).dtype).toBe("uint32");
  });

  it("agrees under jit and vmap, and wants an integer dtype", async () => {
    const keys = random.split(random.key(31), 2);
    const eager = await Promise.all([0, 1].map((i) => values(random.poisson(keys.index(i), 12, [5]))));
    expect(await values(jax.vmap((k: JaxArray) => random.poisson(k, 12, [5]))(keys))).toEqual(eager.flat());
    expect(await values(jax.jit((k: JaxArray) => random.poisson(k, 12, [5]))(keys.index(1)))).toEqual(eager[1]);
    expect(() => random.poisson(random.key(0), 1, [2], { dtype: "float32" })).toThrow(DTypeError);
  });
});

describe("multivariateNormal", () => {
  const mean = [1, -2];
  const cov = [
    [2, 0.6],
    [0.6, 1],
  ];

  for (const method of ["cholesky", "eigh", "svd"] as const) {
    it(`reproduces the mean and covariance (${method})`, async () => {
      const n = 4000;
      const x = random.multivariateNormal(
        random.key(40),
        jnp.array(mean, { dtype: "float32" }),
        jnp.array(cov, { dtype: "float32" }),
        [n],
        { method },
      );
      expect(x.shape).toEqual([n, 2]);
      const r = await rows(x);
      const means = [0, 1].map((j) => r.reduce((s, q) => s + q[j]!, 0) / n);
      means.forEach((m, j) => expect(Math.abs(m - mean[j]!), `mean ${j}`).toBeLessThan(4 * Math.sqrt(cov[j]![j]! / n)));
      const c = [0, 1].map((i) =>
        [0, 1].map((j) => r.reduce((s, q) => s + (q[i]! - means[i]!) * (q[j]! - means[j]!), 0) / (n - 1)),
      );
      expectClose(c.flat(), cov.flat(), 0.1, 0.05, `covariance (${method})`);
    });
  }

  it("broadcasts batches of means against one covariance, and checks shapes and methods", () => {
    const means = jnp.array(
      [
        [0, 0],
        [10, 10],
        [-5, 5],
      ],
      { dtype: "float32" },
    );
    const x = random.multivariateNormal(random.key(41), means, jnp.eye(2), null);
    expect(x.shape).toEqual([3, 2]);
    const withShape = random.multivariateNormal(random.key(41), means, jnp.eye(2), [7, 3]);
    expect(withShape.shape).toEqual([7, 3, 2]);
    expect(() => random.multivariateNormal(random.key(0), jnp.zeros([2]), jnp.eye(3))).toThrow(
      /cov must have shape \[\.\.\., 2, 2\]/,
    );
    expect(() =>
      random.multivariateNormal(random.key(0), jnp.zeros([2]), jnp.eye(2), null, { method: "qr" as "svd" }),
    ).toThrow(ValueError);
    expect(() => random.multivariateNormal(random.key(0), jnp.zeros([3, 2]), jnp.eye(2), [2])).toThrow(ShapeError);
  });
});

describe("orthogonal (Haar)", () => {
  it("gives orthogonal matrices whose entries have the Haar marginal (q^2 ~ Beta(1/2, (n-1)/2))", async () => {
    const n = 3;
    const q = random.orthogonal(random.key(50), n, [1500]);
    expect(q.shape).toEqual([1500, 3, 3]);
    const qtq = jnp.matmul(jnp.swapaxes(q, -1, -2), q);
    expectClose(await values(qtq), await values(jnp.broadcastTo(jnp.eye(3), [1500, 3, 3])), 2e-5, 0, "q^T q");
    const v = await values(q);
    expectKs(
      Array.from({ length: 1500 }, (_, i) => v[i * 9]! ** 2),
      (s) => betaI(0.5, (n - 1) / 2, s),
      "q00^2",
    );
  });

  it("supports non-square shapes through m", async () => {
    const tall = random.orthogonal(random.key(51), 4, [], { m: 2 });
    expect(tall.shape).toEqual([4, 2]);
    expectClose(await values(jnp.matmul(jnp.transpose(tall), tall)), [1, 0, 0, 1], 1e-6, 0, "tall columns");
    const wide = random.orthogonal(random.key(51), 2, [], { m: 4 });
    expect(wide.shape).toEqual([2, 4]);
    expectClose(await values(jnp.matmul(wide, jnp.transpose(wide))), [1, 0, 0, 1], 1e-6, 0, "wide rows");
    expect(() => random.orthogonal(random.key(0), -1)).toThrow(/non-negative integer/);
  });
});

describe("the new samplers compose with lax", () => {
  it("run inside lax.map over keys", async () => {
    const keys = random.split(random.key(60), 3);
    const out = lax.map((k: JaxArray) => random.beta(k, 2, 2, [2]), keys);
    expect(out.shape).toEqual([3, 2]);
    expect((await values(out)).every((v) => v > 0 && v < 1)).toBe(true);
  });
});
