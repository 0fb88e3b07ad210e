// lax.dot and lax.batch_matmul: the common products, spelled as dot_general dimension numbers.
import { ShapeError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import { dotGeneral, type DotGeneralOptions } from "./dot-general.js";
import type { PrecisionLike } from "./precision.js";

/**
 * `lax.dot`: vector·vector, matrix·vector, vector·matrix or matrix·matrix, contracting the
 * last axis of `lhs` with the first axis of `rhs`.
 */
export function dot(lhs: JaxArray, rhs: JaxArray, options: DotGeneralOptions = {}): JaxArray {
  const ranksOk = lhs.ndim >= 1 && lhs.ndim <= 2 && rhs.ndim >= 1 && rhs.ndim <= 2;
  if (!ranksOk || lhs.shape[lhs.ndim - 1] !== rhs.shape[0]) {
    throw new ShapeError(
      `dot: incompatible shapes ${lhs.aval.str()} and ${rhs.aval.str()}; lax.dot takes vectors or matrices ` +
        `whose inner sizes agree (lhs last axis, rhs first axis). Use lax.dotGeneral or jnp.matmul for other ranks`,
    );
  }
  return dotGeneral(
    lhs,
    rhs,
    [
      [[lhs.ndim - 1], [0]],
      [[], []],
    ],
    options,
  );
}

/** `lax.batch_matmul`: matrix products over the trailing two axes, leading axes paired as batch axes. */
export function batchMatmul(lhs: JaxArray, rhs: JaxArray, options: { precision?: PrecisionLike } = {}): JaxArray {
  if (lhs.ndim < 2 || rhs.ndim < 2 || lhs.ndim !== rhs.ndim) {
    throw new ShapeError(
      `batch_matmul: operands must have the same rank, at least 2, got ${lhs.aval.str()} and ${rhs.aval.str()}; ` +
        `broadcast or reshape them first (jnp.matmul broadcasts)`,
    );
  }
  const batch = Array.from({ length: lhs.ndim - 2 }, (_, i) => i);
  return dotGeneral(
    lhs,
    rhs,
    [
      [[lhs.ndim - 1], [rhs.ndim - 2]],
      [batch, batch],
    ],
    { precision: options.precision ?? null },
  );
}
