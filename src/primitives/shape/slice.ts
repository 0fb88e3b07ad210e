// slice: a static, possibly strided, rectangular window of the operand.
import { scalar } from "../../array.js";
import { ShapeError, ValueError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { normalizeAxis, stridesOf } from "../../shape.js";
import { stridedCopy } from "../cpu-util.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { linearJvp } from "../rules.js";
import { pad } from "./pad.js";
import { isIntList, tupleStr } from "./params-check.js";

export interface SliceParams {
  startIndices: readonly number[];
  limitIndices: readonly number[];
  /** null means unit strides (JAX's `strides=None`). */
  strides: readonly number[] | null;
}

/** Elements from `start` (inclusive) to `limit` (exclusive) taking every `stride`-th. */
function stridedLength(start: number, limit: number, stride: number): number {
  return limit <= start ? 0 : Math.ceil((limit - start) / stride);
}

export const sliceP: Primitive<SliceParams> = definePrimitive<SliceParams>({
  name: "slice",
  abstractEval([x], { startIndices: start, limitIndices: limit, strides }) {
    const steps = strides ?? start.map(() => 1);
    const bad = (why: string, Err: typeof ShapeError = ShapeError) =>
      new Err(
        `slice: cannot slice operand ${x!.str()} with start_indices ${tupleStr(start)}, limit_indices ${tupleStr(limit)}` +
          `${strides ? `, strides ${tupleStr(strides)}` : ""}: ${why}`,
      );
    const lists = [start, limit, steps];
    if (!lists.every(isIntList)) throw bad("indices must be integers", ValueError);
    if (lists.some((l) => l.length !== x!.ndim)) throw bad(`each list needs one entry per axis (${x!.ndim})`);
    for (let d = 0; d < x!.ndim; d++) {
      const [s, l, n] = [start[d]!, limit[d]!, x!.shape[d]!];
      if (s < 0)
        throw bad(
          `start index ${s} on axis ${d} is negative; lax.slice takes indices in [0, size] (sliceInDim wraps negative ones)`,
        );
      if (l > n) throw bad(`limit index ${l} on axis ${d} exceeds its size ${n}`);
      if (l < s) throw bad(`limit index ${l} on axis ${d} is below the start index ${s}`);
      if (steps[d]! <= 0) throw bad(`stride ${steps[d]} on axis ${d} must be positive; use rev to reverse`, ValueError);
    }
    const shape = start.map((s, d) => stridedLength(s, limit[d]!, steps[d]!));
    return [new ShapedArray(shape, x!.dtype, x!.weakType)];
  },
  impl([x], { startIndices: start, strides }, [out]) {
    const inStrides = stridesOf(x!.shape);
    const offset = start.reduce((acc, s, d) => acc + s * inStrides[d]!, 0);
    const stepped = inStrides.map((st, d) => st * (strides?.[d] ?? 1));
    return [stridedCopy(x!.data, x!.dtype, out!.shape, stepped, offset)];
  },
  jvp: (primals, tangents, params) => linearJvp(sliceP)(primals, tangents, params),
  transpose([ct], [x], { startIndices: start, strides }) {
    const aval = (x as UndefinedPrimal).aval;
    if (ct instanceof Zero) return [new Zero(aval)];
    // Zeros around the window and between strided elements put each cotangent back in place.
    const config = start.map((s, d): [number, number, number] => {
      const stride = strides?.[d] ?? 1;
      const n = ct!.shape[d]!;
      const span = n === 0 ? 0 : 1 + (n - 1) * stride;
      return [s, aval.shape[d]! - s - span, stride - 1];
    });
    return [pad(ct!, scalar(0, ct!.dtype, false), config)];
  },
  batch([x], [bdim], { startIndices, limitIndices, strides }) {
    const b = bdim!;
    const insert = (xs: readonly number[], v: number) => [...xs.slice(0, b), v, ...xs.slice(b)];
    const params: SliceParams = {
      startIndices: insert(startIndices, 0),
      limitIndices: insert(limitIndices, x!.shape[b]!),
      strides: strides ? insert(strides, 1) : null,
    };
    return [[bind1(sliceP, [x!], params)], [b]];
  },
});

/**
 * `lax.slice(x, start, limit, strides?)`: the window [start, limit) with optional strides, given
 * per axis. The strides may also come as `{ strides }`.
 */
export function slice(
  x: JaxArray,
  startIndices: readonly number[],
  limitIndices: readonly number[],
  strides?: readonly number[] | { strides?: readonly number[] | null } | null,
): JaxArray {
  const steps =
    strides === undefined || strides === null
      ? null
      : Array.isArray(strides)
        ? strides
        : ((strides as { strides?: readonly number[] | null }).strides ?? null);
  return bind1(sliceP, [x], {
    startIndices: [...startIndices],
    limitIndices: [...limitIndices],
    strides: steps ? [...steps] : null,
  });
}

/**
 * `lax.sliceInDim`: slice one axis, keeping the others whole. `start`/`limit` may be null (the
 * ends of the axis) or negative (counted from the end, as Python indices).
 */
export function sliceInDim(x: JaxArray, start: number | null, limit: number | null, stride = 1, axis = 0): JaxArray {
  const ax = normalizeAxis(axis, x.ndim, "slice_in_dim");
  const n = x.shape[ax]!;
  const wrap = (i: number) => (i < 0 ? i + n : i);
  const starts = x.shape.map(() => 0);
  const limits = [...x.shape];
  const strides = x.shape.map(() => 1);
  starts[ax] = start === null ? 0 : wrap(start);
  limits[ax] = limit === null ? n : wrap(limit);
  strides[ax] = stride;
  return slice(x, starts, limits, strides);
}
