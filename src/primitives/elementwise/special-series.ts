// Series shared by the gamma-family kernels: Bernoulli numbers, the Hurwitz zeta function by
// Euler–Maclaurin summation, and the table of zeta(k) - 1 that the Taylor series of lgamma and
// digamma around 2 are built from. Everything is float64 host arithmetic.

/** B_2, B_4, ..., B_20 (exact rationals). */
export const BERNOULLI_EVEN: readonly number[] = [
  1 / 6,
  -1 / 30,
  1 / 42,
  -1 / 30,
  5 / 66,
  -691 / 2730,
  7 / 6,
  -3617 / 510,
  43867 / 798,
  -174611 / 330,
];

/** Euler–Mascheroni constant. */
export const EULER_GAMMA = 0.5772156649015329;

/**
 * Hurwitz zeta(s, q) = sum_{n>=0} (q+n)^-s for s > 1, q > 0. The first terms are summed directly
 * until q+n is large enough (past 16 and past s) for the Euler–Maclaurin tail with ten Bernoulli
 * corrections to be below float64 rounding.
 */
export function hurwitzZeta(s: number, q: number): number {
  const start = Math.max(16, s);
  let sum = 0;
  let a = q;
  while (a < start) {
    sum += Math.pow(a, -s);
    a += 1;
  }
  const aPowS = Math.pow(a, -s);
  if (aPowS === 0) return sum;
  let tail = (a * aPowS) / (s - 1) + aPowS / 2;
  // term_j = B_2j / (2j)! * s (s+1) ... (s+2j-2) * a^(-s-2j+1), built up factor by factor.
  let factor = (s / a) * aPowS;
  let factorial = 2;
  for (let j = 1; j <= BERNOULLI_EVEN.length; j++) {
    const term = (BERNOULLI_EVEN[j - 1]! / factorial) * factor;
    tail += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum + tail)) break;
    factor *= ((s + 2 * j - 1) * (s + 2 * j)) / (a * a);
    factorial *= (2 * j + 1) * (2 * j + 2);
  }
  return sum + tail;
}

/** ZETA_MINUS_ONE[k] = zeta(k) - 1 for k >= 2 (entries 0 and 1 unused): about 2^-k. */
export const ZETA_MINUS_ONE: readonly number[] = (() => {
  const table = [NaN, NaN];
  for (let k = 2; k <= 60; k++) table.push(hurwitzZeta(k, 2));
  return table;
})();
