// numpy quantiles by sorting: quantile, percentile, median.
import type { ArrayLike } from "../coerce.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxes, range } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { axesSize, fullLike } from "./math-util.js";
import { promoteToInexact } from "./promote.js";
import { reduceArgs, type Axis, type ReduceOptions } from "./reductions.js";

export type QuantileMethod = "linear" | "lower" | "higher" | "midpoint" | "nearest";

export interface QuantileOptions extends ReduceOptions {
  /** How to pick a value between two order statistics (default "linear"). */
  method?: QuantileMethod;
}

const METHODS: readonly QuantileMethod[] = ["linear", "lower", "higher", "midpoint", "nearest"];

/** Order statistics by sorting: the reduced axes are moved last and flattened into one. */
function quantiles(
  op: string,
  x: ArrayLike,
  q: number | readonly number[],
  scale: number,
  opts: QuantileOptions,
): JaxArray {
  const method = opts.method ?? "linear";
  if (!METHODS.includes(method))
    throw new ValueError(`${op}: unknown method ${String(method)}; use one of ${METHODS.join(", ")}`);
  const qs = typeof q === "number" ? [q] : [...q];
  for (const v of qs) {
    if (!(v >= 0 && v <= scale)) throw new ValueError(`${op}: q must be in [0, ${scale}], got ${v}`);
  }
  const [input] = promoteToInexact(op, [x]);
  const a0 = input!;
  const axes = normalizeAxes(opts.axis, a0.ndim, op);
  const kept = range(a0.ndim).filter((i) => !axes.includes(i));
  const keptShape = kept.map((i) => a0.shape[i]!);
  const n = axesSize(a0.shape, axes);
  if (n === 0)
    throw new ValueError(
      `${op}: cannot take a quantile of zero elements (operand ${a0.aval.str()}, axis ${String(opts.axis)})`,
    );
  const flat = lax.reshape(lax.transpose(a0, [...kept, ...axes]), [...keptShape, n]);
  const last = keptShape.length;
  const [sorted] = lax.sort([flat], { dimension: last, isStable: true, numKeys: 1 });
  const orderStat = (k: number): JaxArray => lax.reshape(lax.sliceInDim(sorted!, k, k + 1, 1, last), keptShape);
  const hasNan = lax.reduceOr(lax.ne(flat, flat), [last]);
  const outShape = opts.keepdims ? a0.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : keptShape;
  const results = qs.map((v) => {
    const pos = (v / scale) * (n - 1);
    const lo = Math.floor(pos);
    const hi = Math.min(Math.ceil(pos), n - 1);
    const low = orderStat(lo);
    let value: JaxArray;
    if (lo === hi || method === "lower") value = low;
    else if (method === "higher") value = orderStat(hi);
    else if (method === "nearest") value = pos - lo <= 0.5 ? low : orderStat(hi);
    else if (method === "midpoint") value = lax.mul(lax.add(low, orderStat(hi)), fullLike(low, 0.5));
    else {
      const w = pos - lo;
      value = lax.add(lax.mul(low, fullLike(low, 1 - w)), lax.mul(orderStat(hi), fullLike(low, w)));
    }
    value = lax.select(hasNan, fullLike(value, NaN), value);
    return lax.reshape(value, outShape);
  });
  if (typeof q === "number") return results[0]!;
  return lax.concatenate(
    results.map((r) => lax.reshape(r, [1, ...outShape])),
    0,
  );
}

/** The q-th quantile (q in [0, 1], or a list giving a leading axis); NaN if a slice has NaN. */
export function quantile(
  x: ArrayLike,
  q: number | readonly number[],
  axis?: Axis | QuantileOptions,
  options?: QuantileOptions,
): JaxArray {
  return quantiles("quantile", x, q, 1, reduceArgs(axis, options, "quantile"));
}

/** The q-th percentile (q in [0, 100]). */
export function percentile(
  x: ArrayLike,
  q: number | readonly number[],
  axis?: Axis | QuantileOptions,
  options?: QuantileOptions,
): JaxArray {
  return quantiles("percentile", x, q, 100, reduceArgs(axis, options, "percentile"));
}

/** The middle value (mean of the two middle values for even counts); NaN if a slice has NaN. */
export function median(x: ArrayLike, axis?: Axis | ReduceOptions, options?: ReduceOptions): JaxArray {
  const opts = reduceArgs(axis, options, "median");
  return quantiles("median", x, 0.5, 1, { axis: opts.axis, keepdims: opts.keepdims, method: "midpoint" });
}
