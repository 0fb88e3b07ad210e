// Imports the built package the way a user's plain Node ESM program does (no tsx, no bundler),
// so module-resolution mistakes in dist/ fail CI. Run after `npm run build`.
import * as jax from "jax-ts";
import * as optax from "jax-ts/optax";

const { numpy: jnp, tree } = jax;
const x = jnp.array([1, 2, 3]).astype("float32");
const g = await jax.grad((a) => jnp.sum(jnp.sin(a)))(x).data();
const want = [1, 2, 3].map(Math.cos);
if (g.some((v, i) => Math.abs(v - want[i]) > 1e-6)) throw new Error(`package smoke: grad gave ${Array.from(g)}`);
const opt = optax.adam(1e-3);
opt.update({ w: x }, opt.init({ w: x }), { w: x });
tree.fp.toTree(tree.fp.Functor.map(tree.fp.fromTree({ a: 1 }), (v) => v + 1));
console.log("package smoke: ok");
