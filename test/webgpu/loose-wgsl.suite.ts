// Where the WebGPU kernels used to work only within limits, against the CPU backend:
// trigonometric functions of any finite argument (the range reduction was good below ~8192 only:
// sin(1e10) came out -3.3e17), long float32 sums and products (one f32 loop per output: a sum of
// ten million 0.1s gave 1087937), and concatenates of more operands than one kernel may bind.
import { beforeAll, describe, expect, it } from "vitest";
import "../../src/index.js";
import { numpy as jnp } from "../../src/index.js";
import { arrayFromHost, type ArrayImpl } from "../../src/array.js";
import type { DType } from "../../src/dtypes.js";
import * as lax from "../../src/lax/index.js";
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import { loweringOf } from "../../src/lowering/table.js";
import { DEFAULT_TUNING } from "../../src/lowering/lowering.js";
import { TWO_OVER_PI_WORDS } from "../../src/lowering/wgsl/lib-trig-reduce.js";
import { ShapedArray } from "../../src/tracing/aval.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { cpuDevice, onDevice, openWebGpu, skipWebGpu } from "./webgpu-env.js";

let gpu: WebGpuDevice | null = null;

/** `f` on both devices, over operands made on each; resolves to [cpu, webgpu] values. */
async function both(f: () => JaxArray): Promise<[number[], number[]]> {
  const want = Array.from((onDevice(cpuDevice, f) as ArrayImpl).dataSync());
  const got = Array.from(await (onDevice(gpu!, f) as ArrayImpl).data());
  return [want, got];
}

/** The spacing of float32 values at |x|. */
function ulp(x: number): number {
  const a = Math.abs(Math.fround(x));
  return a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
}

/** A deterministic stream of floats in [0, 1) (xorshift32), so failures reproduce. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

function expectSame(got: number[], want: number[], label: string): void {
  expect(got.length, label).toBe(want.length);
  const bad = want.findIndex((w, i) => !(Object.is(got[i], w) || (Number.isNaN(got[i]) && Number.isNaN(w))));
  expect(bad, `${label}: at ${bad}, WebGPU ${got[bad]}, CPU ${want[bad]}`).toBe(-1);
}

// The float32 values closest to a multiple of pi/2 for each binary exponent (the 32 closest of
// them), found by an exhaustive search over every float32 from 2^-7 up with 128-bit integer
// arithmetic. 7.72917892e28 = 16367173 * 2^72 is the closest of all: 2^-29.9 quarter turns.
const NEAR_HALF_PI_MULTIPLES = [
  7.72917892e28, 2.19993846e10, 1.54583578e29, 4.39987692e10, 252.898209, 3.09167157e29, 4.63818338e25, 1.52278899e12,
  8.11762664e22, 8.79975383e10, 505.796417, 4.3865579e33, 42781604, 4.71238899, 1.0341292e27, 6.18334314e29,
  9.27636677e25, 1.52826894e17, 3.04557798e12, 1.62352533e23, 1.75995077e11, 52516.4336, 3.7955707e30, 1011.59283,
  2709675.5, 8.77311579e33, 1.28410089e22, 2.43528799e23, 620046656, 1.26145879e38, 85563208, 9.42477798,
];

describe.skipIf(skipWebGpu)("WebGPU kernels past their old limits match the CPU", () => {
  beforeAll(async () => {
    gpu = await openWebGpu();
  });

  describe("sin, cos and tan of any finite argument", () => {
    it("reads 2/pi's bits correctly (recomputed from Machin's formula)", () => {
      const bits = 32n * BigInt(TWO_OVER_PI_WORDS.length) + 64n;
      const one = 1n << bits;
      // atan(1/k) * 2^bits by its series.
      const atanInverse = (k: bigint): bigint => {
        let [sum, power, n, sign] = [0n, one / k, 1n, 1n];
        while (power !== 0n) {
          sum += (sign * power) / n;
          power /= k * k;
          n += 2n;
          sign = -sign;
        }
        return sum;
      };
      const pi = 16n * atanInverse(5n) - 4n * atanInverse(239n);
      const twoOverPi = (2n * one * one) / pi;
      const words = TWO_OVER_PI_WORDS.map((_, i) => Number((twoOverPi >> (bits - 32n * BigInt(i + 1))) & 0xffffffffn));
      expect(words).toEqual(TWO_OVER_PI_WORDS);
    });

    const functions: [string, (x: JaxArray) => JaxArray, number][] = [
      ["sin", lax.sin, 2],
      ["cos", lax.cos, 2],
      ["tan", lax.tan, 4],
    ];
    const hard = [1e10, 1e6, -1e10, 3.4028234663852886e38, 8191.999, 8192, 8192.001, 16777216, 2 ** 100];
    const inputs = [...hard, ...NEAR_HALF_PI_MULTIPLES, ...NEAR_HALF_PI_MULTIPLES.map((x) => -x)].map(Math.fround);
    it.each(functions)("%s within a few ulp next to multiples of pi/2 and far out", async (name, f, ulps) => {
      const [want, got] = await both(() => f(arrayFromHost(inputs, [inputs.length], "float32")));
      for (const [i, w] of want.entries()) {
        const error = Math.abs(got[i]! - w) / ulp(w);
        expect(error, `${name}(${inputs[i]}) = ${got[i]}, CPU ${w}`).toBeLessThanOrEqual(ulps);
      }
    });

    it("sin(1e10) and cos(1e6) to float32 accuracy", async () => {
      const [want, got] = await both(() => {
        const x = arrayFromHost([1e10, 1e6], [2], "float32");
        return lax.concatenate([lax.sin(lax.slice(x, [0], [1])), lax.cos(lax.slice(x, [1], [2]))], 0);
      });
      expect(got[0]).toBeCloseTo(Math.sin(1e10), 6);
      expect(got[1]).toBeCloseTo(Math.cos(1e6), 6);
      expect(Math.abs(got[0]! - want[0]!)).toBeLessThanOrEqual(ulp(want[0]!));
      expect(Math.abs(got[1]! - want[1]!)).toBeLessThanOrEqual(ulp(want[1]!));
    });
  });

  describe("long reductions are accurate and parallel", () => {
    /** |got - want| <= rtol * scale, where scale defaults to |want|. */
    function expectClose(got: number[], want: number[], rtol: number, label: string, scale?: number[]): void {
      for (const [i, w] of want.entries()) {
        const tolerance = rtol * (scale?.[i] ?? Math.abs(w));
        expect(Math.abs(got[i]! - w), `${label} at ${i}: WebGPU ${got[i]}, CPU ${w}`).toBeLessThanOrEqual(tolerance);
      }
    }

    // Speed is measured in benchmarks, not asserted here; this checks the value and determinism.
    it("sums ten million 0.1s to 1e6 (1e-6 relative), the same on every run", async () => {
      const x = onDevice(gpu!, () => jnp.full([1e7], 0.1, { dtype: "float32" }));
      const sum = async () => (await (onDevice(gpu!, () => jnp.sum(x)) as ArrayImpl).data())[0]!;
      const first = await sum();
      expect(await sum()).toBe(first);
      const want = onDevice(cpuDevice, () => jnp.sum(jnp.full([1e7], 0.1, { dtype: "float32" })));
      expectClose([first], Array.from((want as ArrayImpl).dataSync()), 1e-6, "sum");
      (x as ArrayImpl).dispose();
    });

    it("sums and averages random data of 1e6 and 1e7 elements to 1e-6 relative", async () => {
      for (const n of [1e6, 1e7]) {
        const next = random(n);
        const host = Float32Array.from({ length: n }, () => next() * 2 - 0.5);
        const [want, got] = await both(() => {
          const x = arrayFromHost(host, [n], "float32");
          return jnp.stack([jnp.sum(x), jnp.mean(x)]);
        });
        expectClose(got, want, 1e-6, `sum and mean of ${n}`);
      }
    });

    it("keeps the error relative to the sum of magnitudes where terms cancel", async () => {
      const n = 3_000_000;
      const next = random(7);
      const host = Float32Array.from({ length: n }, () => next() - 0.5);
      const magnitude = host.reduce((a, v) => a + Math.abs(v), 0);
      const [want, got] = await both(() => jnp.sum(arrayFromHost(host, [n], "float32")));
      expectClose(got, want, 1e-6, "sum", [magnitude]);
    });

    it("reduces long strided lines, several reduced axes and a few outputs", async () => {
      const shape = [40, 3, 5000];
      const size = shape.reduce((a, b) => a * b, 1);
      const next = random(11);
      const host = Float32Array.from({ length: size }, () => next());
      const cases: [string, number[]][] = [
        ["axis 0", [0]],
        ["axis 2", [2]],
        ["axes 0 and 2", [0, 2]],
        ["axes 0 and 1", [0, 1]],
        ["all", [0, 1, 2]],
      ];
      for (const [label, axes] of cases) {
        const [want, got] = await both(() => lax.reduceSum(arrayFromHost(host, shape, "float32"), axes));
        expectClose(got, want, 1e-6, `sum over ${label}`);
      }
    });

    // Products round once per factor in any order, so the error grows like sqrt(n) ulps (3.5e-5
    // for a million factors), unlike a sum's: this bounds it, it does not promise 1e-6.
    it("multiplies long lines in parallel to float32 accuracy", async () => {
      const n = 1_000_000;
      const next = random(3);
      // Factors within 5% of 1, so that the products stay in range.
      const host = Float32Array.from({ length: n }, () => Math.exp((next() - 0.5) * 0.1));
      const [want, got] = await both(() => lax.reduceProd(arrayFromHost(host, [2, n / 2], "float32"), [1]));
      expectClose(got, want, 2e-4, "prod");
    });

    it("sums long integer lines exactly (wrapping) and float16 lines with one final rounding", async () => {
      const n = 400_001;
      const next = random(5);
      const ints = Array.from({ length: n }, () => Math.floor(next() * 2 ** 31) - 2 ** 30);
      for (const dtype of ["int32", "uint32"] as DType[]) {
        const values = dtype === "uint32" ? ints.map((v) => v >>> 0) : ints;
        const [want, got] = await both(() => jnp.sum(arrayFromHost(values, [n], dtype)));
        expectSame(got, want, `${dtype} sum`);
      }
      const halves = Array.from({ length: 100_000 }, (_, i) => (i % 3) * 0.25);
      const [want, got] = await both(() => lax.reduceSum(arrayFromHost(halves, [halves.length], "float16"), [0]));
      expectSame(got, want, "float16 sum");
    });

    it("keeps NaN, infinities and the sign of zero through split lines", async () => {
      const n = 300_000;
      const line = (f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i));
      const lines = [
        line((i) => (i === 123_457 ? NaN : 1)),
        line((i) => (i === 5 ? Infinity : i === n - 1 ? -Infinity : 0)),
        line((i) => (i === 77_777 ? -Infinity : 2)),
        line(() => -0),
      ];
      const host = lines.flat();
      for (const [label, f] of [
        ["sum", (x: JaxArray) => lax.reduceSum(x, [1])],
        ["prod", (x: JaxArray) => lax.reduceProd(x, [1])],
      ] as const) {
        const [want, got] = await both(() => f(arrayFromHost(host, [lines.length, n], "float32")));
        expectSame(got, want, label);
      }
    });

    it("lowers a long line with few outputs to several passes, and many short lines to one kernel", () => {
      const lower = (shape: number[], axes: number[]) =>
        loweringOf("reduce_sum")!({
          inAvals: [new ShapedArray(shape, "float32")],
          outAvals: [
            new ShapedArray(
              shape.filter((_, d) => !axes.includes(d)),
              "float32",
            ),
          ],
          params: { axes },
          tuning: DEFAULT_TUNING,
        });
      const long = lower([1e7], [0]);
      expect(long.kind).toBe("multi");
      if (long.kind === "multi") expect(long.steps[0]!.kernel.invocations).toBeGreaterThanOrEqual(4096);
      expect(lower([100_000, 10], [1]).kind).toBe("kernel");
    });
  });

  it("nextafter on float16 steps one float16 value, bit for bit as the CPU", async () => {
    const big = [1, 2, 65504, Infinity, 2 ** -14, 2 ** -24, 0, 1.5, 1024, 0.000123];
    const xs = [...big, ...big.map((v) => -v), NaN, 3];
    const ys = [0, 5, -1, Infinity, -Infinity, 2 ** -15, 1, NaN];
    const pairs = xs.flatMap((x) => ys.map((y) => [x, y] as const));
    const run = (device: WebGpuDevice | typeof cpuDevice) =>
      onDevice(device, () =>
        jnp.nextafter(
          arrayFromHost(pairs.map((p) => p[0]), [pairs.length], "float16"),
          arrayFromHost(pairs.map((p) => p[1]), [pairs.length], "float16"),
        ),
      ) as ArrayImpl;
    const got = Array.from(await run(gpu!).data());
    const want = Array.from(run(cpuDevice).dataSync());
    want.forEach((w, i) => expect(Object.is(got[i], w) || (Number.isNaN(got[i]) && Number.isNaN(w)), `nextafter(${pairs[i]!.join(", ")}): WebGPU ${got[i]}, CPU ${w}`).toBe(true));
  });

  describe("concatenate and stack of more operands than a kernel binds", () => {
    const pieces = (count: number, shape: (k: number) => number[], dtype: DType = "float32") =>
      Array.from({ length: count }, (_, k) => {
        const s = shape(k);
        const size = s.reduce((a, b) => a * b, 1);
        const values = Array.from({ length: size }, (_, i) => (dtype === "bool" ? (i + k) % 2 : k * 1000 + i));
        return { values, shape: s, dtype };
      });
    const make = (ps: ReturnType<typeof pieces>) => ps.map((p) => arrayFromHost(p.values, p.shape, p.dtype));

    it("joins 40 arrays along axis 0 and along a later axis, empty ones among them", async () => {
      const along0 = pieces(40, (k) => [k % 7, 3]);
      const along1 = pieces(40, (k) => [2, (k * 5) % 4, 3], "int32");
      const [want0, got0] = await both(() => lax.concatenate(make(along0), 0));
      expectSame(got0, want0, "axis 0");
      const [want1, got1] = await both(() => lax.concatenate(make(along1), 1));
      expectSame(got1, want1, "axis 1");
    });

    it("stacks 40 arrays along the first and the last axis", async () => {
      const same = pieces(40, () => [4, 5]);
      const [want0, got0] = await both(() => jnp.stack(make(same), 0));
      expectSame(got0, want0, "stack axis 0");
      const bools = pieces(40, () => [4, 5], "bool");
      const [want2, got2] = await both(() => jnp.stack(make(bools), 2));
      expectSame(got2, want2, "stack axis 2");
    });

    it("splits by the adapter's limit: with 3 buffers a kernel, 2 operands a step", async () => {
      const tuning = gpu!.tuning;
      gpu!.setTuning({ ...tuning, maxKernelBuffers: 3 });
      try {
        const parts = pieces(9, (k) => [3, k + 1]);
        const [want, got] = await both(() => lax.concatenate(make(parts), 1));
        expectSame(got, want, "9 operands in groups of 2");
      } finally {
        gpu!.setTuning(tuning);
      }
    });
  });
});
