// Focused timings of single CPU kernels, called eagerly through lax (`npx tsx bench/kernels.ts`,
// optionally with name filters: `npx tsx bench/kernels.ts sum matmul`). Reports the median
// wall time and the median CPU time of this process per call: on a shared machine the CPU time
// is the steadier of the two, since waiting for a core is not counted.
import * as jax from "../src/index.js";
import { median } from "./measure.js";

const { lax, numpy: jnp } = jax;
type Arr = jax.Array;

/** Deterministic values in [-1, 1), so runs compare like for like. */
function values(n: number, seed: number): Float32Array {
  let state = seed >>> 0;
  return Float32Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

const x = jnp.array(values(1e6, 1));
const y = jnp.array(values(1e6, 2));
const square = jnp.array(values(1e6, 3)).reshape([1000, 1000]);
const a256 = jnp.array(values(256 * 256, 4)).reshape([256, 256]);
const b256 = jnp.array(values(256 * 256, 5)).reshape([256, 256]);
const half = jnp.array(1.5);

const CASES: [string, () => Arr][] = [
  ["tanh 1e6", () => lax.tanh(x)],
  ["exp 1e6", () => lax.exp(x)],
  ["neg 1e6", () => lax.neg(x)],
  ["add 1e6", () => lax.add(x, y)],
  ["mul 1e6", () => lax.mul(x, y)],
  ["lt 1e6", () => lax.lt(x, y)],
  ["broadcast scalar to 1e6", () => lax.broadcastInDim(half, [1e6], [])],
  ["convert f32->f64 1e6", () => lax.convertElementType(x, "float64")],
  ["sum 1e6", () => lax.reduceSum(x, [0])],
  ["sum rows 1000x1000", () => lax.reduceSum(square, [1])],
  ["sum cols 1000x1000", () => lax.reduceSum(square, [0])],
  ["max 1000x1000", () => lax.reduceMax(square, [0, 1])],
  ["argmax cols 1000x1000", () => lax.argmax(square, 0, "int32")],
  ["transpose 1000x1000", () => lax.transpose(square, [1, 0])],
  [
    "pad 1000x1000 by 1",
    () =>
      lax.pad(square, 0, [
        [1, 1, 0],
        [1, 1, 0],
      ]),
  ],
  [
    "matmul 256",
    () =>
      lax.dotGeneral(a256, b256, [
        [[1], [0]],
        [[], []],
      ]),
  ],
  [
    "matmul 256, lhs transposed",
    () =>
      lax.dotGeneral(a256, b256, [
        [[0], [0]],
        [[], []],
      ]),
  ],
];

const filters = process.argv.slice(2);
const CALLS = 15;
for (const [name, run] of CASES) {
  if (filters.length > 0 && !filters.some((f) => name.includes(f))) continue;
  run().dispose();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const out = run();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
    out.dispose();
  }
  console.log(
    `${name.padEnd(28)} ${median(wall).toFixed(2).padStart(8)} ms wall ${median(cpu).toFixed(2).padStart(8)} ms cpu`,
  );
}
