// The order sort uses: numbers ascending, -0 equal to 0, and NaN after everything (all NaNs
// equal), which is JAX's order after it canonicalizes zeros and NaNs in the comparator.
export function compareTotal(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) return 0;
  const aNaN = a !== a;
  const bNaN = b !== b;
  return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
}
