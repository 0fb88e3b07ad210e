// Frameworks are checked against each other on what they computed, not only timed: a fast wrong
// answer must not pass as a result. The checksum is the sum of absolute values of every output
// element (sign cancellations cannot hide a wrong gradient), compared with a relative tolerance
// wide enough for float32 summation order.

export const CHECKSUM_RTOL = 1e-3;

export function checksum(outputs: readonly ArrayLike<number>[]): number {
  let total = 0;
  for (const out of outputs) for (let i = 0; i < out.length; i++) total += Math.abs(out[i]!);
  return total;
}

export function agree(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= CHECKSUM_RTOL * Math.max(Math.abs(a), Math.abs(b), 1e-30);
}
