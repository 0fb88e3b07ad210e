import * as jax from "./src/index.js";
import { lax } from "./src/index.js";
import { arrayFromHost, type ArrayImpl } from "./src/array.js";
await jax.init({ quiet: true });
const a = (shape: number[]) => arrayFromHost(Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => Math.random() - 0.5), shape, "float32");
const n = 768;
const A = a([n, n]), B = a([n, n]);
let C = lax.dotGeneral(A, B, [[[1], [0]], [[], []]]); await (C as ArrayImpl).data();
const times: number[] = [];
for (let r = 0; r < 5; r++) {
  const t0 = performance.now();
  C = lax.dotGeneral(A, B, [[[1], [0]], [[], []]]);
  await (C as ArrayImpl).data();
  times.push(performance.now() - t0);
}
times.sort((x, y) => x - y);
console.log(`L=${process.env.JX_LANES} TM=${process.env.JX_TM ?? 4}`, "min", times[0]!.toFixed(0), "median", times[2]!.toFixed(0), "GFLOP/s", (2 * n ** 3 / times[0]! / 1e6).toFixed(2));
