// jnp.where, and the re-exports of the smaller numpy math modules (rounding, float tests, logic).
import { asArray, type ArrayLike } from "../coerce.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { fullLike } from "./math-util.js";
import { broadcastArrays, promoteDtypes } from "./promote.js";

export * from "./math-rounding.js";
export * from "./math-float.js";
export * from "./math-logic.js";

/**
 * `where(condition, x, y)`: x where condition is true (nonzero), else y; all three broadcast,
 * x and y promote together. The one-argument form has a data-dependent shape and is refused.
 */
export function where(condition: ArrayLike, x?: ArrayLike, y?: ArrayLike): JaxArray {
  if (x === undefined || y === undefined) {
    throw new ValueError(
      "where: needs both x and y; the one-argument form where(condition) has a data-dependent shape, " +
        "use jnp.nonzero(condition, { size }) instead",
    );
  }
  let c = asArray(condition, "where");
  if (c.dtype !== "bool") c = lax.ne(c, fullLike(c, 0));
  const [a, b] = promoteDtypes("where", [x, y]);
  const [cb, ab, bb] = broadcastArrays("where", [c, a!, b!]);
  return lax.select(cb!, ab!, bb!);
}
