import * as jax from "./src/index.js";
import { lax, numpy as jnp } from "./src/index.js";
import { arrayFromHost, ArrayImpl } from "./src/array.js";
type A = jax.Array;
const f64 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "float64");
const host = (x: unknown) => Array.from((x as ArrayImpl).dataSync(), Number);
const s = (v: number) => f64([v], []);
function t(name: string, fn: () => unknown) {
  try { const r = fn(); console.log("OK  ", name, r === undefined ? "" : JSON.stringify(r)); }
  catch (e) { console.log("FAIL", name, String(e).split("\n").slice(0,3).join(" | ")); }
}
let w: any;
const J = jax.jit((a: A) => lax.mul(a, w));
t("jit stale tracer const 1", () => host(jax.vmap((v: A) => { w = v; return J(s(2)); })(f64([1,2]))));
t("jit stale tracer const 2", () => host(jax.vmap((v: A) => { w = v; return J(s(2)); })(f64([3,4]))));
w = s(5);
t("jit stale tracer const 3", () => host(J(s(2))));
const G = jax.jit((a: A) => lax.mul(a, w));
t("jit grad closure 1", () => host(jax.grad((v: A) => { w = v; return G(s(2)) as A; })(s(1))));
t("jit grad closure 2", () => host(jax.grad((v: A) => { w = v; return G(s(2)) as A; })(s(1))));
// scan xs batched at axis 2 + grad
const xs = f64(Array.from({ length: 2 * 3 * 4 }, (_, i) => Math.sin(i)), [3, 4, 2]);
const fsc = (x: A) => { const [c, ys] = lax.scan((c: any, xj: any) => [jnp.multiply(c, jnp.sin(xj)), jnp.cos(jnp.multiply(c, xj))], jnp.ones([4], { dtype: "float64" }), x) as any; return jnp.add(jnp.sum(c), jnp.sum(ys)); };
t("vmap grad inAxes 2", () => { const a = host(jax.vmap(jax.grad(fsc), { inAxes: 2, outAxes: 2 })(xs)); const b = host(jax.grad((q: A) => jnp.sum(jax.vmap(fsc, { inAxes: 2 })(q)))(xs)); return a.every((v, i) => Math.abs(v - b[i]!) < 1e-12); });
t("vmap inAxes -1", () => (jax.vmap(fsc, { inAxes: -1 })(xs) as A).shape);
t("vmap vmap scan different axes", () => (jax.vmap(jax.vmap(fsc, { inAxes: 2 }), { inAxes: 3 })(f64(Array(3*4*2*5).fill(0.1), [3,4,2,5])) as A).shape);
