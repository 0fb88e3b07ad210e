// jnp.interp: piecewise-linear interpolation through the points (xp, fp), located by searchsorted.
import { type ArrayLike } from "../coerce.js";
import { finfo } from "../dtypes.js";
import { ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { take } from "./indexing.js";
import { filled } from "./math-util.js";
import { promoteToInexact } from "./promote.js";
import { searchsorted } from "./sorting.js";

export interface InterpOptions {
  /** The value for x < xp[0] (default fp[0]). */
  left?: ArrayLike;
  /** The value for x > xp[-1] (default fp[-1]). */
  right?: ArrayLike;
  /** Treat x and xp as angles of this period (xp need not be sorted then); left and right are not used. */
  period?: number;
}

function at(v: JaxArray, i: number): JaxArray {
  const n = v.shape[0]!;
  const k = i < 0 ? n + i : i;
  return lax.reshape(lax.sliceInDim(v, k, k + 1, 1, 0), []);
}

/**
 * `jnp.interp(x, xp, fp, { left, right, period })`: the values at x of the piecewise-linear
 * function through (xp[i], fp[i]); xp must be increasing (unless period is given).
 */
export function interp(x: ArrayLike, xp: ArrayLike, fp: ArrayLike, options: InterpOptions = {}): JaxArray {
  const op = "interp";
  let [xs, xps, fps] = promoteToInexact(op, [x, xp, fp]) as [JaxArray, JaxArray, JaxArray];
  if (xps.ndim !== 1 || fps.ndim !== 1) {
    throw new ShapeError(`${op}: xp and fp must be 1-dimensional, got ${xps.aval.str()}, ${fps.aval.str()}`);
  }
  if (xps.shape[0] !== fps.shape[0]) {
    throw new ShapeError(`${op}: xp and fp must have the same length, got ${xps.aval.str()}, ${fps.aval.str()}`);
  }
  if (xps.shape[0] === 0) throw new ValueError(`${op}: xp and fp must not be empty`);
  const dtype = xs.dtype;
  const period = options.period;
  if (period !== undefined) {
    if (period === 0) throw new ValueError(`${op}: period must be a non-zero value, got 0`);
    const p = Math.abs(period);
    const wrap = (v: JaxArray) => {
      const r = lax.rem(v, filled(v.shape, p, dtype));
      return lax.select(lax.lt(r, filled(v.shape, 0, dtype)), lax.add(r, filled(v.shape, p, dtype)), r);
    };
    xs = wrap(xs);
    [xps, fps] = lax.sortKeyVal(wrap(xps), fps);
    const n = xps.shape[0]!;
    const shift = (v: JaxArray, d: number) => lax.add(v, filled(v.shape, d, dtype));
    xps = lax.concatenate(
      [shift(lax.sliceInDim(xps, n - 1, n, 1, 0), -p), xps, shift(lax.sliceInDim(xps, 0, 1, 1, 0), p)],
      0,
    );
    fps = lax.concatenate([lax.sliceInDim(fps, n - 1, n, 1, 0), fps, lax.sliceInDim(fps, 0, 1, 1, 0)], 0);
  }
  const n = xps.shape[0]!;
  const idx = lax.clamp(
    filled([], 1, "int32"),
    searchsorted(xps, xs, { side: "right" }),
    filled([], Math.max(n - 1, 1), "int32"),
  );
  const before = lax.sub(idx, filled(idx.shape, 1, "int32"));
  const pick = (v: JaxArray, i: JaxArray) => take(v, i, 0, { mode: "clip" });
  const f0 = pick(fps, before);
  const df = lax.sub(pick(fps, idx), f0);
  const dx = lax.sub(pick(xps, idx), pick(xps, before));
  const delta = lax.sub(xs, pick(xps, before));
  // Coincident knots would divide 0 by 0 (and give NaN gradients): take the left value there. The
  // threshold is numpy's spacing(eps), which is eps squared.
  const tiny = filled(dx.shape, finfo(dtype).eps ** 2, dtype);
  const flat = lax.le(lax.abs(dx), tiny);
  const safeDx = lax.select(flat, filled(dx.shape, 1, dtype), dx);
  let f = lax.select(flat, f0, lax.add(f0, lax.mul(lax.div(delta, safeDx), df)));
  if (period === undefined) {
    const edge = (v: ArrayLike | undefined, fallback: JaxArray) =>
      lax.broadcastInDim(
        v === undefined ? fallback : lax.convertElementType(promoteToInexact(op, [v])[0]!, dtype),
        f.shape,
        [],
      );
    const checkScalar = (v: ArrayLike | undefined, name: string) => {
      if (v !== undefined && typeof v !== "number" && typeof v !== "boolean" && v.ndim !== 0) {
        throw new ShapeError(`${op}: ${name} must be a scalar, got ${v.aval.str()}`);
      }
    };
    checkScalar(options.left, "left");
    checkScalar(options.right, "right");
    f = lax.select(lax.lt(xs, lax.broadcastInDim(at(xps, 0), xs.shape, [])), edge(options.left, at(fps, 0)), f);
    f = lax.select(lax.gt(xs, lax.broadcastInDim(at(xps, -1), xs.shape, [])), edge(options.right, at(fps, -1)), f);
  }
  return f;
}
