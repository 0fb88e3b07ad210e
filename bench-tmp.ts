import * as jax from "./src/index.js";
import { numpy as jnp, nn, lax } from "./src/index.js";
import { arrayFromHost, type ArrayImpl } from "./src/array.js";
import type { JaxArray } from "./src/tracing/array.js";
await jax.init({ quiet: true });
const gpu = jax.devices("webgpu")[0] as any;
const a = (shape: number[]) => arrayFromHost(Array.from({ length: shape.reduce((x, y) => x * y, 1) }, () => Math.random() - 0.5), shape, "float32");
const p = { w1: a([784, 256]), b1: a([256]), w2: a([256, 10]), b2: a([10]) };
const x = a([128, 784]), y = a([128, 10]);
function loss(params: any, x: JaxArray, y: JaxArray) {
  const h = nn.relu(jnp.add(jnp.matmul(x, params.w1), params.b1));
  const o = jnp.add(jnp.matmul(h, params.w2), params.b2);
  return jnp.mean(jnp.square(jnp.subtract(o, y)));
}
const step = jax.jit((params: any, x: JaxArray, y: JaxArray) => {
  const [v, g] = jax.valueAndGrad(loss)(params, x, y) as any;
  const next: any = {};
  for (const k of Object.keys(params)) next[k] = jnp.subtract(params[k], jnp.multiply(g[k], 0.01));
  return [v, next];
});
let params: any = p;
for (let i = 0; i < 12; i++) {
  const t0 = performance.now();
  const [v, n] = step(params, x, y) as any;
  const t1 = performance.now();
  const val = (await v.data())[0];
  console.log(i, val.toFixed(4), "dispatch", (t1 - t0).toFixed(1), "total", (performance.now() - t0).toFixed(1), "pipelines", gpu.pipelineCount, "live", gpu.liveBuffers);
  params = n;
}
console.log(step.lower(params, x, y).toString().split("\n").length, "lines");
// matmul throughput
for (const n of [256, 512, 1024]) {
  const A = a([n, n]), B = a([n, n]);
  let C = lax.dotGeneral(A, B, [[[1], [0]], [[], []]]); await (C as ArrayImpl).data();
  const t0 = performance.now();
  for (let i = 0; i < 3; i++) C = lax.dotGeneral(A, B, [[[1], [0]], [[], []]]);
  await (C as ArrayImpl).data();
  const dt = (performance.now() - t0) / 3;
  console.log("matmul", n, dt.toFixed(1), "ms", (2 * n ** 3 / dt / 1e6).toFixed(2), "GFLOP/s");
}
