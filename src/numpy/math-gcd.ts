// jnp.gcd and jnp.lcm for integers: Euclid's algorithm as one whole-array lax.whileLoop that
// runs until every pair is done.
import { isInteger } from "../dtypes.js";
import { DTypeError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { type ArrayLike } from "../coerce.js";
import { filled } from "./math-util.js";
import { promoteArgsNumeric } from "./promote.js";

function integerArgs(op: string, x1: ArrayLike, x2: ArrayLike): [JaxArray, JaxArray] {
  const [a, b] = promoteArgsNumeric(op, [x1, x2]) as [JaxArray, JaxArray];
  if (!isInteger(a.dtype)) {
    throw new DTypeError(`${op}: arguments must be integers, got ${a.aval.str()}, ${b.aval.str()}`);
  }
  return [lax.abs(a), lax.abs(b)];
}

function euclid(a: JaxArray, b: JaxArray): JaxArray {
  const zero = filled(a.shape, 0, a.dtype);
  const one = filled(a.shape, 1, a.dtype);
  // Invariant: x >= y. Each step replaces (x, y) by (y, x mod y), reordered; pairs with y = 0 are done.
  const order = ([x, y]: JaxArray[]): JaxArray[] => {
    const swap = lax.lt(x!, y!);
    return [lax.select(swap, y!, x!), lax.select(swap, x!, y!)];
  };
  const [g] = lax.whileLoop<JaxArray[]>(
    ([, y]) =>
      lax.reduceOr(
        lax.ne(y!, zero),
        y!.shape.map((_, i) => i),
      ),
    ([x, y]) => {
      const active = lax.ne(y!, zero);
      const remainder = lax.rem(x!, lax.select(active, y!, one));
      return order([lax.select(active, y!, x!), lax.select(active, remainder, zero)]);
    },
    order([a, b]),
  );
  return g!;
}

/** `jnp.gcd(x1, x2)`: the greatest common divisor of |x1| and |x2| elementwise (gcd(0, 0) = 0). */
export function gcd(x1: ArrayLike, x2: ArrayLike): JaxArray {
  const [a, b] = integerArgs("gcd", x1, x2);
  return euclid(a, b);
}

/** `jnp.lcm(x1, x2)`: the least common multiple of |x1| and |x2| elementwise (0 when either is 0). */
export function lcm(x1: ArrayLike, x2: ArrayLike): JaxArray {
  const [a, b] = integerArgs("lcm", x1, x2);
  const d = euclid(a, b);
  const zero = filled(d.shape, 0, d.dtype);
  const isZero = lax.eq(d, zero);
  const quotient = lax.div(b, lax.select(isZero, filled(d.shape, 1, d.dtype), d));
  return lax.select(isZero, zero, lax.mul(a, quotient));
}
