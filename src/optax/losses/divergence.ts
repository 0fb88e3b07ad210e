// Kullback-Leibler divergences between a predicted distribution (given by its logs) and targets.
import type { ArrayLike } from "../../coerce.js";
import * as jnp from "../../numpy/index.js";
import type { Axis } from "../../numpy/reductions.js";
import type { JaxArray } from "../../tracing/array.js";
import { floating } from "./checks.js";

export interface DivergenceOptions {
  /** The axis or axes of the distribution (default -1). */
  axis?: Axis;
  where?: ArrayLike;
}

function reduce(x: JaxArray, options: DivergenceOptions): JaxArray {
  const axis = options.axis === undefined ? -1 : options.axis;
  return jnp.sum(x, options.where === undefined ? { axis } : { axis, where: options.where });
}

/** optax.kl_divergence: `sum(t * (log t - logPredictions))`, with `0 log 0 = 0`. */
export function klDivergence(logPredictions: ArrayLike, targets: ArrayLike, options: DivergenceOptions = {}): JaxArray {
  const logP = floating("klDivergence", "logPredictions", logPredictions);
  const t = floating("klDivergence", "targets", targets);
  const zero = jnp.equal(t, 0);
  // log(1) = 0 where t = 0, so no -inf ever meets the zero weight.
  const logT = jnp.log(jnp.where(zero, 1, t));
  return reduce(jnp.multiply(t, jnp.subtract(logT, logP)), options);
}

/** optax.kl_divergence_with_log_targets: klDivergence with the targets given by their logs. */
export function klDivergenceWithLogTargets(
  logPredictions: ArrayLike,
  logTargets: ArrayLike,
  options: DivergenceOptions = {},
): JaxArray {
  const logP = floating("klDivergenceWithLogTargets", "logPredictions", logPredictions);
  const logT = floating("klDivergenceWithLogTargets", "logTargets", logTargets);
  return reduce(jnp.multiply(jnp.exp(logT), jnp.subtract(logT, logP)), options);
}

/** optax.generalized_kl_divergence: klDivergence plus `sum(exp(logPredictions) - targets)`, for unnormalized measures. */
export function generalizedKlDivergence(
  logPredictions: ArrayLike,
  targets: ArrayLike,
  options: DivergenceOptions = {},
): JaxArray {
  const kl = klDivergence(logPredictions, targets, options);
  const mass = reduce(
    jnp.subtract(jnp.exp(floating("generalizedKlDivergence", "logPredictions", logPredictions)), targets),
    options,
  );
  return jnp.add(kl, mass);
}

/** optax.convex_kl_divergence: optax's older name for generalizedKlDivergence. */
export const convexKlDivergence = generalizedKlDivergence;
