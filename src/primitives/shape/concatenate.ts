// concatenate: join n operands along one axis.
import { allocTyped } from "../../dtypes.js";
import { AxisError, DTypeError, ShapeError, ValueError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { sizeOf } from "../../shape.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { batchSize, linearJvp, moveBatchAxis, operandsStr } from "../rules.js";
import { slice } from "./slice.js";

export interface ConcatenateParams {
  dimension: number;
}

export const concatenateP: Primitive<ConcatenateParams> = definePrimitive<ConcatenateParams>({
  name: "concatenate",
  abstractEval(avals, { dimension }) {
    const op = "concatenate";
    if (avals.length === 0) throw new ValueError(`${op}: needs at least one operand, got none`);
    const first = avals[0]!;
    const shown = operandsStr(avals);
    if (avals.some((a) => a.ndim !== first.ndim)) {
      throw new ShapeError(`${op}: operands must have the same rank, got ${shown}; reshape or expandDims them first`);
    }
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= first.ndim) {
      const fix =
        first.ndim === 0
          ? "0-d operands have no axis to join; expandDims them first"
          : `use an axis in [0, ${first.ndim - 1}]`;
      throw new AxisError(`${op}: dimension ${dimension} is out of range for operands ${shown}; ${fix}`);
    }
    const differs = avals.some((a) => a.shape.some((s, i) => i !== dimension && s !== first.shape[i]));
    if (differs) {
      throw new ShapeError(
        `${op}: operands must have equal shapes except along dimension ${dimension}, got ${shown}; ` +
          `broadcast or slice them to match`,
      );
    }
    if (avals.some((a) => a.dtype !== first.dtype)) {
      throw new DTypeError(
        `${op}: operands must have equal dtypes, got ${shown}; convert with x.astype(dtype) (jnp.concatenate promotes)`,
      );
    }
    const shape = [...first.shape];
    shape[dimension] = avals.reduce((n, a) => n + a.shape[dimension]!, 0);
    return [
      new ShapedArray(
        shape,
        first.dtype,
        avals.every((a) => a.weakType),
      ),
    ];
  },
  impl(inputs, { dimension }, [out]) {
    const res = allocTyped(out!.dtype, out!.size);
    // Row-major: each operand contributes one contiguous block per index of the leading axes.
    const outer = sizeOf(out!.shape.slice(0, dimension));
    const inner = sizeOf(out!.shape.slice(dimension + 1));
    const outBlock = out!.shape[dimension]! * inner;
    let at = 0;
    for (const x of inputs) {
      const block = x.shape[dimension]! * inner;
      for (let o = 0; o < outer; o++) res.set(x.data.subarray(o * block, (o + 1) * block), o * outBlock + at);
      at += block;
    }
    return [res];
  },
  jvp: (primals, tangents, params) => linearJvp(concatenateP)(primals, tangents, params),
  transpose([ct], args, { dimension }) {
    const sizes = args.map((a) => a.aval.shape[dimension]!);
    let start = 0;
    return args.map((a, i) => {
      const lo = start;
      start += sizes[i]!;
      if (!(a instanceof UndefinedPrimal)) return null;
      if (ct instanceof Zero) return new Zero(a.aval);
      const starts = a.aval.shape.map((_, d) => (d === dimension ? lo : 0));
      const limits = a.aval.shape.map((s, d) => (d === dimension ? lo + sizes[i]! : s));
      return slice(ct!, starts, limits);
    });
  },
  batch(args, dims, { dimension }) {
    const size = batchSize(args, dims);
    const moved = args.map((x, i) => moveBatchAxis(x, dims[i]!, 0, size));
    return [[bind1(concatenateP, moved, { dimension: dimension + 1 })], [0]];
  },
});

/** Joins `operands` along `dimension` (a non-negative axis, as in JAX); they must agree elsewhere. */
export function concatenate(operands: readonly JaxArray[], dimension: number): JaxArray {
  if (operands.length === 1) {
    // Still check the axis, so a bad call fails the same way with one operand as with many.
    concatenateP.abstractEval([operands[0]!.aval], { dimension });
    return operands[0]!;
  }
  return bind1(concatenateP, operands, { dimension });
}
