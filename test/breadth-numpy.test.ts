// The numpy additions: unique, bincount, histogram, digitize, convolve/correlate, cov/corrcoef,
// interp, polyval/polyfit, trapezoid, lexsort, resize, gcd/lcm, and deviceGet/blockUntilReady.
// References are plain-JS loops or numpy's documented examples; transforms and errors too.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { ConcretizationError, DTypeError, ShapeError, UnsupportedError, ValueError } from "../src/errors.js";
import { blockUntilReady, deviceGet } from "../src/numpy/host.js";
import type { JaxArray } from "../src/tracing/array.js";
import { expectClose } from "./util/close.js";
import { values } from "./util/read.js";

const { numpy: jnp } = jax;
const f64 = (v: number[] | number[][]) => jnp.array(v, { dtype: "float64" });

describe("unique", () => {
  const x = jnp.array([3, 4, 1, 3, 1]);

  it("sorts unique values and returns first indices, inverse and counts", async () => {
    expect(await values(jnp.unique(x))).toEqual([1, 3, 4]);
    const [u, index, inverse, counts] = jnp.unique(x, {
      returnIndex: true,
      returnInverse: true,
      returnCounts: true,
    }) as [JaxArray, JaxArray, JaxArray, JaxArray];
    expect(await values(u)).toEqual([1, 3, 4]);
    expect(await values(index)).toEqual([2, 0, 1]);
    expect(await values(inverse)).toEqual([1, 2, 0, 1, 0]);
    expect(await values(counts)).toEqual([2, 2, 1]);
    const [, inv2] = jnp.unique(
      jnp.array([
        [1, 2],
        [2, 1],
      ]),
      { returnInverse: true },
    ) as [JaxArray, JaxArray];
    expect(inv2.shape).toEqual([2, 2]);
  });

  it("with a static size it truncates or pads (the smallest value, or fillValue), and works under jit", async () => {
    const [u, index, counts] = jnp.unique(x, { size: 5, returnIndex: true, returnCounts: true }) as [
      JaxArray,
      JaxArray,
      JaxArray,
    ];
    expect(await values(u)).toEqual([1, 3, 4, 1, 1]);
    expect(await values(index)).toEqual([2, 0, 1, 2, 2]);
    expect(await values(counts)).toEqual([2, 2, 1, 0, 0]);
    expect(await values(jnp.unique(x, { size: 2 }))).toEqual([1, 3]);
    const jitted = jax.jit((v: JaxArray) => jnp.unique(v, { size: 4, fillValue: -1 }))(x) as JaxArray;
    expect(await values(jitted)).toEqual([1, 3, 4, -1]);
    expect(() => jax.jit((v: JaxArray) => jnp.unique(v))(x) as unknown).toThrow(ConcretizationError);
    expect(() => jax.jit((v: JaxArray) => jnp.unique(v))(x) as unknown).toThrow(/pass a static size/);
  });

  it("merges NaNs unless equalNan is false, and finds unique rows along an axis", async () => {
    const withNan = jnp.array([1, NaN, 2, NaN]);
    expect(await values(jnp.unique(withNan))).toEqual([1, 2, NaN]);
    expect(await values(jnp.unique(withNan, { equalNan: false }))).toEqual([1, 2, NaN, NaN]);
    const m = jnp.array([
      [1, 2],
      [2, 3],
      [1, 2],
    ]);
    const [rowsU, idx, inv, cnt] = jnp.unique(m, {
      axis: 0,
      returnIndex: true,
      returnInverse: true,
      returnCounts: true,
    }) as [JaxArray, JaxArray, JaxArray, JaxArray];
    expect(rowsU.shape).toEqual([2, 2]);
    expect(await values(rowsU)).toEqual([1, 2, 2, 3]);
    expect([await values(idx), await values(inv), await values(cnt)]).toEqual([
      [0, 1],
      [0, 1, 0],
      [2, 1],
    ]);
    expect(await values(jnp.unique(jnp.array([], { dtype: "float32" }), { size: 2, fillValue: 7 }))).toEqual([7, 7]);
    expect(() => jnp.unique(jnp.array([], { dtype: "float32" }), { size: 2 })).toThrow(/fillValue must be given/);
  });
});

describe("bincount, histogram, digitize", () => {
  it("bincount counts (or sums weights), clips negatives to bin 0 and drops values past length", async () => {
    const x = jnp.array([1, 1, 2, 3, 3, 3]);
    expect(await values(jnp.bincount(x))).toEqual([0, 2, 1, 3]);
    expect(await values(jnp.bincount(x, { weights: jnp.array([1, 2, 3, 4, 5, 6]) }))).toEqual([0, 3, 3, 15]);
    expect(await values(jnp.bincount(x, { minlength: 6 }))).toEqual([0, 2, 1, 3, 0, 0]);
    expect(await values(jnp.bincount(jnp.array([-1, -1, 1, 3, 10]), { length: 5 }))).toEqual([2, 1, 0, 1, 0]);
    expect(await values(jax.jit((v: JaxArray) => jnp.bincount(v, { length: 4 }))(x))).toEqual([0, 2, 1, 3]);
    expect(() => jax.jit((v: JaxArray) => jnp.bincount(v))(x) as unknown).toThrow(/static length/);
    expect(() => jnp.bincount(jnp.array([1.5]))).toThrow(DTypeError);
    expect(() => jnp.bincount(x, { weights: jnp.ones([2]) })).toThrow(ShapeError);
  });

  it("histogram: half-open bins with a closed last bin, ranges, explicit edges, density", async () => {
    const a = jnp.array([1, 2, 3, 10, 11, 15, 19, 25]);
    const [counts, edges] = jnp.histogram(a, { bins: 8 });
    expect(await values(counts)).toEqual([3, 0, 0, 2, 1, 0, 1, 1]);
    expect(await values(edges)).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25]);
    expect(await values(jnp.histogram(a, { bins: 5, range: [0, 25] })[0])).toEqual([3, 0, 2, 2, 1]);
    expect(await values(jnp.histogram(a, { bins: jnp.array([0, 10, 20, 30]) })[0])).toEqual([3, 4, 1]);
    const [dens, e] = jnp.histogram(f64([1, 2, 3, 10, 11, 15, 19, 25]), { density: true });
    const widths = await values(jnp.diff(e));
    expect((await values(dens)).reduce((s, d, i) => s + d * widths[i]!, 0)).toBeCloseTo(1, 12);
    const [w] = jnp.histogram(f64([0.5, 1.5, 1.5]), { bins: 2, range: [0, 2], weights: f64([2, 1, 3]) });
    expect(await values(w)).toEqual([2, 4]);
    // A constant array gets the unit-wide range numpy gives it.
    expect(await values(jnp.histogramBinEdges(jnp.array([5, 5]), { bins: 2 }))).toEqual([4.5, 5, 5.5]);
    const traced = jax.jit((v: JaxArray) => jnp.histogram(v, { bins: 4 }))(a) as [JaxArray, JaxArray];
    expect(await values(traced[0])).toEqual([3, 2, 1, 2]);
  });

  it("digitize for increasing and decreasing bins, and right-closed bins", async () => {
    const x = jnp.array([0.2, 6.4, 3.0, 1.6]);
    expect(await values(jnp.digitize(x, jnp.array([0, 1, 2.5, 4, 10])))).toEqual([1, 4, 3, 2]);
    expect(await values(jnp.digitize(x, jnp.array([10, 4, 2.5, 1, 0])))).toEqual([4, 1, 2, 3]);
    expect(await values(jnp.digitize(jnp.array([1, 2.5]), jnp.array([0, 1, 2.5]), { right: true }))).toEqual([1, 2]);
    expect(await values(jnp.digitize(jnp.array([1, 2.5]), jnp.array([0, 1, 2.5])))).toEqual([2, 3]);
    expect(() => jnp.digitize(x, jnp.ones([2, 2]))).toThrow(/1-dimensional/);
  });
});

/** Full discrete convolution by its definition. */
function convolveRef(a: number[], v: number[]): number[] {
  const out = new Array<number>(a.length + v.length - 1).fill(0);
  a.forEach((x, i) => v.forEach((y, j) => (out[i + j] = out[i + j]! + x * y)));
  return out;
}

describe("convolve and correlate", () => {
  const a = [1, 2, 3, 2, 1];
  const v = [4, 1, 2];

  it("full, same and valid modes match the definition (and numpy's examples)", async () => {
    const full = convolveRef(a, v);
    expect(await values(jnp.convolve(jnp.array(a), jnp.array(v)))).toEqual(full);
    expect(await values(jnp.convolve(jnp.array(a), jnp.array(v), { mode: "same" }))).toEqual(full.slice(1, 6));
    expect(await values(jnp.convolve(jnp.array(a), jnp.array(v), "valid"))).toEqual(full.slice(2, 5));
    expect(await values(jnp.convolve(jnp.array(v), jnp.array(a)))).toEqual(full);
    const w = [4, 5, 6];
    const corrFull = convolveRef(a, [...w].reverse());
    expect(await values(jnp.correlate(jnp.array(a), jnp.array(w), "full"))).toEqual(corrFull);
    expect(await values(jnp.correlate(jnp.array(a), jnp.array(w)))).toEqual([32, 35, 28]);
    expect(await values(jnp.correlate(jnp.array(w), jnp.array(a), "full"))).toEqual([...corrFull].reverse());
    expect(jnp.convolve(jnp.array(a), jnp.array(v)).dtype).toBe("float32");
    expect(jnp.convolve(jnp.array(a), jnp.array(v), { preferredElementType: "int32" }).dtype).toBe("int32");
  });

  it("differentiates and maps over batches", async () => {
    await jax.checkGrads((p: JaxArray, q: JaxArray) => jnp.convolve(p, q, "same"), [f64(a), f64(v)], { order: 1 });
    const batched = jax.vmap((p: JaxArray) => jnp.convolve(p, jnp.array(v)))(
      jnp.array([a, a.map((x) => -x)]),
    ) as JaxArray;
    expect(await values(batched)).toEqual([...convolveRef(a, v), ...convolveRef(a, v).map((x) => -x)]);
    expect(() => jnp.convolve(jnp.ones([2, 2]), jnp.ones([2]))).toThrow(/1-dimensional/);
    expect(() => jnp.convolve(jnp.array(a), jnp.array(v), "circular" as "full")).toThrow(/mode must be/);
  });
});

describe("cov and corrcoef", () => {
  const m = [
    [0, 1, 2],
    [2, 1, 0.5],
  ];
  const covRef = (rowsData: number[][], weights?: number[], ddof = 1): number[][] => {
    const w = weights ?? rowsData[0]!.map(() => 1);
    const total = w.reduce((s, x) => s + x, 0);
    const means = rowsData.map((r) => r.reduce((s, x, i) => s + w[i]! * x, 0) / total);
    return rowsData.map((ri, i) =>
      rowsData.map(
        (rj, j) => ri.reduce((s, x, k) => s + w[k]! * (x - means[i]!) * (rj[k]! - means[j]!), 0) / (total - ddof),
      ),
    );
  };

  it("matches the definition for rows, columns, a second variable, bias and frequency weights", async () => {
    expectClose(await values(jnp.cov(f64(m))), covRef(m).flat(), 1e-14, 1e-14, "cov");
    const cols = m[0]!.map((_, j) => m.map((r) => r[j]!));
    expectClose(await values(jnp.cov(f64(m), { rowvar: false })), covRef(cols).flat(), 1e-14, 1e-14, "rowvar false");
    expectClose(
      await values(jnp.cov(f64([1, 2, 4]), { y: f64([2, 2, 7]) })),
      covRef([
        [1, 2, 4],
        [2, 2, 7],
      ]).flat(),
      1e-14,
      1e-14,
      "y",
    );
    expectClose(await values(jnp.cov(f64(m), { bias: true })), covRef(m, undefined, 0).flat(), 1e-14, 1e-14, "bias");
    expectClose(
      await values(jnp.cov(f64(m), { fweights: jnp.array([1, 2, 1]) })),
      covRef(m, [1, 2, 1]).flat(),
      1e-14,
      1e-14,
      "fweights",
    );
    expect(jnp.cov(f64([1, 2, 4])).shape).toEqual([]);
    // numpy's value with both weight kinds: cov(m, fweights=[1,2,1], aweights=[.5,1,2]).
    expectClose(
      await values(jnp.cov(f64(m), { fweights: jnp.array([1, 2, 1]), aweights: f64([0.5, 1, 2]) })),
      [0.642857142857, -0.428571428571, -0.428571428571, 0.303571428571],
      1e-11,
      0,
      "aweights",
    );
    expect(() => jnp.cov(f64(m), { fweights: f64([1, 2, 1]) })).toThrow(/must be integers/);
    expect(() => jnp.cov(jnp.ones([2, 2, 2]))).toThrow(/more than 2 axes/);
  });

  it("corrcoef normalizes by the standard deviations", async () => {
    const c = covRef(m);
    const want = c.map((r, i) => r.map((v, j) => v / Math.sqrt(c[i]![i]! * c[j]![j]!)));
    expectClose(await values(jnp.corrcoef(f64(m))), want.flat(), 1e-14, 1e-14, "corrcoef");
    expect(await values(jnp.corrcoef(f64([1, 2, 3])))).toEqual([1]);
    await jax.checkGrads((x: JaxArray) => jnp.corrcoef(x), [f64(m)], { order: 1 });
  });
});

/** Piecewise-linear interpolation by scanning the knots. */
function interpRef(x: number, xp: number[], fp: number[]): number {
  if (x <= xp[0]!) return fp[0]!;
  if (x >= xp[xp.length - 1]!) return fp[fp.length - 1]!;
  const i = xp.findIndex((v) => v > x);
  return fp[i - 1]! + ((x - xp[i - 1]!) / (xp[i]! - xp[i - 1]!)) * (fp[i]! - fp[i - 1]!);
}

describe("interp", () => {
  const xp = [0, 1, 2, 3];
  const fp = [0, 10, 20, 5];
  const xs = [-1, 0, 0.5, 1.5, 2.5, 3, 4];

  it("interpolates between knots and holds the end values (or left/right) outside", async () => {
    expectClose(
      await values(jnp.interp(f64(xs), f64(xp), f64(fp))),
      xs.map((x) => interpRef(x, xp, fp)),
      1e-14,
      1e-14,
      "interp",
    );
    expect(await values(jnp.interp(jnp.array([-1, 4]), jnp.array(xp), jnp.array(fp), { left: -5, right: 99 }))).toEqual([
      -5, 99,
    ]);
    // A repeated knot takes the left value instead of dividing 0 by 0.
    expect(await values(jnp.interp(f64([1]), f64([0, 1, 1, 2]), f64([0, 5, 7, 9])))).toEqual([7]);
  });

  it("wraps periodic data (numpy's example) and differentiates in x and fp", async () => {
    const got = jnp.interp(
      jnp.array([-180, -170, -185, 185, -10, -5, 0, 365]),
      jnp.array([190, -190, 350, -350]),
      jnp.array([5, 10, 3, 4]),
      { period: 360 },
    );
    expectClose(await values(got), [7.5, 5, 8.75, 6.25, 3, 3.25, 3.5, 3.75], 1e-5, 1e-5, "period");
    const g = jax.grad((x: JaxArray) => jnp.sum(jnp.interp(x, f64(xp), f64(fp))))(f64([0.5, 2.5])) as JaxArray;
    expect(await values(g)).toEqual([10, -15]);
    await jax.checkGrads((f: JaxArray) => jnp.interp(f64([0.25, 1.75]), f64(xp), f), [f64(fp)], { order: 1 });
    expect(() => jnp.interp(1, jnp.array([1, 2]), jnp.array([1, 2, 3]))).toThrow(/same length/);
    expect(() => jnp.interp(1, jnp.array([1, 2]), jnp.array([1, 2]), { period: 0 })).toThrow(/period/);
  });
});

describe("polyval, polyfit, trapezoid", () => {
  it("polyval evaluates by Horner's rule, broadcasting 2-D coefficients", async () => {
    expect(await values(jnp.polyval(jnp.array([3, 0, 1]), 5))).toEqual([76]);
    expect(await values(jnp.polyval(jnp.array([1, -2, 3]), jnp.array([0, 1, 2])))).toEqual([3, 2, 3]);
    const cols = jnp.polyval(
      jnp.array([
        [1, 2],
        [0, 1],
      ]),
      jnp.array([3, 3]),
    );
    expect(await values(cols)).toEqual([3, 7]);
    const g = jax.grad((x: JaxArray) => jnp.polyval(f64([2, -1, 4]), x))(
      jnp.array(1.5, { dtype: "float64" }),
    ) as JaxArray;
    expect(await values(g)).toEqual([5]);
  });

  it("polyfit recovers exact polynomials and matches numpy's least-squares fit", async () => {
    const x = [0, 1, 2, 3, 4, 5];
    const exact = x.map((t) => 2 * t * t - 3 * t + 1);
    expectClose(await values(jnp.polyfit(f64(x), f64(exact), 2)), [2, -3, 1], 1e-12, 1e-12, "exact");
    const noisy = [0, 0.8, 0.9, 0.1, -0.8, -1];
    expectClose(
      await values(jnp.polyfit(f64(x), f64(noisy), 3)),
      [0.08703704, -0.81349206, 1.69312169, -0.03968254],
      1e-8,
      0,
      "numpy example",
    );
    const two = jnp.polyfit(f64(x), f64(x.map((t) => [t, 3 - t])), 1);
    expectClose(await values(two), [1, -1, 0, 3], 1e-12, 1e-12, "2-D y");
    expect(() => jnp.polyfit(f64([1, 2]), f64([1, 2]), 3)).toThrow(/at least 4 points/);
    expect(() => jnp.polyfit(f64(x), f64(noisy), 2, { full: true })).toThrow(UnsupportedError);
  });

  it("trapezoid integrates with unit spacing, dx, sample points and along an axis", async () => {
    expect(await values(jnp.trapezoid(jnp.array([1, 2, 3])))).toEqual([4]);
    expect(await values(jnp.trapezoid(jnp.array([1, 2, 3]), jnp.array([4, 6, 8])))).toEqual([8]);
    expect(await values(jnp.trapezoid(jnp.array([1, 2, 3]), { dx: 2 }))).toEqual([8]);
    expect(await values(jnp.trapezoid(jnp.arange(6).reshape([2, 3]), { axis: 0 }))).toEqual([1.5, 2.5, 3.5]);
    const t = Array.from({ length: 101 }, (_, i) => (i / 100) * Math.PI);
    expect((await values(jnp.trapezoid(jnp.sin(f64(t)), f64(t))))[0]).toBeCloseTo(2, 3);
    expect(() => jnp.trapezoid(jnp.ones([3]), jnp.ones([4]))).toThrow(ShapeError);
  });
});

describe("lexsort, resize, gcd, lcm", () => {
  it("lexsort sorts by the last key first, stably", async () => {
    const a = [1, 5, 1, 4, 3, 4, 4];
    const b = [9, 4, 0, 4, 0, 2, 1];
    const want = a.map((_, i) => i).sort((i, j) => a[i]! - a[j]! || b[i]! - b[j]! || i - j);
    expect(await values(jnp.lexsort([jnp.array(b), jnp.array(a)]))).toEqual(want);
    expect(await values(jnp.lexsort(jnp.array([b, a])))).toEqual(want);
    expect(
      await values(
        jnp.lexsort(
          [
            jnp.array([
              [3, 1],
              [1, 2],
            ]),
          ],
          { axis: 0 },
        ),
      ),
    ).toEqual([1, 0, 0, 1]);
    expect(() => jnp.lexsort([])).toThrow(ValueError);
    expect(() => jnp.lexsort([jnp.ones([2]), jnp.ones([3])])).toThrow(/same shape/);
  });

  it("resize cycles the flattened elements", async () => {
    expect(
      await values(
        jnp.resize(
          jnp.array([
            [0, 1],
            [2, 3],
          ]),
          [2, 3],
        ),
      ),
    ).toEqual([0, 1, 2, 3, 0, 1]);
    expect(await values(jnp.resize(jnp.array([1, 2, 3]), 7))).toEqual([1, 2, 3, 1, 2, 3, 1]);
    expect(jnp.resize(jnp.array([1, 2]), [0, 3]).shape).toEqual([0, 3]);
    expect(() => jnp.resize(jnp.array([1]), [-1])).toThrow(/non-negative/);
  });

  it("gcd and lcm by Euclid's algorithm, for signs and zeros, under jit and vmap", async () => {
    const refGcd = (p: number, q: number): number => (q === 0 ? Math.abs(p) : refGcd(q, p % q));
    const a = [12, 20, 0, -7, 0, 1071, 2 ** 30];
    const b = [18, 5, 9, 21, 0, 462, 6];
    expect(await values(jnp.gcd(jnp.array(a), jnp.array(b)))).toEqual(a.map((p, i) => refGcd(p, b[i]!)));
    const lcms = a.map((p, i) => (refGcd(p, b[i]!) === 0 ? 0 : Math.abs(p * b[i]!) / refGcd(p, b[i]!)));
    expect(await values(jnp.lcm(jnp.array(a.slice(0, 6)), jnp.array(b.slice(0, 6))))).toEqual(lcms.slice(0, 6));
    expect(await values(jnp.gcd(12, 18))).toEqual([6]);
    expect(await values(jax.jit((p: JaxArray) => jnp.gcd(p, 12))(jnp.array([8, 9])))).toEqual([4, 3]);
    expect(
      await values(jax.vmap((p: JaxArray, q: JaxArray) => jnp.gcd(p, q))(jnp.array([8, 9]), jnp.array([12, 6]))),
    ).toEqual([4, 3]);
    expect(() => jnp.gcd(jnp.array([1.5]), 2)).toThrow(/must be integers/);
  });
});

describe("deviceGet and blockUntilReady", () => {
  it("deviceGet copies every array of a pytree to the host; blockUntilReady returns the same tree", async () => {
    const tree = { a: jnp.array([1, 2]), b: [jnp.array(3, { dtype: "float32" }), 4] };
    const host = await deviceGet(tree);
    expect(host.a.device.platform).toBe("cpu");
    expect(await values(host.a)).toEqual([1, 2]);
    expect(host.b[1]).toBe(4);
    expect(await blockUntilReady(tree)).toBe(tree);
  });

  it("refuses traced arrays", async () => {
    let failure: unknown;
    jax.jit((x: JaxArray) => {
      deviceGet(x).catch((e: unknown) => (failure = e));
      return x;
    })(jnp.ones([2]));
    await new Promise((r) => setTimeout(r, 0));
    expect(failure).toBeInstanceOf(ConcretizationError);
  });
});
