import * as jax from "./src/index.js";
import { lax, setDefaultDevice } from "./src/index.js";
import { arrayFromHost, type ArrayImpl } from "./src/array.js";
import { cpuDevice } from "./src/backend/cpu.js";
await jax.init({ quiet: true });
const gpu = jax.devices("webgpu")[0]!;
function ulp(x: number) { const a = Math.abs(Math.fround(x)); if (a < 2 ** -126) return 2 ** -149; const e = Math.floor(Math.log2(a)); return 2 ** (e - 23); }
const xs: number[] = [], ys: number[] = [];
for (let i = 0; i < 200; i++) for (let j = 0; j < 50; j++) { xs.push(Math.fround(Math.exp(-7 + 14 * i / 199))); ys.push(Math.fround(-12 + 24 * j / 49)); }
for (const [name, f] of [["pow", lax.pow], ["atan2", lax.atan2]] as const) {
  setDefaultDevice(cpuDevice);
  const want = (f(arrayFromHost(xs, [xs.length], "float32"), arrayFromHost(ys, [ys.length], "float32")) as ArrayImpl).dataSync();
  setDefaultDevice(gpu);
  const got = await (f(arrayFromHost(xs, [xs.length], "float32"), arrayFromHost(ys, [ys.length], "float32")) as ArrayImpl).data();
  let worst = 0, at = "";
  for (let i = 0; i < xs.length; i++) {
    const w = want[i]!, g = got[i]!;
    if (!Number.isFinite(w) || w === 0) continue;
    const e = Math.abs(g - w) / ulp(w);
    if (e > worst) { worst = e; at = `${xs[i]}, ${ys[i]}: ${w} vs ${g}`; }
  }
  console.log(name, worst, at);
}
