// The one contraction helper of the numpy products: lax.dotGeneral with batch axes moved first.
import type { DType } from "../dtypes.js";
import * as lax from "../lax/index.js";
import { range } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";

export interface ContractionOptions {
  /** Accumulation/result dtype passed to lax.dotGeneral. */
  preferredElementType?: DType;
}

/**
 * Contracts axes `contractA` of a with `contractB` of b, batching over `batchA`/`batchB`. The
 * result has the batch axes first, then a's free axes, then b's (dot_general's order).
 */
export function contract(
  a: JaxArray,
  b: JaxArray,
  contractA: readonly number[],
  contractB: readonly number[],
  batchA: readonly number[],
  batchB: readonly number[],
  options: ContractionOptions = {},
): JaxArray {
  const restA = range(a.ndim).filter((i) => !batchA.includes(i));
  const restB = range(b.ndim).filter((i) => !batchB.includes(i));
  const at = lax.transpose(a, [...batchA, ...restA]);
  const bt = lax.transpose(b, [...batchB, ...restB]);
  const nb = batchA.length;
  const lc = contractA.map((d) => nb + restA.indexOf(d));
  const rc = contractB.map((d) => nb + restB.indexOf(d));
  const batch = range(nb);
  const params =
    options.preferredElementType === undefined ? {} : { preferredElementType: options.preferredElementType };
  return lax.dotGeneral(
    at,
    bt,
    [
      [lc, rc],
      [batch, batch],
    ],
    params,
  );
}
