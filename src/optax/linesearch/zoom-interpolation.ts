// Trial points for the zoom phase: the minimizers of a cubic through three points (with the
// slope at the first) and of a quadratic through two (with the slope at the first). Either may
// be NaN or fall outside the interval; the caller then falls back to the next choice.
import * as jnp from "../../numpy/index.js";
import type { JaxArray } from "../../tracing/array.js";

/**
 * The critical point of p(x) = A (x-a)^3 + B (x-a)^2 + C (x-a) + D through (a, fa), (b, fb),
 * (c, fc) with p'(a) = fpa (scipy's _cubicmin). NaN when the discriminant is negative.
 */
export function cubicMinimizer(
  a: JaxArray,
  fa: JaxArray,
  fpa: JaxArray,
  b: JaxArray,
  fb: JaxArray,
  c: JaxArray,
  fc: JaxArray,
): JaxArray {
  const C = fpa;
  const db = jnp.subtract(b, a);
  const dc = jnp.subtract(c, a);
  const denom = jnp.multiply(jnp.square(jnp.multiply(db, dc)), jnp.subtract(db, dc));
  const rb = jnp.subtract(jnp.subtract(fb, fa), jnp.multiply(C, db));
  const rc = jnp.subtract(jnp.subtract(fc, fa), jnp.multiply(C, dc));
  // [A, B] = [[dc^2, -db^2], [-dc^3, db^3]] @ [rb, rc] / denom
  const A = jnp.divide(jnp.subtract(jnp.multiply(jnp.square(dc), rb), jnp.multiply(jnp.square(db), rc)), denom);
  const B = jnp.divide(
    jnp.add(jnp.negative(jnp.multiply(jnp.power(dc, 3), rb)), jnp.multiply(jnp.power(db, 3), rc)),
    denom,
  );
  const radical = jnp.subtract(jnp.square(B), jnp.multiply(jnp.multiply(3, A), C));
  return jnp.add(a, jnp.divide(jnp.add(jnp.negative(B), jnp.sqrt(radical)), jnp.multiply(3, A)));
}

/** The critical point of p(x) = B (x-a)^2 + C (x-a) + D through (a, fa), (b, fb) with p'(a) = fpa. */
export function quadraticMinimizer(a: JaxArray, fa: JaxArray, fpa: JaxArray, b: JaxArray, fb: JaxArray): JaxArray {
  const db = jnp.subtract(b, a);
  const B = jnp.divide(jnp.subtract(jnp.subtract(fb, fa), jnp.multiply(fpa, db)), jnp.square(db));
  return jnp.subtract(a, jnp.divide(fpa, jnp.multiply(2, B)));
}
