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

/**
 * The loop-carry fixpoint every loop rule needs: a carry component is "on" (has a tangent, is
 * batched, is unknown) if it starts on or if one trip through the body turns it on. `bodyOut`
 * says which body outputs are on for a given carry; the first carry outputs line up with the carry.
 */
export function carryFixpoint(
  initial: readonly boolean[],
  bodyOut: (carry: boolean[]) => readonly boolean[],
): boolean[] {
  let carry = [...initial];
  for (;;) {
    const out = bodyOut(carry);
    const next = carry.map((v, i) => v || out[i]!);
    if (next.every((v, i) => v === carry[i])) return carry;
    carry = next;
  }
}
