// Measures dot_general on the WebGPU device: the products of an MLP training step (784-256-10,
// batch 128: the forward x @ w1, the weight gradient x^T @ dh, the input gradient dh @ w1^T, and
// the same three for the small output layer), a square 256 and a batched 32 x [64, 64] A @ B, a
// long matrix-vector product X^T @ r and a vector dot product (split-K), and square 1024 A @ B and
// A @ B^T, all float32, for several kernel tunings: the adapter's, 4 x 4 tiles, and those given
// with --tiles. The tunings are interleaved and each measurement repeated, so that a busy machine
// disturbs them alike. Reported, as medians over the repeats: milliseconds per call (several
// calls dispatched, then one read), GFLOP/s, the ratio to the first tuning; the same for this
// process's CPU time (lavapipe runs shaders on its threads, so this is less sensitive to other
// load); and the first call's time, which includes compiling the kernels (run with
// MESA_SHADER_CACHE_DISABLE=true to see cold compiles). Not a test: run it by hand and record the
// numbers in docs/webgpu.md.
//   npx tsx test/webgpu/matmul-speed.ts [--tiles=8x8,16x8] [case names...]   (default: all cases)
import "../../src/index.js";
import { arrayFromHost, type ArrayImpl } from "../../src/array.js";
import * as lax from "../../src/lax/index.js";
import type { LoweringTuning } from "../../src/lowering/lowering.js";
import type { DotDimensionNumbers } from "../../src/primitives/linalg/dot-dimension-numbers.js";
import { AB, ABT, ATB } from "./dot-layouts.js";
import { onDeviceAsync, openWebGpu } from "./webgpu-env.js";

const gpu = await openWebGpu();
if (!gpu) throw new Error("matmul-speed: JAX_TS_SKIP_WEBGPU is set; nothing to measure");

/** [name, lhs shape, rhs shape, dimension numbers, multiply-adds] */
const CASES: [string, number[], number[], DotDimensionNumbers, number][] = [
  ["x@w1", [128, 784], [784, 256], AB, 128 * 784 * 256],
  ["x^T@dh", [128, 784], [128, 256], ATB, 128 * 784 * 256],
  ["dh@w1^T", [128, 256], [784, 256], ABT, 128 * 784 * 256],
  ["h@w2", [128, 256], [256, 10], AB, 128 * 256 * 10],
  ["h^T@d", [128, 256], [128, 10], ATB, 128 * 256 * 10],
  ["d@w2^T", [128, 10], [256, 10], ABT, 128 * 256 * 10],
  ["A@B 256", [256, 256], [256, 256], AB, 256 ** 3],
  [
    "batch 32x64",
    [32, 64, 64],
    [32, 64, 64],
    [
      [[2], [1]],
      [[0], [0]],
    ],
    32 * 64 ** 3,
  ],
  ["X^T@r", [20000, 784], [20000, 1], ATB, 20000 * 784],
  [
    "v.v",
    [1 << 20],
    [1 << 20],
    [
      [[0], [0]],
      [[], []],
    ],
    1 << 20,
  ],
  ["A@B 1024", [1024, 1024], [1024, 1024], AB, 1024 ** 3],
  ["A@B^T 1024", [1024, 1024], [1024, 1024], ABT, 1024 ** 3],
];
const adapter = gpu.tuning;
const args = process.argv.slice(2);
// --tiles=RxC,... adds tunings with those tiles (rows x columns of the output per invocation).
const tiles = (
  args
    .find((a) => a.startsWith("--tiles="))
    ?.slice(8)
    .split(",") ?? []
).map((t) => t.split("x").map(Number));
const TUNINGS: [string, LoweringTuning][] = [
  ["default", adapter],
  ["4x4 tiles", { ...adapter, dotTileRows: 4, dotTileCols: 4 }],
  ...tiles.map(([r, c]): [string, LoweringTuning] => [`${r}x${c}`, { ...adapter, dotTileRows: r!, dotTileCols: c! }]),
];
const REPEATS = 5;

async function msPerCall(lhsShape: number[], rhsShape: number[], dn: DotDimensionNumbers, macs: number) {
  return onDeviceAsync(gpu!, async () => {
    const fill = (shape: number[]) => {
      const n = shape.reduce((p, d) => p * d, 1);
      return arrayFromHost(
        Float32Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5),
        shape,
        "float32",
      );
    };
    const [a, b] = [fill(lhsShape), fill(rhsShape)];
    const first = performance.now();
    const warm = lax.dotGeneral(a, b, dn) as ArrayImpl;
    await warm.data();
    const firstMs = performance.now() - first;
    warm.dispose();
    // About 0.4 GFLOP (0.2 G multiply-adds) per measurement, at least two calls.
    const runs = Math.max(2, Math.min(20, Math.round(2e8 / macs)));
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const outs = Array.from({ length: runs }, () => lax.dotGeneral(a, b, dn) as ArrayImpl);
    await outs[outs.length - 1]!.data();
    const ms = (performance.now() - start) / runs;
    const used = process.cpuUsage(cpu0);
    const cpu = (used.user + used.system) / 1000 / runs;
    for (const o of [...outs, a, b]) o.dispose();
    return { ms, cpu, firstMs };
  });
}

const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
const only = args.filter((a) => !a.startsWith("--"));
console.log(
  `adapter: ${gpu.adapterName}; median of ${REPEATS}: wall ms per call, GFLOP/s, ratio to "${TUNINGS[0]![0]}" | CPU ms per call (this process), ratio | the first call (compiles)`,
);
for (const [name, lhsShape, rhsShape, dn, macs] of CASES) {
  if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
  const times = new Map<string, { ms: number; cpu: number; firstMs: number }[]>(TUNINGS.map(([t]) => [t, []]));
  for (let r = 0; r < REPEATS; r++) {
    for (const [t, tuning] of TUNINGS) {
      gpu.setTuning(tuning);
      times.get(t)!.push(await msPerCall(lhsShape, rhsShape, dn, macs));
    }
  }
  const base = median(times.get(TUNINGS[0]![0])!.map((x) => x.ms));
  const baseCpu = median(times.get(TUNINGS[0]![0])!.map((x) => x.cpu));
  for (const [t, xs] of times) {
    const [m, c] = [median(xs.map((x) => x.ms)), median(xs.map((x) => x.cpu))];
    console.log(
      `${name.padEnd(11)} ${t.padEnd(10)} ${m.toFixed(2).padStart(8)} ms ${((2 * macs) / m / 1e6).toFixed(2).padStart(6)} GFLOP/s x${(base / m).toFixed(2)}` +
        ` | CPU ${c.toFixed(2).padStart(8)} ms x${(baseCpu / c).toFixed(2)} | first call ${xs[0]!.firstMs.toFixed(0)} ms`,
    );
  }
}
gpu.setTuning(adapter);
