// Accuracy of the WebGPU transcendental functions over wide ranges, in ulps of the CPU result
// (which is float64 arithmetic rounded once, so within half an ulp of the true value). The
// bounds are what the WGSL implementations achieve with a little headroom; WGSL's own builtins
// would miss most of them (Vulkan allows sin/cos an absolute 2^-11 and atan thousands of ulp).
import { beforeAll, describe, expect, it } from "vitest";
import "../../src/index.js";
import { arrayFromHost, type ArrayImpl } from "../../src/array.js";
import * as lax from "../../src/lax/index.js";
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { cpuDevice, onDevice, openWebGpu, skipWebGpu } from "./webgpu-env.js";

/** The spacing of float32 values at |x| (the subnormal spacing below the normal range). */
function ulp(x: number): number {
  const a = Math.abs(Math.fround(x));
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

function linear(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.fround(lo + ((hi - lo) * i) / (n - 1)));
}
/** n points spaced evenly in log scale between lo and hi (same sign). */
function geometric(lo: number, hi: number, n: number): number[] {
  const [a, b] = [Math.log(Math.abs(lo)), Math.log(Math.abs(hi))];
  return Array.from({ length: n }, (_, i) => Math.fround(Math.sign(lo) * Math.exp(a + ((b - a) * i) / (n - 1))));
}

/** Every float32 within two ulps of k * pi/2, k = 1..count, both signs: where sin, cos or tan is 0. */
function nearHalfPiMultiples(count: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= count; k++) {
    const x = Math.fround((k * Math.PI) / 2);
    for (let d = -2; d <= 2; d++) out.push(Math.fround(x + d * ulp(x)), -Math.fround(x + d * ulp(x)));
  }
  return out;
}
/** Log-spaced from 8000 to the largest float32, both signs: the range-reduction path for large arguments. */
const FAR = [...geometric(8000, 3.4e38, 1001), ...geometric(-3.4e38, -8000, 1001)];

type Op = (...xs: JaxArray[]) => JaxArray;
/** [name, op, inputs, bound in ulps, absolute slack] */
type Case = [string, Op, number[], number, number?];

const N = 2001;
const CASES: Case[] = [
  ["exp", lax.exp, [...linear(-87, 88.7, N), ...linear(-1e-3, 1e-3, 201)], 2],
  ["exp2", lax.exp2, linear(-125, 127.9, N), 3],
  ["log", lax.log, [...geometric(1e-30, 1e30, N), ...linear(0.5, 2, N)], 2],
  ["log1p", lax.log1p, [...linear(-0.999, 10, N), ...geometric(1e-8, 0.1, 401), ...geometric(-0.1, -1e-8, 401)], 3],
  ["expm1", lax.expm1, [...linear(-20, 80, N), ...geometric(1e-8, 1, 401), ...geometric(-1, -1e-8, 401)], 3],
  ["tanh", lax.tanh, [...linear(-12, 12, N), ...geometric(1e-7, 1, 401)], 3],
  ["logistic", lax.logistic, linear(-80, 80, N), 3],
  ["sin", lax.sin, [...linear(-100, 100, N), ...geometric(1e-6, 1, 401), ...linear(-8000, 8000, N), ...FAR], 2],
  ["cos", lax.cos, [...linear(-100, 100, N), ...linear(-8000, 8000, N), ...FAR], 2],
  ["tan", lax.tan, [...linear(-10, 10, N), ...FAR], 4],
  ["sin next to multiples of pi/2", lax.sin, nearHalfPiMultiples(2000), 2],
  ["cos next to multiples of pi/2", lax.cos, nearHalfPiMultiples(2000), 2],
  ["tan next to multiples of pi/2", lax.tan, nearHalfPiMultiples(2000), 4],
  ["asin", lax.asin, [...linear(-1, 1, N), ...geometric(1e-7, 0.1, 201)], 4],
  ["acos", lax.acos, linear(-1, 1, N), 4],
  ["atan", lax.atan, [...linear(-100, 100, N), ...geometric(1e-7, 1e7, 401)], 2],
  ["sinh", lax.sinh, [...linear(-89, 89, N), ...geometric(1e-7, 2, 401)], 3],
  ["cosh", lax.cosh, linear(-89, 89, N), 2],
  ["asinh", lax.asinh, [...linear(-100, 100, N), ...geometric(1e-7, 1e30, 401)], 3],
  ["acosh", lax.acosh, [...linear(1, 100, N), ...geometric(1, 1e30, 401)], 2],
  ["atanh", lax.atanh, [...linear(-0.9999, 0.9999, N), ...geometric(1e-7, 0.5, 401)], 3],
  ["sqrt", lax.sqrt, geometric(1e-30, 1e30, N), 0],
  ["rsqrt", lax.rsqrt, geometric(1e-30, 1e30, N), 1],
  ["cbrt", lax.cbrt, [...geometric(-1e30, -1e-30, 1001), ...geometric(1e-30, 1e30, 1001)], 2],
  ["erf", lax.erf, [...linear(-5, 5, N), ...geometric(1e-7, 1, 401)], 6],
  // 1 - erf(x) below 1 loses a few bits to cancellation, as XLA's float32 erfc does.
  ["erfc", lax.erfc, linear(-5, 10, N), 12],
  ["erf_inv", lax.erfInv, [...linear(-0.99999, 0.99999, N), ...geometric(1e-7, 0.1, 201)], 4],
  [
    "lgamma x > 0",
    lax.lgamma,
    [...linear(0.01, 30, N), ...geometric(30, 1e30, 201), ...linear(0.999, 1.001, 101), ...linear(1.999, 2.001, 101)],
    8,
  ],
  [
    "digamma x > 0",
    lax.digamma,
    [...linear(0.01, 30, N), ...geometric(30, 1e30, 201), ...linear(1.46, 1.4633, 101)],
    16,
  ],
  // Reflection subtracts two terms of similar size next to the negative zeros: the error is absolute there.
  ["lgamma x < 0", lax.lgamma, linear(-9.99, -0.01, N), 64, 2e-6],
  ["digamma x < 0", lax.digamma, linear(-9.99, -0.01, N), 64, 1e-6],
];

let gpu: WebGpuDevice | null = null;

async function both(op: Op, operands: number[][]): Promise<[number[], number[]]> {
  const run = (device: typeof cpuDevice | WebGpuDevice) =>
    onDevice(device, () => op(...operands.map((v) => arrayFromHost(v, [v.length], "float32"))));
  return [Array.from((run(cpuDevice) as ArrayImpl).dataSync()), Array.from(await (run(gpu!) as ArrayImpl).data())];
}

function worstError(got: number[], want: number[], bound: (i: number) => number): string | null {
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [got[i]!, want[i]!];
    if (Number.isNaN(w) || !Number.isFinite(w)) {
      if (!Object.is(g, w) && !(Number.isNaN(g) && Number.isNaN(w))) return `at ${i}: ${g} instead of ${w}`;
      continue;
    }
    const ulps = Math.abs(g - w) / ulp(w);
    if (Math.abs(g - w) > bound(i)) return `at ${i}: ${g} instead of ${w} (${ulps.toFixed(1)} ulp)`;
  }
  return null;
}

describe.skipIf(skipWebGpu)("WebGPU transcendental functions stay within a few ulps of the CPU", () => {
  beforeAll(async () => {
    gpu = await openWebGpu();
  });

  it.each(CASES)("%s", async (name, op, inputs, ulps, slack = 0) => {
    const [want, got] = await both(op, [inputs]);
    const failure = worstError(got, want, (i) => ulps * ulp(want[i]!) + slack);
    expect(
      failure,
      `${name} ${failure ? `(input ${inputs[Number(failure.split(":")[0]!.slice(3))]})` : ""}`,
    ).toBeNull();
  });

  // pow goes through exp(y log x) beyond small integer exponents, so its error grows with |y log x|.
  it("pow within (4 + 1.5 |y ln x|) ulps, and exact for y = 1 and 2", async () => {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const x of geometric(1e-3, 1e3, 120)) {
      for (const y of [...linear(-12, 12, 49), 1, 2]) {
        xs.push(x);
        ys.push(y);
      }
    }
    const [want, got] = await both(lax.pow, [xs, ys]);
    const failure = worstError(got, want, (i) => {
      const exact = ys[i] === 1 || ys[i] === 2;
      return exact ? 0 : (4 + 1.5 * Math.abs(ys[i]! * Math.log(xs[i]!))) * ulp(want[i]!);
    });
    expect(failure).toBeNull();
  });

  // The reflection for x < 0 and m!'s growth cost a few ulp per order; the tails (x up to 1e30,
  // results near the bottom of the f32 range) stay exact thanks to the extended-range powers.
  it("polygamma within (4 + 4m) ulps for m = 1..7, over x < 0, x > 0 and the range's ends", async () => {
    const xs: number[] = [];
    const ms: number[] = [];
    const points = [
      ...linear(0.01, 30, 401),
      ...linear(-7.99, -0.01, 401),
      ...geometric(30, 1e30, 41),
      ...geometric(1e-6, 1e-2, 11),
    ];
    for (const m of [1, 2, 3, 4, 7]) {
      for (const x of points) {
        ms.push(m);
        xs.push(x);
      }
    }
    const [want, got] = await both(lax.polygamma, [ms, xs]);
    expect(worstError(got, want, (i) => (4 + 4 * ms[i]!) * ulp(want[i]!))).toBeNull();
  });

  it("atan2 within 4 ulps over all four quadrants", async () => {
    const ys: number[] = [];
    const xs: number[] = [];
    for (const y of linear(-50, 50, 61)) {
      for (const x of linear(-50, 50, 61)) {
        ys.push(y);
        xs.push(x);
      }
    }
    const [want, got] = await both(lax.atan2, [ys, xs]);
    expect(worstError(got, want, (i) => 4 * ulp(want[i]!))).toBeNull();
  });
});
