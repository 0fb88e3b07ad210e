// Float max/min as XLA computes them on CPU (IEEE 754-2019 maximum/minimum): NaN propagates from
// either operand and -0 orders below +0, so the result never depends on operand order.

export function floatMax(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === b) return Object.is(a, -0) ? b : a;
  return a > b ? a : b;
}

export function floatMin(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === b) return Object.is(a, -0) ? a : b;
  return a < b ? a : b;
}
