// The two strong Wolfe criteria as nonnegative errors (0 when satisfied, +inf for NaN), with
// Hager and Zhang's approximate sufficient decrease for steps near a very flat minimum.
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { hp } from "../scalars.js";

export interface WolfeConstants {
  /** c1 of the sufficient decrease criterion. */
  slopeRtol: number;
  /** c2 of the curvature criterion. */
  curvRtol: number;
  /** c3 of the approximate decrease switch; null keeps the plain Armijo criterion. */
  approxDecRtol: number | null;
}

function violation(e: JaxArray): JaxArray {
  const clipped = jnp.maximum(e, hp(0, e));
  return jnp.where(jnp.isnan(clipped), hp(Infinity, e), clipped);
}

/**
 * Armijo: f(t) <= f(0) + c1 t f'(0) (Nocedal and Wright, 3.7a). Close to the minimizer, where f(t)
 * is within c3 |f(0)| of f(0), the weaker f'(t) <= (2 c1 - 1) f'(0) is accepted instead
 * (Hager and Zhang, 2006, eq. 23), since the Armijo test cannot resolve differences there.
 */
export function decreaseError(
  k: WolfeConstants,
  stepsize: JaxArray,
  valueStep: JaxArray,
  slopeStep: JaxArray,
  valueInit: JaxArray,
  slopeInit: JaxArray,
): JaxArray {
  const c = (v: number) => hp(v, valueStep);
  let err = jnp.subtract(
    jnp.subtract(valueStep, valueInit),
    jnp.multiply(jnp.multiply(c(k.slopeRtol), stepsize), slopeInit),
  );
  if (k.approxDecRtol !== null) {
    const approx = jnp.subtract(slopeStep, jnp.multiply(c(2 * k.slopeRtol - 1), slopeInit));
    const notCloseEnough = jnp.subtract(
      jnp.subtract(valueStep, valueInit),
      jnp.multiply(c(k.approxDecRtol), jnp.abs(valueInit)),
    );
    err = jnp.minimum(jnp.maximum(approx, notCloseEnough), err);
  }
  return violation(err);
}

/** |f'(t)| <= c2 |f'(0)| (Nocedal and Wright, 3.7b). */
export function curvatureError(k: WolfeConstants, slopeStep: JaxArray, slopeInit: JaxArray): JaxArray {
  return violation(jnp.subtract(jnp.abs(slopeStep), jnp.multiply(hp(k.curvRtol, slopeStep), jnp.abs(slopeInit))));
}
