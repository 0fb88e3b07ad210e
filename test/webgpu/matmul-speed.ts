// Measures dot_general on the WebGPU device: square float32 matmuls (and the transposed-rhs
// layout a dense layer's gradient uses), GFLOP/s over several back-to-back runs after a warm-up
// run that compiles the kernel. Not a test: run it by hand and record the numbers in
// docs/webgpu.md.
//   npx tsx test/webgpu/matmul-speed.ts [sizes...]      (default 256 512 1024)
import "../../src/index.js";
import { arrayFromHost, type ArrayImpl } from "../../src/array.js";
import * as lax from "../../src/lax/index.js";
import type { DotDimensionNumbers } from "../../src/primitives/linalg/dot-dimension-numbers.js";
import { onDeviceAsync, openWebGpu } from "./webgpu-env.js";

const gpu = await openWebGpu();
if (!gpu) throw new Error("matmul-speed: JAX_TS_SKIP_WEBGPU is set; nothing to measure");
const sizes = process.argv.slice(2).map(Number);
const layouts: [string, DotDimensionNumbers][] = [
  ["A @ B", [[[1], [0]], [[], []]]],
  ["A @ B^T", [[[1], [1]], [[], []]]],
];

console.log(`adapter: ${gpu.adapterName}`);
for (const n of sizes.length > 0 ? sizes : [256, 512, 1024]) {
  for (const [label, dn] of layouts) {
    await onDeviceAsync(gpu, async () => {
      const values = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
      const a = arrayFromHost(values, [n, n], "float32");
      const b = arrayFromHost(values, [n, n], "float32");
      const warm = lax.dotGeneral(a, b, dn) as ArrayImpl;
      await warm.data();
      warm.dispose();
      // Enough runs for about a second of work at 5 GFLOP/s.
      const runs = Math.max(2, Math.min(50, Math.round(5e9 / (2 * n ** 3))));
      const start = performance.now();
      const outs = Array.from({ length: runs }, () => lax.dotGeneral(a, b, dn) as ArrayImpl);
      await outs[outs.length - 1]!.data();
      const seconds = (performance.now() - start) / 1000;
      for (const o of outs) o.dispose();
      a.dispose();
      b.dispose();
      const gflops = (2 * n ** 3 * runs) / seconds / 1e9;
      console.log(`${label.padEnd(8)} n=${String(n).padEnd(5)} ${gflops.toFixed(2)} GFLOP/s (${runs} runs, ${seconds.toFixed(2)} s)`);
    });
  }
}
