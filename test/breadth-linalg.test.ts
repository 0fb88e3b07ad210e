// jnp.linalg factorizations and solvers built from lax ops: values against plain-JS references
// (and the defining identities), batches, jit and vmap, gradients checked in float64, and errors.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { ShapeError, ValueError } from "../src/errors.js";
import type { JaxArray } from "../src/tracing/array.js";
import { expectClose } from "./util/close.js";
import { values } from "./util/read.js";

const { numpy: jnp } = jax;
const la = jnp.linalg;
const f64 = (v: number[] | number[][] | number[][][]) => jnp.array(v, { dtype: "float64" });

type Mat = number[][];
const matmul = (a: Mat, b: Mat): Mat => a.map((r) => b[0]!.map((_, j) => r.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
const transpose = (a: Mat): Mat => a[0]!.map((_, j) => a.map((r) => r[j]!));
const identity = (n: number): Mat =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => (i === j ? 1 : 0)));
const toMat = async (x: JaxArray): Promise<Mat> => {
  const [m, n] = x.shape as [number, number];
  const v = await values(x);
  return Array.from({ length: m }, (_, i) => v.slice(i * n, (i + 1) * n));
};

/** Determinant by cofactor expansion: independent of elimination and pivoting. */
function cofactorDet(a: Mat): number {
  if (a.length === 1) return a[0]![0]!;
  return a[0]!.reduce(
    (s, v, j) => s + (j % 2 === 0 ? 1 : -1) * v * cofactorDet(a.slice(1).map((r) => r.filter((_, k) => k !== j))),
    0,
  );
}

const spd: Mat = [
  [4, 2, 0.6, 1],
  [2, 5, 1, 0],
  [0.6, 1, 3, 0.2],
  [1, 0, 0.2, 2],
];
const general: Mat = [
  [0, 2, 1],
  [3, -1, 4],
  [1, 1, 5],
];

describe("cholesky", () => {
  it("gives the lower factor with L L^T = a (and U = L^T with upper)", async () => {
    const l = la.cholesky(f64(spd));
    const lm = await toMat(l);
    lm.forEach((r, i) => r.forEach((v, j) => j > i && expect(v).toBe(0)));
    expectClose(matmul(lm, transpose(lm)).flat(), spd.flat(), 1e-12, 1e-12, "L L^T");
    expect(lm[0]![0]).toBeCloseTo(2, 14);
    expect(lm[1]![0]).toBeCloseTo(1, 14);
    expectClose(await values(la.cholesky(f64(spd), { upper: true })), transpose(lm).flat(), 0, 0, "upper");
    expect(
      (await values(
        la.cholesky(
          f64([
            [1, 2],
            [2, 1],
          ]),
        ),
      )).some(Number.isNaN),
    ).toBe(true);
  });

  it("maps over batches, agrees under jit and vmap, and differentiates", async () => {
    const stack = f64([spd, spd.map((r) => r.map((v) => 2 * v))]);
    const out = la.cholesky(stack);
    expect(out.shape).toEqual([2, 4, 4]);
    expectClose(
      (await values(out)).slice(16),
      (await values(la.cholesky(f64(spd)))).map((v) => v * Math.SQRT2),
      1e-12,
      1e-12,
      "batch",
    );
    expectClose(await values(jax.jit((a: JaxArray) => la.cholesky(a))(stack)), await values(out), 0, 0, "jit");
    expectClose(await values(jax.vmap((a: JaxArray) => la.cholesky(a))(stack)), await values(out), 1e-15, 0, "vmap");
    await jax.checkGrads((a: JaxArray) => la.cholesky(a), [f64(spd.slice(0, 3).map((r) => r.slice(0, 3)))], { order: 1 });
  });

  it("needs square matrices", () => {
    expect(() => la.cholesky(jnp.zeros([2, 3]))).toThrow(ShapeError);
    expect(() => la.cholesky(jnp.zeros([3]))).toThrow(/at least 2 axes/);
  });
});

describe("triangular solves", () => {
  const lower: Mat = [
    [2, 0, 0],
    [1, -3, 0],
    [0.5, 4, 1.5],
  ];
  const b = [1, -2, 3];

  /** Forward substitution in plain JS. */
  const forward = (l: Mat, rhs: number[]) => {
    const x: number[] = [];
    rhs.forEach((v, i) => x.push((v - l[i]!.slice(0, i).reduce((s, c, k) => s + c * x[k]!, 0)) / l[i]![i]!));
    return x;
  };

  it("solveTriangular reads only the named triangle and supports trans and unit diagonals", async () => {
    // Garbage above the diagonal must be ignored when lower is set.
    const noisy = lower.map((r, i) => r.map((v, j) => (j > i ? 99 : v)));
    expectClose(
      await values(jnp.linalg.solveTriangular(f64(noisy), f64(b), { lower: true })),
      forward(lower, b),
      1e-14,
      1e-14,
      "lower",
    );
    // Upper system a^T x = b, by the scipy default lower=false on the transposed matrix.
    const upper = transpose(lower);
    const viaTrans = jnp.linalg.solveTriangular(f64(lower), f64(b), { lower: true, trans: "T" });
    const direct = jnp.linalg.solveTriangular(f64(upper), f64(b));
    expectClose(await values(viaTrans), await values(direct), 1e-14, 1e-14, "trans");
    expectClose(
      matmul(
        upper,
        (await values(direct)).map((v) => [v]),
      ).flat(),
      b,
      1e-13,
      1e-13,
      "upper residual",
    );
    const unit = lower.map((r, i) => r.map((v, j) => (i === j ? 1 : v)));
    expectClose(
      await values(jnp.linalg.solveTriangular(f64(lower), f64(b), { lower: true, unitDiagonal: true })),
      forward(unit, b),
      1e-14,
      1e-14,
      "unit",
    );
  });

  it("triangularSolve solves from the left or the right of matrices, in batches", async () => {
    const rhs: Mat = [
      [1, 0],
      [2, 1],
      [0, 3],
    ];
    const left = jnp.linalg.triangularSolve(f64(lower), f64(rhs), { leftSide: true, lower: true });
    expectClose(matmul(lower, await toMat(left)).flat(), rhs.flat(), 1e-13, 1e-13, "left");
    const right = jnp.linalg.triangularSolve(f64(lower), f64(transpose(rhs)), { lower: true });
    expectClose(matmul(await toMat(right), lower).flat(), transpose(rhs).flat(), 1e-13, 1e-13, "right");
    const batched = jnp.linalg.triangularSolve(f64([lower, lower]), f64([rhs, rhs]), { leftSide: true, lower: true });
    expectClose(await values(batched), [...await values(left), ...await values(left)], 0, 0, "batch");
    await jax.checkGrads(
      (a: JaxArray, y: JaxArray) => jnp.linalg.solveTriangular(a, y, { lower: true }),
      [f64(lower), f64(rhs)],
      { order: 1 },
    );
  });

  it("reports mismatched operands and a bad trans", () => {
    expect(() => jnp.linalg.triangularSolve(jnp.eye(3), jnp.zeros([2, 2]), { leftSide: true })).toThrow(
      /must match a's size 3/,
    );
    expect(() => jnp.linalg.triangularSolve(jnp.zeros([2, 3, 3]), jnp.zeros([3, 3, 3]))).toThrow(/equal batch axes/);
    expect(() => jnp.linalg.solveTriangular(jnp.eye(2), jnp.zeros([2]), { trans: 3 as 0 })).toThrow(ValueError);
  });
});

describe("solve, inv, det, slogdet (LU with partial pivoting)", () => {
  it("solve handles a zero leading pivot, vector and matrix right-hand sides, and broadcast batches", async () => {
    const x = jnp.linalg.solve(f64(general), f64([1, 2, 3]));
    expectClose(
      matmul(
        general,
        (await values(x)).map((v) => [v]),
      ).flat(),
      [1, 2, 3],
      1e-13,
      1e-13,
      "vector",
    );
    const rhs = f64([
      [
        [1, 0],
        [0, 1],
        [1, 1],
      ],
      [
        [2, 2],
        [0, 0],
        [1, -1],
      ],
    ]);
    const xs = jnp.linalg.solve(f64(general), rhs);
    expect(xs.shape).toEqual([2, 3, 2]);
    expectClose(
      matmul(general, await toMat(jnp.reshape(xs, [2, 3, 2]).index(1))).flat(),
      [2, 2, 0, 0, 1, -1],
      1e-13,
      1e-13,
      "batched",
    );
    expect(() => jnp.linalg.solve(jnp.eye(3), jnp.zeros([2]))).toThrow(ShapeError);
  });

  it("inv gives the inverse; det and slogdet agree with cofactor expansion", async () => {
    const ai = await toMat(jnp.linalg.inv(f64(general)));
    expectClose(matmul(general, ai).flat(), identity(3).flat(), 1e-13, 1e-13, "a a^-1");
    const want = cofactorDet(general);
    expect((await values(jnp.linalg.det(f64(general))))[0]).toBeCloseTo(want, 12);
    const [sign, logdet] = jnp.linalg.slogdet(f64(general));
    expect(await values(sign)).toEqual([Math.sign(want)]);
    expect((await values(logdet))[0]).toBeCloseTo(Math.log(Math.abs(want)), 12);
    const dets = jnp.linalg.det(f64([spd, identity(4), spd.map((r) => r.map((v) => -v))]));
    expectClose(await values(dets), [cofactorDet(spd), 1, cofactorDet(spd)], 1e-12, 1e-12, "batched det");
    // A singular matrix: the zero pivot is skipped, so the determinant is exactly zero (of either sign).
    expect(
      Math.abs(
        (await values(
          jnp.linalg.det(
            jnp.array([
              [1, 2],
              [2, 4],
            ]),
          ),
        ))[0]!,
      ),
    ).toBe(0);
    const [s0, l0] = jnp.linalg.slogdet(
      jnp.array([
        [1, 2],
        [2, 4],
      ]),
    );
    expect([...await values(s0), ...await values(l0)]).toEqual([0, -Infinity]);
  });

  it("det's gradient is det * inv(a)^T, and solve/inv/slogdet pass checkGrads", async () => {
    const g = jax.grad((a: JaxArray) => jnp.linalg.det(a))(f64(general)) as JaxArray;
    const adjugateT = transpose(await toMat(jnp.linalg.inv(f64(general)))).map((r) => r.map((v) => v * cofactorDet(general)));
    expectClose(await values(g), adjugateT.flat(), 1e-12, 1e-12, "d det");
    await jax.checkGrads((a: JaxArray, y: JaxArray) => jnp.linalg.solve(a, y), [f64(general), f64([1, 2, 3])], { order: 1 });
    await jax.checkGrads((a: JaxArray) => jnp.linalg.inv(a), [f64(general)], { order: 1, modes: ["rev"] });
    await jax.checkGrads((a: JaxArray) => jnp.linalg.slogdet(a)[1], [f64(general)], { order: 1, modes: ["rev"] });
  });

  it("agrees under jit and vmap", async () => {
    const stack = f64([general, transpose(general)]);
    expectClose(await values(jax.jit((a: JaxArray) => jnp.linalg.det(a))(stack)), await values(jnp.linalg.det(stack)), 0, 0, "jit");
    expectClose(
      await values(jax.vmap((a: JaxArray) => jnp.linalg.inv(a))(stack)),
      await values(jnp.linalg.inv(stack)),
      1e-15,
      0,
      "vmap",
    );
  });
});

describe("qr (Householder)", () => {
  const tall: Mat = [
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 10],
    [1, 0, 1],
  ];

  it("reduced, complete and r modes: q orthonormal, r upper triangular, q r = a, LAPACK's signs", async () => {
    const [q, r] = jnp.linalg.qr(f64(tall));
    expect(q.shape).toEqual([4, 3]);
    expect(r.shape).toEqual([3, 3]);
    const qm = await toMat(q);
    const rm = await toMat(r);
    expectClose(matmul(transpose(qm), qm).flat(), identity(3).flat(), 1e-13, 1e-13, "q^T q");
    expectClose(matmul(qm, rm).flat(), tall.flat(), 1e-13, 1e-13, "q r");
    rm.forEach((row, i) => row.forEach((v, j) => j < i && expect(v).toBe(0)));
    // R[0, 0] = -sign(a[0, 0]) * |a[:, 0]|, the reflector convention numpy and JAX share.
    expect(rm[0]![0]).toBeCloseTo(-Math.hypot(1, 4, 7, 1), 13);
    const [qc, rc] = jnp.linalg.qr(f64(tall), { mode: "complete" });
    expect(qc.shape).toEqual([4, 4]);
    expect(rc.shape).toEqual([4, 3]);
    expectClose(matmul(transpose(await toMat(qc)), await toMat(qc)).flat(), identity(4).flat(), 1e-13, 1e-13, "complete q");
    expectClose(await values(jnp.linalg.qr(f64(tall), { mode: "r" })), await values(r), 0, 0, "r mode");
    const [qw, rw] = jnp.linalg.qr(f64(transpose(tall)));
    expect([qw.shape, rw.shape]).toEqual([
      [3, 3],
      [3, 4],
    ]);
    expectClose(matmul(await toMat(qw), await toMat(rw)).flat(), transpose(tall).flat(), 1e-13, 1e-13, "wide");
  });

  it("differentiates, works in batches under vmap, and rejects unknown modes", async () => {
    await jax.checkGrads((a: JaxArray) => jnp.linalg.qr(a)[1], [f64(tall.slice(0, 3))], { order: 1, modes: ["rev"] });
    const stack = f64([tall, tall.map((r) => r.map((v) => -v))]);
    const [qb] = jnp.linalg.qr(stack);
    const [qv] = jax.vmap((a: JaxArray) => jnp.linalg.qr(a))(stack) as [JaxArray];
    expectClose(await values(qv), await values(qb), 1e-15, 0, "vmap");
    expect(() => jnp.linalg.qr(jnp.eye(2), { mode: "economic" as "r" })).toThrow(/mode must be/);
  });
});

describe("eigh (Jacobi)", () => {
  it("gives ascending eigenvalues and orthonormal eigenvectors with a v = v diag(w)", async () => {
    const [w, v] = jnp.linalg.eigh(f64(spd));
    const wv = await values(w);
    expect([...wv].sort((p, q) => p - q)).toEqual(wv);
    const vm = await toMat(v);
    expectClose(matmul(transpose(vm), vm).flat(), identity(4).flat(), 1e-12, 1e-12, "v^T v");
    expectClose(matmul(spd, vm).flat(), vm.map((r) => r.map((x, j) => x * wv[j]!)).flat(), 1e-12, 1e-12, "a v");
    expect(wv.reduce((s, x) => s + x, 0)).toBeCloseTo(
      spd.reduce((s, r, i) => s + r[i]!, 0),
      12,
    );
    expect(wv.reduce((s, x) => s * x, 1)).toBeCloseTo(cofactorDet(spd), 10);
    // A 2x2 closed form.
    expectClose(
      await values(
        jnp.linalg.eigvalsh(
          f64([
            [2, 1],
            [1, 2],
          ]),
        ),
      ),
      [1, 3],
      1e-14,
      1e-14,
      "2x2",
    );
    // float32 converges to float32 accuracy.
    expectClose(await values(jnp.linalg.eigvalsh(jnp.array(spd))), wv, 1e-5, 1e-5, "float32");
  });

  it("uses JAX's analytic derivative (dw = diag(v^T da v)), and maps over batches", async () => {
    const a = f64([
      [2, 1, 0],
      [1, 3, 1],
      [0, 1, 4],
    ]);
    await jax.checkGrads((m: JaxArray) => jnp.linalg.eigh(m)[0], [a], { order: 1 });
    await jax.checkGrads((m: JaxArray) => jnp.abs(jnp.linalg.eigh(m)[1]), [a], { order: 1, modes: ["rev"] });
    const stack = f64([spd, spd.map((r) => r.map((x) => 3 * x))]);
    const wb = jnp.linalg.eigvalsh(stack);
    expectClose(
      (await values(wb)).slice(4),
      (await values(wb))
        .slice(0, 4)
        .map((x) => 3 * x),
      1e-12,
      1e-12,
      "batch",
    );
    expectClose(await values(jax.jit((m: JaxArray) => jnp.linalg.eigvalsh(m))(stack)), await values(wb), 0, 0, "jit");
    expect(() => jnp.linalg.eigh(jnp.eye(2), { UPLO: "X" as "L" })).toThrow(/UPLO/);
  });
});
