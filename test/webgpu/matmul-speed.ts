// Measures dot_general on the WebGPU device: square float32 matmuls A @ B and A @ B^T (the
// layout of a dense layer's input gradient), for several kernel tunings, interleaved and repeated
// so that a busy machine disturbs them alike. Reports the best of the repeats as GFLOP/s of wall
// time and GFLOP per second of this process's CPU time (lavapipe runs shaders on this process's
// threads, so the second is less sensitive to other load on the machine). Not a test: run it by
// hand and record the numbers in docs/webgpu.md.
//   npx tsx test/webgpu/matmul-speed.ts [sizes...]      (default 256 512 1024)
import "../../src/index.js";
import { arrayFromHost, type ArrayImpl } from "../../src/array.js";
import * as lax from "../../src/lax/index.js";
import type { LoweringTuning } from "../../src/lowering/lowering.js";
import type { DotDimensionNumbers } from "../../src/primitives/linalg/dot-dimension-numbers.js";
import { onDeviceAsync, openWebGpu } from "./webgpu-env.js";

const gpu = await openWebGpu();
if (!gpu) throw new Error("matmul-speed: JAX_TS_SKIP_WEBGPU is set; nothing to measure");
const sizes = process.argv.slice(2).map(Number);
const layouts: [string, DotDimensionNumbers][] = [
  [
    "A @ B",
    [
      [[1], [0]],
      [[], []],
    ],
  ],
  [
    "A @ B^T",
    [
      [[1], [1]],
      [[], []],
    ],
  ],
];
const tunings: [string, LoweringTuning][] = [
  ["scalar 4x4", { dotTileRows: 4, dotTileCols: 4, dotVec4: false, maxKernelBuffers: 8 }],
  ["vec4 4x4", { dotTileRows: 4, dotTileCols: 4, dotVec4: true, maxKernelBuffers: 8 }],
  ["vec4 8x8", { dotTileRows: 8, dotTileCols: 8, dotVec4: true, maxKernelBuffers: 8 }],
];
const REPEATS = 3;

interface Rate {
  wall: number;
  cpu: number;
}

async function measure(n: number, dn: DotDimensionNumbers): Promise<Rate> {
  return onDeviceAsync(gpu!, async () => {
    const values = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
    const a = arrayFromHost(values, [n, n], "float32");
    const b = arrayFromHost(values, [n, n], "float32");
    const warm = lax.dotGeneral(a, b, dn) as ArrayImpl;
    await warm.data();
    warm.dispose();
    // About 2 GFLOP of work per measurement.
    const runs = Math.max(2, Math.min(50, Math.round(2e9 / (2 * n ** 3))));
    const cpu0 = process.cpuUsage();
    const start = performance.now();
    const outs = Array.from({ length: runs }, () => lax.dotGeneral(a, b, dn) as ArrayImpl);
    await outs[outs.length - 1]!.data();
    const seconds = (performance.now() - start) / 1000;
    const cpu = process.cpuUsage(cpu0);
    for (const o of [...outs, a, b]) o.dispose();
    const flop = 2 * n ** 3 * runs;
    return { wall: flop / seconds / 1e9, cpu: flop / ((cpu.user + cpu.system) / 1e6) / 1e9 };
  });
}

console.log(`adapter: ${gpu.adapterName}`);
for (const n of sizes.length > 0 ? sizes : [256, 512, 1024]) {
  for (const [label, dn] of layouts) {
    const best = new Map<string, Rate>();
    for (let r = 0; r < REPEATS; r++) {
      for (const [name, tuning] of tunings) {
        gpu.setTuning(tuning);
        const rate = await measure(n, dn);
        const prev = best.get(name) ?? { wall: 0, cpu: 0 };
        best.set(name, { wall: Math.max(prev.wall, rate.wall), cpu: Math.max(prev.cpu, rate.cpu) });
      }
    }
    for (const [name, rate] of best) {
      console.log(
        `${label.padEnd(8)} n=${String(n).padEnd(5)} ${name.padEnd(11)} ${rate.wall.toFixed(2)} GFLOP/s wall, ${rate.cpu.toFixed(2)} GFLOP/cpu-s`,
      );
    }
  }
}
