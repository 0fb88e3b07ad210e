// Float64 kernels of lgamma, digamma and polygamma, with XLA's values at the poles.
//
// Around x = 2 both lgamma and digamma use their Taylor series in zeta(k) - 1, which converge
// like 4^-k on |x - 2| <= 1/2 and are exact at the zeros (lgamma(1) = lgamma(2) = 0); other
// arguments are moved into that window by the recurrence, reflected (x < -1/2), or use the
// Stirling series (x >= 13), so every result is accurate to a few ulps away from the negative
// zeros and poles.
import { BERNOULLI_EVEN, EULER_GAMMA, ZETA_MINUS_ONE, hurwitzZeta } from "./special-series.js";

const LOG_2PI_HALF = 0.5 * Math.log(2 * Math.PI);
const STIRLING_START = 13;
// The positive zero of digamma, split so that x - x0 is exact near it.
const DIGAMMA_ROOT_HI = 1.4616321449683622;
const DIGAMMA_ROOT_LO = 9.549995429965697e-17;

/** |sin(pi x)|, exact at integers and accurate near them (the argument is reduced first). */
function absSinPi(x: number): number {
  const a = Math.abs(x);
  let f = a - Math.floor(a);
  if (f > 0.5) f = 1 - f;
  return Math.sin(Math.PI * f);
}

/** cot(pi x) for non-integer x, reduced to |x - round(x)| <= 1/2 so pi*r keeps its bits. */
function cotPi(x: number): number {
  const r = x - Math.round(x);
  return 1 / Math.tan(Math.PI * r);
}

const isNonPositiveInteger = (x: number): boolean => x <= 0 && Math.floor(x) === x;

/** lgamma(2 + z) for |z| <= 1/2: (1 - gamma) z + sum_k (-1)^k (zeta(k) - 1) z^k / k. */
function lgammaNear2(z: number): number {
  let sum = 0;
  let power = -z; // (-z)^k, starting at k = 1
  for (let k = 2; k < ZETA_MINUS_ONE.length; k++) {
    power *= -z;
    const term = (ZETA_MINUS_ONE[k]! * power) / k;
    sum += term;
    if (Math.abs(term) < 1e-18 * Math.abs(sum)) break;
  }
  return (1 - EULER_GAMMA) * z + sum;
}

/** lgamma(x) for x >= 13 by the Stirling series. */
function lgammaStirling(x: number): number {
  const base = (x - 0.5) * Math.log(x) - x + LOG_2PI_HALF;
  if (x > 1e17) return base;
  const inv2 = 1 / (x * x);
  let power = 1 / x;
  let corr = 0;
  for (let j = 1; j <= 8; j++) {
    corr += (BERNOULLI_EVEN[j - 1]! / (2 * j * (2 * j - 1))) * power;
    power *= inv2;
  }
  return base + corr;
}

/** log|Gamma(x)|; +inf at the poles (non-positive integers) and at +-inf, as XLA's lgamma. */
export function lgammaKernel(x: number): number {
  if (Number.isNaN(x)) return x;
  if (!Number.isFinite(x) || isNonPositiveInteger(x)) return Infinity;
  if (x < -0.5) return Math.log(Math.PI / absSinPi(x)) - lgammaKernel(1 - x);
  if (x < 0.5) return lgammaNear2(x) - Math.log(Math.abs(x)) - Math.log1p(x);
  if (x < 1.5) return lgammaNear2(x - 1) - Math.log1p(x - 1);
  if (x < 2.5) return lgammaNear2(x - 2);
  if (x < STIRLING_START) {
    // Shift down into [1.5, 2.5): lgamma(x) = lgamma(t) + log((x-1)(x-2)...t), all terms positive.
    let t = x;
    let product = 1;
    while (t >= 2.5) {
      t -= 1;
      product *= t;
    }
    return lgammaNear2(t - 2) + Math.log(product);
  }
  return lgammaStirling(x);
}

/**
 * digamma(2 + z) for |z| <= 3/4, written as (x - x0) * sum_k (-1)^k (zeta(k) - 1) D_{k-1} with
 * D_n = (z^n - z0^n) / (z - z0): the Taylor series minus its value at the root x0 = 2 + z0, so the
 * result keeps full relative accuracy next to the root.
 */
function digammaNear2(z: number): number {
  const z0 = DIGAMMA_ROOT_HI - 2;
  const dx = z + 2 - DIGAMMA_ROOT_HI - DIGAMMA_ROOT_LO;
  let d = 1; // D_1
  let z0Power = 1; // z0^(n-1)
  let sum = 0;
  for (let k = 2; k < ZETA_MINUS_ONE.length; k++) {
    // No early exit: D_n vanishes for even n when z = -z0, so one small term proves nothing.
    sum += (k % 2 === 0 ? 1 : -1) * ZETA_MINUS_ONE[k]! * d;
    z0Power *= z0;
    d = z * d + z0Power;
  }
  return dx * sum;
}

function digammaAsymptotic(x: number): number {
  const inv2 = 1 / (x * x);
  let power = inv2;
  let corr = 0;
  for (let j = 1; j <= 8 && x < 1e17; j++) {
    corr += (BERNOULLI_EVEN[j - 1]! / (2 * j)) * power;
    power *= inv2;
  }
  return Math.log(x) - 0.5 / x - corr;
}

/** digamma(x); NaN at the poles (non-positive integers, -inf), as XLA's digamma. */
export function digammaKernel(x: number): number {
  if (Number.isNaN(x) || isNonPositiveInteger(x)) return NaN;
  if (x === Infinity) return x;
  if (x < -0.5) return digammaKernel(1 - x) - Math.PI * cotPi(x);
  if (x < 0.5) return digammaNear2(x) - 1 / x - 1 / (1 + x);
  if (x < 1.25) return digammaNear2(x - 1) - 1 / x;
  if (x < 2.75) return digammaNear2(x - 2);
  if (x < STIRLING_START) {
    // Shift down into [1.75, 2.75): digamma(x) = digamma(t) + sum 1/(x-k), all terms positive.
    let t = x;
    let sum = 0;
    while (t >= 2.75) {
      t -= 1;
      sum += 1 / t;
    }
    return digammaNear2(t - 2) + sum;
  }
  return digammaAsymptotic(x);
}

/**
 * d^m/dx^m cot(pi x) = pi^m P_m(cot(pi x)) with P_0(c) = c and P_{n+1}(c) = -(1 + c^2) P_n'(c).
 * Polynomials are coefficient arrays, lowest degree first.
 */
function cotPiDerivative(m: number, x: number): number {
  let poly = [0, 1];
  for (let n = 0; n < m; n++) {
    const deriv = poly.slice(1).map((a, i) => a * (i + 1));
    const next = new Array<number>(deriv.length + 2).fill(0);
    deriv.forEach((a, i) => {
      next[i] = next[i]! - a;
      next[i + 2] = next[i + 2]! - a;
    });
    poly = next;
  }
  const c = cotPi(x);
  let value = 0;
  for (let i = poly.length - 1; i >= 0; i--) value = value * c + poly[i]!;
  return Math.pow(Math.PI, m) * value;
}

function factorial(m: number): number {
  let f = 1;
  for (let i = 2; i <= m; i++) f *= i;
  return f;
}

/**
 * polygamma(m, x) = (-1)^(m+1) m! zeta(m+1, x) for natural m (digamma for m = 0). NaN unless m is a
 * natural number; at the poles +inf for odd m and NaN for even m, as XLA's polygamma.
 */
export function polygammaKernel(m: number, x: number): number {
  if (Number.isNaN(m) || Number.isNaN(x) || m < 0 || Math.floor(m) !== m) return NaN;
  if (m === 0) return digammaKernel(x);
  if (x === Infinity) return 0;
  if (x === -Infinity || isNonPositiveInteger(x)) return m % 2 === 1 ? Infinity : NaN;
  if (x < 0) {
    // Reflection: psi_m(x) = (-1)^m psi_m(1 - x) - pi d^m/dx^m cot(pi x).
    const reflected = polygammaKernel(m, 1 - x);
    return (m % 2 === 0 ? reflected : -reflected) - Math.PI * cotPiDerivative(m, x);
  }
  const sign = m % 2 === 1 ? 1 : -1;
  return sign * factorial(m) * hurwitzZeta(m + 1, x);
}
