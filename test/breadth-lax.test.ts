// lax.map, lax.associativeScan and lax.topK: values against plain-loop references, pytrees,
// the options, derivatives, jit and vmap, and error messages.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { ShapeError, ValueError } from "../src/errors.js";
import type { JaxArray } from "../src/tracing/array.js";
import { expectClose } from "./util/close.js";
import { values } from "./util/read.js";

const { numpy: jnp, lax } = jax;
const f64 = (v: number[] | number[][]) => jnp.array(v, { dtype: "float64" });

describe("lax.map", () => {
  it("applies f to each leading slice of a pytree and stacks a pytree result", async () => {
    const xs = {
      a: jnp.array([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      b: jnp.array([10, 20, 30]),
    };
    const out = lax.map((x: { a: JaxArray; b: JaxArray }) => ({ s: jnp.sum(x.a), t: jnp.add(x.a, x.b) }), xs);
    expect(await values(out.s)).toEqual([3, 7, 11]);
    expect(out.t.shape).toEqual([3, 2]);
    expect(await values(out.t)).toEqual([11, 12, 23, 24, 35, 36]);
  });

  it("batchSize maps whole batches with vmap and the remainder after them, with the same values", async () => {
    const xs = jnp.arange(7).astype("float32");
    const f = (x: JaxArray) => jnp.stack([jnp.sin(x), jnp.multiply(x, x)]);
    const plain = lax.map(f, xs);
    for (const batchSize of [1, 2, 3, 7, 10]) {
      const batched = lax.map(f, xs, { batchSize });
      expect(batched.shape).toEqual([7, 2]);
      expectClose(await values(batched), await values(plain), 1e-6, 1e-6, `batchSize ${batchSize}`);
    }
    expect((await values(plain)).filter((_, i) => i % 2 === 1)).toEqual([0, 1, 4, 9, 16, 25, 36]);
  });

  it("differentiates (reverse mode through the scan) and works under jit and vmap", async () => {
    const xs = f64([0.5, 1, 2]);
    const g = jax.grad((v: JaxArray) => jnp.sum(lax.map((x: JaxArray) => jnp.multiply(jnp.sin(x), x), v)))(
      xs,
    ) as JaxArray;
    expectClose(
      await values(g),
      [0.5, 1, 2].map((x) => Math.sin(x) + x * Math.cos(x)),
      1e-12,
      1e-12,
      "grad",
    );
    const jitted = jax.jit((v: JaxArray) => lax.map((x: JaxArray) => jnp.multiply(x, 3), v, { batchSize: 2 }))(
      xs,
    ) as JaxArray;
    expectClose(await values(jitted), [1.5, 3, 6], 0, 0, "jit");
    const rows = jax.vmap((m: JaxArray) => lax.map((x: JaxArray) => jnp.sum(x), m))(
      jnp.arange(12).reshape([2, 3, 2]),
    ) as JaxArray;
    expect(await values(rows)).toEqual([1, 5, 9, 13, 17, 21]);
  });

  it("reports leaves without a common leading axis, and a bad batchSize", () => {
    expect(() => lax.map((x: unknown) => x, { a: jnp.zeros([2]), b: jnp.zeros([3]) })).toThrow(ShapeError);
    expect(() => lax.map((x: unknown) => x, { a: jnp.zeros([2]), b: jnp.zeros([3]) })).toThrow(
      /different leading sizes/,
    );
    expect(() => lax.map((x: unknown) => x, jnp.zeros([2]), { batchSize: 0 })).toThrow(
      /batchSize must be a positive integer/,
    );
    expect(() => lax.map((x: unknown) => x, [])).toThrow(ValueError);
  });
});

/** Inclusive scan by a left-to-right loop, the definition associativeScan must agree with. */
function sequentialScan<T>(xs: T[], fn: (a: T, b: T) => T): T[] {
  const out: T[] = [];
  xs.forEach((x, i) => out.push(i === 0 ? x : fn(out[i - 1]!, x)));
  return out;
}

describe("lax.associativeScan", () => {
  it("matches a sequential scan for every length (odd and even recursion paths)", async () => {
    for (const n of [1, 2, 3, 5, 8, 13]) {
      const data = Array.from({ length: n }, (_, i) => ((i * 7) % 5) - 2);
      const sums = lax.associativeScan((a: JaxArray, b: JaxArray) => jnp.add(a, b), jnp.array(data));
      expect(await values(sums), `n=${n}`).toEqual(sequentialScan(data, (a, b) => a + b));
      const maxes = lax.associativeScan((a: JaxArray, b: JaxArray) => jnp.maximum(a, b), jnp.array(data));
      expect(await values(maxes), `max n=${n}`).toEqual(sequentialScan(data, Math.max));
    }
  });

  it("keeps fn's argument order for non-commutative operators, also reversed", async () => {
    // 2x2 matrix products: prefix products A0, A0 A1, A0 A1 A2, ...
    const mats = [
      [
        [1, 2],
        [0, 1],
      ],
      [
        [0, 1],
        [1, 0],
      ],
      [
        [2, 0],
        [1, 1],
      ],
      [
        [1, 1],
        [1, 2],
      ],
      [
        [3, 0],
        [0, 1],
      ],
    ];
    const mul2 = (a: number[][], b: number[][]) =>
      a.map((r) => [r[0]! * b[0]![0]! + r[1]! * b[1]![0]!, r[0]! * b[0]![1]! + r[1]! * b[1]![1]!]);
    const prefix = lax.associativeScan((a: JaxArray, b: JaxArray) => jnp.matmul(a, b), jnp.array(mats));
    expect(await values(prefix)).toEqual(sequentialScan(mats, mul2).flat(2));
    // Reverse: out[i] combines elements i..n-1, folding from the end with fn(later, earlier), as JAX does.
    const suffix = lax.associativeScan((a: JaxArray, b: JaxArray) => jnp.matmul(a, b), jnp.array(mats), {
      reverse: true,
    });
    const want = sequentialScan([...mats].reverse(), mul2).reverse();
    expect(await values(suffix)).toEqual(want.flat(2));
  });

  it("scans pytrees along any axis: the linear recurrence h = a h + b", async () => {
    const a = [
      [0.5, 2, 1, -1],
      [1, 1, 0.5, 0.25],
    ];
    const b = [
      [1, 2, 3, 4],
      [0, 1, -1, 2],
    ];
    const combine = (x: [JaxArray, JaxArray], y: [JaxArray, JaxArray]): [JaxArray, JaxArray] => [
      jnp.multiply(y[0], x[0]),
      jnp.add(jnp.multiply(y[0], x[1]), y[1]),
    ];
    const [, h] = lax.associativeScan(combine, [f64(a), f64(b)] as [JaxArray, JaxArray], { axis: -1 });
    const want = a.map((row, r) => {
      let state = 0;
      return row.map((coef, i) => (state = coef * state + b[r]![i]!));
    });
    expectClose(await values(h), want.flat(), 1e-12, 1e-12, "recurrence");
  });

  it("differentiates, and agrees under jit and vmap", async () => {
    const x = f64([0.5, -1, 2, 3]);
    const prodScan = (v: JaxArray) => lax.associativeScan((p: JaxArray, q: JaxArray) => jnp.multiply(p, q), v);
    await jax.checkGrads((v: JaxArray) => prodScan(v), [x], { order: 1 });
    const g = jax.grad((v: JaxArray) => jnp.sum(prodScan(v)))(x) as JaxArray;
    // d/dx_k of sum_i prod_{j<=i} x_j.
    const xs = [0.5, -1, 2, 3];
    const want = xs.map((_, k) =>
      xs.reduce(
        (acc, __, i) => (i < k ? acc : acc + xs.slice(0, i + 1).reduce((p, v, j) => (j === k ? p : p * v), 1)),
        0,
      ),
    );
    expectClose(await values(g), want, 1e-12, 1e-12, "grad");
    expectClose(await values(jax.jit(prodScan)(x)), await values(prodScan(x)), 0, 0, "jit");
    const batch = jnp.array([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const viaVmap = jax.vmap((r: JaxArray) => lax.associativeScan((p: JaxArray, q: JaxArray) => jnp.add(p, q), r))(
      batch,
    ) as JaxArray;
    expect(await values(viaVmap)).toEqual([1, 3, 6, 4, 9, 15]);
  });

  it("reports mismatched axis sizes and results of the wrong structure", () => {
    const add = (p: JaxArray[], q: JaxArray[]) => [jnp.add(p[0]!, q[0]!), jnp.add(p[1]!, q[1]!)];
    expect(() => lax.associativeScan(add, [jnp.zeros([3]), jnp.zeros([4])])).toThrow(/same size along axis 0/);
    expect(() => lax.associativeScan((p: JaxArray[]) => [p[0]!], [jnp.zeros([3]), jnp.zeros([3])])).toThrow(
      /must return the structure of elems/,
    );
    expect(() => lax.associativeScan((p: JaxArray) => jnp.sum(p), jnp.zeros([4]))).toThrow(
      /leaves shaped like its arguments/,
    );
    expect(() => lax.associativeScan((p: JaxArray) => p, jnp.zeros([]))).toThrow(ShapeError);
  });
});

describe("lax.topK", () => {
  it("returns the k largest along the last axis, ties in index order, NaN first", async () => {
    const [v, i] = lax.topK(
      jnp.array([
        [3, 1, 3, 2, 5],
        [0, -1, 4, 4, 4],
      ]),
      3,
    );
    expect(v.shape).toEqual([2, 3]);
    expect(await values(v)).toEqual([5, 3, 3, 4, 4, 4]);
    expect(await values(i)).toEqual([4, 0, 2, 2, 3, 4]);
    expect(i.dtype).toBe("int32");
    const [nanV, nanI] = lax.topK(jnp.array([1, NaN, Infinity, -Infinity]), 4);
    expect(await values(nanV)).toEqual([NaN, Infinity, 1, -Infinity]);
    expect(await values(nanI)).toEqual([1, 2, 0, 3]);
    const [u] = lax.topK(jnp.array([7, 4294967295, 0], { dtype: "uint32" }), 2);
    expect(await values(u)).toEqual([4294967295, 7]);
    const [empty, emptyI] = lax.topK(jnp.array([1, 2]), 0);
    expect(empty.shape).toEqual([0]);
    expect(emptyI.shape).toEqual([0]);
  });

  it("passes gradients to the selected entries, and works under jit and vmap", async () => {
    const x = f64([0.3, 2, -1, 5, 1]);
    const g = jax.grad((v: JaxArray) => jnp.sum(jnp.multiply(lax.topK(v, 2)[0], f64([10, 1]))))(x) as JaxArray;
    expect(await values(g)).toEqual([0, 1, 0, 10, 0]);
    await jax.checkGrads((v: JaxArray) => lax.topK(v, 3)[0], [x], { order: 1 });
    const [jv, ji] = jax.jit((v: JaxArray) => lax.topK(v, 2))(x) as [JaxArray, JaxArray];
    expect(await values(jv)).toEqual([5, 2]);
    expect(await values(ji)).toEqual([3, 1]);
    const [bv] = jax.vmap((r: JaxArray) => lax.topK(r, 1), { inAxes: 1 })(
      jnp.array([
        [1, 9],
        [8, 2],
        [3, 4],
      ]),
    ) as [JaxArray];
    expect(await values(bv)).toEqual([8, 9]);
  });

  it("reports k out of range and 0-d operands", () => {
    expect(() => lax.topK(jnp.array([1, 2, 3]), 4)).toThrow(/no larger than the last axis of i32\[3\]/);
    expect(() => lax.topK(jnp.array([1, 2, 3]), -1)).toThrow(ValueError);
    expect(() => lax.topK(jnp.array(3), 1)).toThrow(/at least one axis/);
  });
});
