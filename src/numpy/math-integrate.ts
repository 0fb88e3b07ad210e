// jnp.trapezoid: integration by the trapezoidal rule along one axis.
import { type ArrayLike } from "../coerce.js";
import { ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxis } from "../shape.js";
import { JaxArray } from "../tracing/array.js";
import { broadcastArrays, promoteToInexact } from "./promote.js";

export interface TrapezoidOptions {
  /** The spacing of the samples when x is not given (default 1). */
  dx?: ArrayLike;
  /** The axis to integrate along (default -1). */
  axis?: number;
}

function isOptions(x: unknown): x is TrapezoidOptions {
  return typeof x === "object" && x !== null && !(x instanceof JaxArray);
}

/**
 * `jnp.trapezoid(y, x?, { dx, axis })`: sum of (x[i+1] - x[i]) (y[i+1] + y[i]) / 2 along the
 * axis; without x the samples are dx apart. x is 1-D (along the axis) or shaped like y.
 */
export function trapezoid(
  y: ArrayLike,
  x?: ArrayLike | null | TrapezoidOptions,
  options: TrapezoidOptions = {},
): JaxArray {
  const op = "trapezoid";
  const opts = isOptions(x) ? x : options;
  const xs = isOptions(x) ? undefined : (x ?? undefined);
  const promoted = promoteToInexact(op, xs === undefined ? [y, opts.dx ?? 1] : [y, xs]);
  const ys = promoted[0]!;
  if (ys.ndim === 0) throw new ValueError(`${op}: y must have at least one axis, got ${ys.aval.str()}`);
  const axis = normalizeAxis(opts.axis ?? -1, ys.ndim, op);
  const yl = lax.moveaxis(ys, axis, ys.ndim - 1);
  const n = yl.shape[yl.ndim - 1]!;
  const last = yl.ndim - 1;
  const diffLast = (v: JaxArray) =>
    lax.sub(
      lax.sliceInDim(v, 1, v.shape[v.ndim - 1]!, 1, v.ndim - 1),
      lax.sliceInDim(v, 0, v.shape[v.ndim - 1]! - 1, 1, v.ndim - 1),
    );
  let widths: JaxArray;
  if (xs === undefined) widths = promoted[1]!;
  else {
    const xa = promoted[1]!;
    if (xa.ndim === 1) {
      if (xa.shape[0] !== n)
        throw new ShapeError(
          `${op}: x ${xa.aval.str()} must have one entry per sample along axis ${axis} of y ${ys.aval.str()}`,
        );
      widths = diffLast(xa);
    } else {
      widths = diffLast(lax.moveaxis(xa, normalizeAxis(opts.axis ?? -1, xa.ndim, op), xa.ndim - 1));
    }
  }
  const sums = lax.add(
    lax.sliceInDim(yl, Math.min(1, n), n, 1, last),
    lax.sliceInDim(yl, 0, Math.max(n - 1, 0), 1, last),
  );
  const [w, s] = broadcastArrays(op, [widths, sums]) as [JaxArray, JaxArray];
  const total = lax.reduceSum(lax.mul(w, s), [s.ndim - 1]);
  return lax.mul(total, lax.full(total.shape, 0.5, total.dtype));
}
