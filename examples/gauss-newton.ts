// The Gauss-Newton matrix of a softmax classifier, as users write it: per-example Jacobians with
// vmap(jacrev(f)), then G = sum_i J_i^T (diag(p_i) - p_i p_i^T) J_i.
import * as jax from "../src/index.js";
import { numpy as jnp, nn, lax } from "../src/index.js";

/** A 2-layer MLP whose parameters are one flat vector (JAX's ravel_pytree, by hand). */
export function makeMlp(nIn: number, nHidden: number, nOut: number) {
  const sizes = [nIn * nHidden, nHidden, nHidden * nOut, nOut];
  const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  const numParams = sizes.reduce((a, b) => a + b, 0);
  const part = (theta: jax.Array, k: number, shape: number[]) => lax.sliceInDim(theta, offsets[k]!, offsets[k]! + sizes[k]!, 1, 0).reshape(shape);
  const logits = (theta: jax.Array, x: jax.Array): jax.Array => {
    const h = jnp.tanh(jnp.add(jnp.matmul(x, part(theta, 0, [nIn, nHidden])), part(theta, 1, [nHidden])));
    return jnp.add(jnp.matmul(h, part(theta, 2, [nHidden, nOut])), part(theta, 3, [nOut]));
  };
  return { logits, numParams };
}

/** G = sum_i J_i^T (diag(p_i) - p_i p_i^T) J_i, with J_i the Jacobian of example i's logits. */
export function gaussNewton(logits: (theta: jax.Array, x: jax.Array) => jax.Array, theta: jax.Array, xs: jax.Array): jax.Array {
  const jacobians = jax.vmap(jax.jacrev(logits), { inAxes: [null, 0] })(theta, xs) as jax.Array; // [N, C, P]
  const p = nn.softmax(jax.vmap((x: jax.Array) => logits(theta, x))(xs) as jax.Array); // [N, C]
  const hOut = jnp.subtract(jax.vmap((pi: jax.Array) => jnp.diag(pi))(p) as jax.Array, jnp.einsum("nc,nd->ncd", p, p)); // [N, C, C]
  return jnp.einsum("ncp,ncd,ndq->pq", jacobians, hOut, jacobians);
}
