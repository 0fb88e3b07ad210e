// Tangents of the cumulative reductions, from a parallel prefix scan (Hillis-Steele) over
// (value, tangent) pairs: after the round with offset d, position i holds the reduction of the
// 2d elements ending at i, combined from two disjoint halves. Each combine is differentiated as
// JAX differentiates the binary op (mul, max, min, logaddexp), so the result equals the JVP of
// JAX's associative scan up to how ties between equal maxima are weighted. Every step is a lax
// op, linear in the tangents, so the rule transposes and differentiates again.
import { arrayFromHost, scalar } from "../../array.js";
import type { JaxArray } from "../../tracing/array.js";
import { add, max, min, mul, sub } from "../elementwise/binary.js";
import { eq, ne } from "../elementwise/compare.js";
import { select } from "../elementwise/select.js";
import { abs, exp, log1p, neg } from "../elementwise/unary.js";
import { broadcastInDim } from "../shape/broadcast-in-dim.js";
import { convertElementType } from "../shape/convert-element-type.js";
import { pad } from "../shape/pad.js";

export interface ScanPair {
  v: JaxArray;
  t: JaxArray;
}
/** Combines the pair of an earlier segment with that of the adjacent later one. */
export type ScanCombine = (earlier: ScanPair, later: ScanPair) => ScanPair;

function filled(like: JaxArray, value: number): JaxArray {
  return broadcastInDim(scalar(value, like.dtype, false), like.shape, []);
}

/** Element i receives element i - d (i + d in reverse); the vacated end is masked by the caller. */
function shift(x: JaxArray, axis: number, d: number, reverse: boolean): JaxArray {
  return pad(x, 0, x.shape.map((_, i) => (i !== axis ? [0, 0, 0] : reverse ? [-d, d, 0] : [d, -d, 0])));
}

/** True where a shifted-in element exists. */
function shiftedMask(shape: readonly number[], axis: number, d: number, reverse: boolean): JaxArray {
  const n = shape[axis]!;
  const line = Array.from({ length: n }, (_, i) => (reverse ? i < n - d : i >= d) ? 1 : 0);
  return broadcastInDim(arrayFromHost(line, [n], "bool"), shape, [axis]);
}

export function prefixScanTangent(x: JaxArray, t: JaxArray, axis: number, reverse: boolean, combine: ScanCombine): JaxArray {
  const n = x.shape[axis]!;
  let cur: ScanPair = { v: x, t };
  for (let d = 1; d < n; d *= 2) {
    const earlier = { v: shift(cur.v, axis, d, reverse), t: shift(cur.t, axis, d, reverse) };
    const next = combine(earlier, cur);
    const valid = shiftedMask(x.shape, axis, d, reverse);
    cur = { v: select(valid, next.v, cur.v), t: select(valid, next.t, cur.t) };
  }
  return cur.t;
}

export const mulPair: ScanCombine = (a, b) => ({ v: mul(a.v, b.v), t: add(mul(a.t, b.v), mul(a.v, b.t)) });

/** JAX's max/min JVP weights: 1 for the unique winner, 1/2 each for a tie, 0 for the loser. */
function chooserPair(choose: typeof max): ScanCombine {
  return (a, b) => {
    const m = choose(a.v, b.v);
    const hit = (x: JaxArray) => convertElementType(eq(x, m), a.t.dtype);
    const ha = hit(a.v);
    const hb = hit(b.v);
    const half = filled(a.t, 0.5);
    const one = filled(a.t, 1);
    const wa = mul(ha, sub(one, mul(half, hb)));
    const wb = mul(hb, sub(one, mul(half, ha)));
    return { v: m, t: add(mul(a.t, wa), mul(b.t, wb)) };
  };
}
export const maxPair = chooserPair(max);
export const minPair = chooserPair(min);

/** logaddexp and its JVP as JAX writes them (+inf is replaced by 0 inside the weights). */
export const logAddExpPair: ScanCombine = (a, b) => {
  const delta = sub(a.v, b.v);
  const stable = add(max(a.v, b.v), log1p(exp(neg(abs(delta)))));
  const r = select(ne(delta, delta), add(a.v, b.v), stable);
  const posInf = filled(r, Infinity);
  const finite = (x: JaxArray) => select(eq(x, posInf), filled(x, 0), x);
  const weight = (x: JaxArray) => exp(sub(finite(x), finite(r)));
  return { v: r, t: add(mul(a.t, weight(a.v)), mul(b.t, weight(b.v))) };
};
