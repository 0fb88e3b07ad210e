import * as jax from "./src/index.js";
import { numpy as jnp } from "./src/index.js";
import { hessian } from "./src/transforms/jacobians-old-tmp.js";
import { arrayFromHost, ArrayImpl } from "./src/array.js";
type A = jax.Array;
const f64 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "float64");
const host = (x: unknown) => Array.from((x as ArrayImpl).dataSync(), Number);
const cv = jax.customVjp((y: A) => jnp.sin(y)).defvjp((y: any) => [jnp.sin(y), jnp.cos(y)], (c: any, g: any) => [jnp.multiply(g, c)]);
const f = (x: A) => jnp.sum(cv(jnp.multiply(x, x)) as A);
try { console.log(host(hessian(f)(f64([0.3, 0.5])))); } catch (e) { console.log((e as Error).stack?.split("\n").slice(0, 30).join("\n")); }
