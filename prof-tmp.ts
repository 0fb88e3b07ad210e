import * as jax from "./src/index.js";
import { lax } from "./src/index.js";
import { arrayFromHost, type ArrayImpl } from "./src/array.js";
await jax.init({ quiet: true });
const x = arrayFromHost([1, 2, 3, 4], [4], "float32");
let z = lax.neg(x); await (z as ArrayImpl).data();
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  for (let i = 0; i < 500; i++) z = lax.neg(z);
  const t1 = performance.now();
  await (z as ArrayImpl).data();
  console.log("500 neg: dispatch", (t1 - t0).toFixed(0), "wait", (performance.now() - t1).toFixed(0));
}
