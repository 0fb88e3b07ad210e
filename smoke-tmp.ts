import * as jax from "./src/index.js";
import { lax } from "./src/index.js";
import { arrayFromHost } from "./src/array.js";
const p = await jax.init();
console.log(p);
const x = arrayFromHost([1, 2, 3, -4, NaN, Infinity], [6], "float32");
const y = arrayFromHost([0.5, 2, 3, -1, 1, 1], [6], "float32");
console.log(x.device.toString());
for (const f of [lax.add, lax.mul, lax.max, lax.min, lax.lt, lax.atan2, lax.pow, lax.rem]) {
  const t0 = performance.now();
  const z = f(x, y);
  console.log(Array.from(await z.data()), (performance.now() - t0).toFixed(1), "ms");
}
for (const f of [lax.exp, lax.log, lax.sin, lax.tanh, lax.erf, lax.lgamma, lax.digamma, lax.erfInv]) {
  const t0 = performance.now();
  const z = f(x);
  console.log(Array.from(await z.data()), (performance.now() - t0).toFixed(1), "ms");
}
