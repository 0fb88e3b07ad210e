// Splitting flat operand lists into their groups (consts, carry, xs, ...).

type Groups<T> = [T[], T[], T[], T[], T[], T[], T[], T[]];

/** Splits `xs` into consecutive groups of the given sizes plus the rest; missing groups are empty. */
export function split<T>(xs: readonly T[], ...sizes: number[]): Groups<T> {
  const out: T[][] = [];
  let k = 0;
  for (const n of sizes) {
    out.push(xs.slice(k, k + n));
    k += n;
  }
  out.push(xs.slice(k));
  while (out.length < 8) out.push([]);
  return out as Groups<T>;
}

export function splitN<T>(xs: readonly T[], sizes: readonly number[]): Groups<T> {
  return split(xs, ...sizes);
}
