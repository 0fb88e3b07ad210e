// NaN, infinities, signed zeros and out-of-range conversions on WebGPU against the CPU backend.
// WGSL leaves much of this undefined; the kernels handle it explicitly, so where the CPU result
// is exact (arithmetic, max/min, comparisons, conversions, rounding, fmod) the WebGPU result
// must be the same value bit for bit (NaN payloads aside), and elsewhere NaN, infinities and the
// sign of zero must match exactly while finite values agree to float32 accuracy.
import { beforeAll, describe, expect, it } from "vitest";
import "../../src/index.js";
import { arrayFromHost, type ArrayImpl } from "../../src/array.js";
import type { DType } from "../../src/dtypes.js";
import * as lax from "../../src/lax/index.js";
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { cpuDevice, onDevice, openWebGpu, skipWebGpu } from "./webgpu-env.js";

const F32_MAX = 3.4028234663852886e38;
const SPECIAL = [
  0,
  -0,
  1,
  -1,
  0.5,
  -2.5,
  3,
  7.25,
  NaN,
  Infinity,
  -Infinity,
  F32_MAX,
  -F32_MAX,
  1e-30,
  -65504,
  2 ** 31,
  -(2 ** 31) - 256,
  2 ** 32,
  1e10,
];

/** Every (a, b) pair of SPECIAL values, as two flat operands. */
const PAIRS_A = SPECIAL.flatMap((a) => SPECIAL.map(() => a));
const PAIRS_B = SPECIAL.flatMap(() => SPECIAL);

let gpu: WebGpuDevice | null = null;

type Op = (...xs: JaxArray[]) => JaxArray;

/** Runs `op` on both devices over the same host operands; resolves to [cpu, webgpu] values. */
async function both(op: Op, operands: [number[], DType][]): Promise<[number[], number[]]> {
  const run = (device: typeof cpuDevice | WebGpuDevice) =>
    onDevice(device, () => op(...operands.map(([v, d]) => arrayFromHost(v, [v.length], d))));
  const want = Array.from((run(cpuDevice) as ArrayImpl).dataSync());
  const got = Array.from(await (run(gpu!) as ArrayImpl).data());
  return [want, got];
}

function expectSameValues(got: number[], want: number[], label: string, inputs: number[][]): void {
  for (let i = 0; i < want.length; i++) {
    const same = Object.is(got[i], want[i]) || (Number.isNaN(got[i]) && Number.isNaN(want[i]));
    if (!same) {
      const args = inputs.map((xs) => xs[i]).join(", ");
      expect.fail(`${label}(${args}): WebGPU gave ${got[i]}, CPU ${want[i]}`);
    }
  }
}

/** NaN, infinities and zeros (with their sign) exactly; finite values to `rtol`. */
function expectSameSpecials(got: number[], want: number[], rtol: number, label: string, inputs: number[][]): void {
  for (let i = 0; i < want.length; i++) {
    const [g, w] = [got[i]!, want[i]!];
    const args = inputs.map((xs) => xs[i]).join(", ");
    const exact = !Number.isFinite(w) || w === 0;
    const ok = exact
      ? Object.is(g, w) || (Number.isNaN(g) && Number.isNaN(w))
      : Math.abs(g - w) <= rtol * Math.abs(w) + 1e-37;
    if (!ok) expect.fail(`${label}(${args}): WebGPU gave ${g}, CPU ${w}`);
  }
}

describe.skipIf(skipWebGpu)("NaN, Inf and signed zeros on WebGPU match the CPU backend", () => {
  beforeAll(async () => {
    gpu = await openWebGpu();
  });

  const exactBinary: [string, Op][] = [
    ["add", lax.add],
    ["sub", lax.sub],
    ["mul", lax.mul],
    ["div", lax.div],
    ["rem", lax.rem],
    ["max", lax.max],
    ["min", lax.min],
    ["nextafter", lax.nextafter],
    ["eq", lax.eq],
    ["ne", lax.ne],
    ["lt", lax.lt],
    ["le", lax.le],
    ["gt", lax.gt],
    ["ge", lax.ge],
  ];
  it.each(exactBinary)("%s is exact on every pair of special values", async (name, op) => {
    const [want, got] = await both(op, [
      [PAIRS_A, "float32"],
      [PAIRS_B, "float32"],
    ]);
    expectSameValues(got, want, name, [PAIRS_A, PAIRS_B]);
  });

  const exactUnary: [string, Op][] = [
    ["neg", lax.neg],
    ["abs", lax.abs],
    ["sign", lax.sign],
    ["floor", lax.floor],
    ["ceil", lax.ceil],
    ["round", (x) => lax.round(x)],
    ["round to even", (x) => lax.round(x, { roundingMethod: lax.RoundingMethod.TO_NEAREST_EVEN })],
    ["is_finite", lax.isFinite],
    ["sqrt", lax.sqrt],
    ["square", lax.square],
    ["convert to int32", (x) => lax.convertElementType(x, "int32")],
    ["convert to uint32", (x) => lax.convertElementType(x, "uint32")],
    ["convert to bool", (x) => lax.convertElementType(x, "bool")],
  ];
  it.each(exactUnary)("%s is exact on special values", async (name, op) => {
    const [want, got] = await both(op, [[SPECIAL, "float32"]]);
    expectSameValues(got, want, name, [SPECIAL]);
  });

  it("int32 and uint32 convert to float32 rounding to nearest even", async () => {
    const ints = [0, 1, -1, 16777217, 16777219, -16777217, 2147483647, -2147483648, 33554435, 123456789];
    const uints = [0, 16777217, 4294967295, 4294967041, 2147483649, 3000000001];
    for (const [values, dtype] of [
      [ints, "int32"],
      [uints, "uint32"],
    ] as const) {
      const [want, got] = await both((x) => lax.convertElementType(x, "float32"), [[values, dtype]]);
      expectSameValues(got, want, `convert ${dtype} to float32`, [values]);
    }
  });

  const approxUnary: [string, Op][] = [
    ["exp", lax.exp],
    ["exp2", lax.exp2],
    ["log", lax.log],
    ["log1p", lax.log1p],
    ["expm1", lax.expm1],
    ["tanh", lax.tanh],
    ["logistic", lax.logistic],
    ["sin", lax.sin],
    ["cos", lax.cos],
    ["tan", lax.tan],
    ["asin", lax.asin],
    ["acos", lax.acos],
    ["atan", lax.atan],
    ["sinh", lax.sinh],
    ["cosh", lax.cosh],
    ["asinh", lax.asinh],
    ["acosh", lax.acosh],
    ["atanh", lax.atanh],
    ["rsqrt", lax.rsqrt],
    ["cbrt", lax.cbrt],
    ["erf", lax.erf],
    ["erfc", lax.erfc],
    ["erf_inv", lax.erfInv],
    ["lgamma", lax.lgamma],
    ["digamma", lax.digamma],
  ];
  const unitRange = [-1, -0.75, -0.5, -0, 0, 0.25, 0.999, 1, 1.5, NaN, Infinity, -Infinity];
  it.each(approxUnary)("%s keeps NaN, infinities and signed zeros", async (name, op) => {
    const inputs = [...SPECIAL, ...unitRange];
    const [want, got] = await both(op, [[inputs, "float32"]]);
    // lgamma and digamma are accurate to about 1e-6 absolute near their zeros, so compare loosely.
    const rtol = name === "lgamma" || name === "digamma" ? 1e-4 : 2e-6;
    expectSameSpecials(got, want, rtol, name, [inputs]);
  });

  const approxBinary: [string, Op][] = [
    ["pow", lax.pow],
    ["atan2", lax.atan2],
  ];
  it.each(approxBinary)("%s keeps NaN, infinities and signed zeros on every pair", async (name, op) => {
    const [want, got] = await both(op, [
      [PAIRS_A, "float32"],
      [PAIRS_B, "float32"],
    ]);
    expectSameSpecials(got, want, 5e-6, name, [PAIRS_A, PAIRS_B]);
  });

  it("polygamma gives NaN for orders that are not natural numbers, and the CPU's values at poles and extremes", async () => {
    const orders = [NaN, -1, 0.5, 0, 1, 2, 3];
    const points = [...SPECIAL, -2, -0.5, 1e-3];
    const ms = orders.flatMap((m) => points.map(() => m));
    const xs = orders.flatMap(() => points);
    const [want, got] = await both(lax.polygamma, [
      [ms, "float32"],
      [xs, "float32"],
    ]);
    expectSameSpecials(got, want, 4e-6, "polygamma", [ms, xs]);
  });

  it("reductions, argmax and cumulative max propagate NaN and keep infinities", async () => {
    const rows = [1, NaN, 3, -Infinity, Infinity, 2, -0, 0, Infinity, -Infinity, 5, 6];
    const ops: [string, Op][] = [
      ["reduce_max", (x) => lax.reduceMax(lax.reshape(x, [3, 4]), [1])],
      ["reduce_min", (x) => lax.reduceMin(lax.reshape(x, [3, 4]), [1])],
      ["reduce_sum", (x) => lax.reduceSum(lax.reshape(x, [3, 4]), [1])],
      ["reduce_prod", (x) => lax.reduceProd(lax.reshape(x, [3, 4]), [1])],
      ["argmax", (x) => lax.argmax(lax.reshape(x, [3, 4]), 1, "int32")],
      ["argmin", (x) => lax.argmin(lax.reshape(x, [3, 4]), 1, "int32")],
      ["cummax", (x) => lax.cummax(x, 0)],
      ["cumsum", (x) => lax.cumsum(x, 0)],
      [
        "dot",
        (x) =>
          lax.dotGeneral(lax.reshape(x, [3, 4]), lax.reshape(x, [4, 3]), [
            [[1], [0]],
            [[], []],
          ]),
      ],
    ];
    for (const [name, op] of ops) {
      const [want, got] = await both(op, [[rows, "float32"]]);
      expectSameValues(got, want, name, [rows]);
    }
  });

  it("select_n and clamp pass NaN through like the CPU", async () => {
    const x = [NaN, -Infinity, Infinity, -0, 0, 2];
    const [wantClamp, gotClamp] = await both(
      (v) => lax.clamp(lax.fullLike(v, -1), v, lax.fullLike(v, 1)),
      [[x, "float32"]],
    );
    expectSameValues(gotClamp, wantClamp, "clamp", [x]);
    const [wantSel, gotSel] = await both(
      (p, a, b) => lax.select(p, a, b),
      [
        [[1, 0, 1, 0, 1, 0], "bool"],
        [x, "float32"],
        [[...x].reverse(), "float32"],
      ],
    );
    expectSameValues(gotSel, wantSel, "select", [x]);
  });
});
