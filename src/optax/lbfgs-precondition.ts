// The L-BFGS two-loop recursion (Nocedal and Wright, algorithm 7.4): multiplies updates by the
// inverse Hessian approximation built from the stored parameter and gradient differences.
import * as lax from "../lax/index.js";
import * as jnp from "../numpy/index.js";
import type { JaxArray } from "../tracing/array.js";
import { entry } from "./lbfgs-memory.js";
import { addScale, scale, vdot } from "./tree-math.js";

export interface LbfgsMemory {
  /** Stacked parameter differences s_i = w_{i+1} - w_i. */
  diffParams: unknown;
  /** Stacked gradient differences y_i = u_{i+1} - u_i. */
  diffUpdates: unknown;
  /** rho_i = 1 / <y_i, s_i> (0 for empty entries, which then drop out). */
  weights: JaxArray;
}

/**
 * `P_k updates`, with `P_k` the L-BFGS approximation started from `identityScale * I`. Entries
 * are visited from the newest (just before `memoryIdx` in the ring) to the oldest, then back.
 */
export function preconditionByLbfgs<U>(
  updates: U,
  memory: LbfgsMemory,
  identityScale: JaxArray | number,
  memoryIdx: JaxArray,
): U {
  const m = memory.weights.shape[0]!;
  // Oldest first: the entry at memoryIdx is the oldest one still held.
  const order = jnp.remainder(jnp.add(memoryIdx, jnp.arange(m, { dtype: "int32" })), m);
  const rho = (i: JaxArray) => jnp.squeeze(lax.dynamicSliceInDim(memory.weights, i, 1, 0), 0);

  const [q, alphas] = lax.scan(
    (vec, i) => {
      const idx = i as JaxArray;
      const alpha = jnp.multiply(rho(idx), vdot(entry(memory.diffParams, idx), vec));
      return [addScale(vec, jnp.negative(alpha), entry(memory.diffUpdates, idx)), alpha];
    },
    updates,
    order,
    { reverse: true },
  ) as [U, JaxArray];

  const r0 = scale(identityScale, q);
  const [r] = lax.scan(
    (vec, x) => {
      const [idx, alpha] = x as [JaxArray, JaxArray];
      const beta = jnp.multiply(rho(idx), vdot(entry(memory.diffUpdates, idx), vec));
      return [addScale(vec, jnp.subtract(alpha, beta), entry(memory.diffParams, idx)), beta];
    },
    r0,
    [order, alphas],
  ) as [U, JaxArray];
  return r;
}
