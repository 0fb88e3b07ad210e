import * as jax from "./src/index.js";
import { lax, setDefaultDevice } from "./src/index.js";
import { arrayFromHost, type ArrayImpl } from "./src/array.js";
import { cpuDevice } from "./src/backend/cpu.js";
await jax.init({ quiet: true });
const gpu = jax.devices("webgpu")[0]!;
function ulp(x: number) { const a = Math.abs(Math.fround(x)); if (a < 2 ** -126) return 2 ** -149; const e = Math.floor(Math.log2(a)); return 2 ** (e - 23); }
function sweep(lo: number, hi: number, n: number, log = false): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = i / (n - 1);
    out.push(Math.fround(log ? Math.sign(lo) * Math.exp(Math.log(Math.abs(lo)) + t * (Math.log(Math.abs(hi)) - Math.log(Math.abs(lo)))) : lo + t * (hi - lo)));
  }
  return out;
}
const cases: [string, (x: any) => any, number[]][] = [
  ["lgamma+", lax.lgamma, [...sweep(0.01, 30, 4001), ...sweep(30, 1e30, 501, true), ...sweep(0.999, 1.001, 501), ...sweep(1.999,2.001,501)]],
  ["lgamma-", lax.lgamma, [...sweep(-9.99, -0.01, 4001)]],
  ["digamma+", lax.digamma, [...sweep(0.01, 30, 4001), ...sweep(30, 1e30, 501, true), ...sweep(1.46, 1.4633, 501)]],
  ["digamma-", lax.digamma, [...sweep(-9.99, -0.01, 4001)]],
];
for (const [name, f, xs] of cases) {
  setDefaultDevice(cpuDevice);
  const want = (f(arrayFromHost(xs, [xs.length], "float32")) as ArrayImpl).dataSync();
  setDefaultDevice(gpu);
  const got = await (f(arrayFromHost(xs, [xs.length], "float32")) as ArrayImpl).data();
  let worst = 0, at = 0, wv = 0, gv = 0, worstAbs = 0;
  for (let i = 0; i < xs.length; i++) {
    const w = want[i]!, g = got[i]!;
    if (Number.isNaN(w) && Number.isNaN(g)) continue;
    if (!Number.isFinite(w) || !Number.isFinite(g)) { if (w !== g) { worst = Infinity; at = xs[i]!; wv = w; gv = g; } continue; }
    const e = Math.abs(g - w) / ulp(w);
    worstAbs = Math.max(worstAbs, Math.abs(g - w));
    if (e > worst) { worst = e; at = xs[i]!; wv = w; gv = g; }
  }
  console.log(name.padEnd(9), "max ulp", worst.toFixed(1).padStart(8), "at", at, "want", wv, "got", gv, "maxabs", worstAbs.toExponential(1));
}
