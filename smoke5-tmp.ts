import * as jax from "./src/index.js";
import { lax } from "./src/index.js";
import { arrayFromHost } from "./src/array.js";
await jax.init({quiet: true});
const x = arrayFromHost([1, 2, 3, -4, NaN, Infinity], [6], "float32");
for (let i = 0; i < 3; i++) {
  let t0 = performance.now();
  let z = lax.sin(x);
  const t1 = performance.now();
  await z.data();
  console.log("sin exec", (t1 - t0).toFixed(1), "read", (performance.now() - t1).toFixed(1));
}
let t0 = performance.now();
let z = x;
for (let i = 0; i < 100; i++) z = lax.neg(z);
await z.data();
console.log("100 neg", (performance.now() - t0).toFixed(1));
t0 = performance.now();
for (let i = 0; i < 100; i++) z = lax.neg(z);
await z.data();
console.log("100 neg", (performance.now() - t0).toFixed(1));
