// log(exp(a) + exp(b)) without overflow, with JAX's handling of infinities and NaN.
export function logAddExp(a: number, b: number): number {
  const delta = a - b;
  // delta is NaN when either is NaN or both are the same infinity; a + b gives NaN or that infinity.
  if (delta !== delta) return a + b;
  return Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(delta)));
}
