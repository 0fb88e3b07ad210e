// Float64 kernels of erf, erfc and erf_inv.
//
// erf uses the series 2/sqrt(pi) e^-x^2 sum 2^n x^(2n+1) / (2n+1)!!, whose terms are all positive
// (no cancellation) on |x| < 2.5; erfc uses Lentz's evaluation of Laplace's continued fraction
// from x >= 1.5, where 1 - erf would cancel. erf_inv refines a closed-form first guess by Halley
// steps on erf (or on erfc near +-1, where 1 - |y| is exact), so it inherits erf's accuracy.

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
const SERIES_LIMIT = 2.5;
const FRACTION_START = 1.5;

/**
 * e^(-x^2) without the error of rounding x^2: x = hi + lo with hi holding 24 bits, so hi^2 is
 * exact and the small remainder goes through a second exp (JAX's exp_neg_sq does the same).
 */
export function expNegSquare(x: number): number {
  // Past 28 the result underflows to 0 (and fround would overflow for huge x).
  if (Math.abs(x) > 28) return 0;
  const hi = Math.fround(x);
  const lo = x - hi;
  return Math.exp(-hi * hi) * Math.exp(-lo * (2 * hi + lo));
}

function erfSeries(x: number): number {
  if (x < 0) return -erfSeries(-x);
  const x2 = 2 * x * x;
  let term = x;
  let sum = x;
  for (let n = 0; n < 200; n++) {
    term *= x2 / (2 * n + 3);
    sum += term;
    if (term <= 1e-17 * sum) break;
  }
  return TWO_OVER_SQRT_PI * expNegSquare(x) * sum;
}

/** erfc(x) for x >= 1.5: e^-x^2 / sqrt(pi) * 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))). */
function erfcFraction(x: number): number {
  if (x > 27.5) return 0; // below the smallest subnormal; also keeps x = inf out of the recurrence
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * expNegSquare(x)) / f;
}

export function erfKernel(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  if (a < SERIES_LIMIT) return erfSeries(x);
  const r = 1 - erfcFraction(a);
  return x < 0 ? -r : r;
}

export function erfcKernel(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x >= FRACTION_START) return erfcFraction(x);
  if (x > -SERIES_LIMIT) return 1 - erfSeries(x);
  return 2 - erfcFraction(-x);
}

/** Winitzki's closed form, within about 2e-3 relative: a starting point for Halley's method. */
function erfInvGuess(a: number): number {
  const k = 0.147;
  const l = Math.log1p(-a * a);
  const t = 2 / (Math.PI * k) + l / 2;
  return Math.sqrt(Math.sqrt(t * t - l / k) - t);
}

/** erf_inv(y): +-inf at y = +-1, NaN outside [-1, 1]; the sign of zero is kept. */
export function erfInvKernel(y: number): number {
  if (Number.isNaN(y) || Math.abs(y) > 1) return NaN;
  if (Math.abs(y) === 1) return y * Infinity;
  if (y === 0) return y;
  const a = Math.abs(y);
  // Below 1/2 solve erf(x) = a; above, erfc(x) = 1 - a, which is exact and keeps the tail's bits.
  const useErfc = a > 0.5;
  const target = useErfc ? 1 - a : a;
  let x = a < 1e-8 ? a / TWO_OVER_SQRT_PI : erfInvGuess(a);
  for (let i = 0; i < 8; i++) {
    const f = useErfc ? erfcKernel(x) - target : erfKernel(x) - target;
    const slope = (useErfc ? -TWO_OVER_SQRT_PI : TWO_OVER_SQRT_PI) * expNegSquare(x);
    // Halley: f'' = -2x f', so the step is u / (1 + x u) with u = f / f'.
    const u = f / slope;
    const step = u / (1 + x * u);
    x -= step;
    if (Math.abs(step) <= 1e-16 * Math.abs(x)) break;
  }
  return y < 0 ? -x : x;
}
