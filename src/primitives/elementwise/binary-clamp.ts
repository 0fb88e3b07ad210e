// clamp(min, x, max) = min(max(x, min), max), elementwise; the bounds are rank 0 or x's shape.
// NaN in any operand propagates (XLA's float min/max); with min > max the result is max.
import { allocTyped } from "../../dtypes.js";
import { DTypeError, ShapeError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind, bind1 } from "../../tracing/trace.js";
import { shapesEqual } from "../../shape.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import { batchSize, moveBatchAxis, operandsStr, perArgJvp } from "../rules.js";
import { alignScalarOrFull, unbatchedShape } from "./binary-batch.js";
import type { NoParams } from "./binary-define.js";
import { broadcastScalarTo, fullLike } from "./binary-fill.js";
import { bitwiseAnd } from "./bitwise.js";
import { gt, lt } from "./compare.js";
import { select } from "./select.js";

function checkClamp(lo: ShapedArray, x: ShapedArray, hi: ShapedArray): void {
  const all = operandsStr([lo, x, hi]);
  for (const [bound, aval] of [
    ["min", lo],
    ["max", hi],
  ] as const) {
    if (aval.ndim !== 0 && !shapesEqual(aval.shape, x.shape)) {
      throw new ShapeError(
        `clamp: ${bound} must be a scalar or have the operand's shape, got ${all}; use jnp.clip (which broadcasts)`,
      );
    }
  }
  if (lo.dtype !== x.dtype || hi.dtype !== x.dtype) {
    throw new DTypeError(
      `clamp: operands must have equal dtypes, got ${all}; use jnp.clip (which promotes types) or convert with x.astype(dtype)`,
    );
  }
}

// JAX's rules: min's tangent flows where min > x (and min < max), x's where min < x < max,
// max's where max < x; ties between x and a bound get no tangent at all.
const clampJvp = (prim: Primitive<NoParams>) =>
  perArgJvp<NoParams>(
    prim,
    (t, [lo, x, hi]) => {
      const loFull = broadcastScalarTo(lo!, x!.shape);
      const active = bitwiseAnd(gt(loFull, x!), lt(loFull, broadcastScalarTo(hi!, x!.shape)));
      return select(active, broadcastScalarTo(t, x!.shape), fullLike(x!, 0));
    },
    (t, [lo, x, hi]) => {
      const active = bitwiseAnd(gt(x!, broadcastScalarTo(lo!, x!.shape)), lt(x!, broadcastScalarTo(hi!, x!.shape)));
      return select(active, t, fullLike(x!, 0));
    },
    (t, [, x, hi]) => select(lt(broadcastScalarTo(hi!, x!.shape), x!), broadcastScalarTo(t, x!.shape), fullLike(x!, 0)),
  );

export const clampP: Primitive<NoParams> = definePrimitive<NoParams>({
  name: "clamp",
  abstractEval([lo, x, hi]) {
    checkClamp(lo!, x!, hi!);
    return [new ShapedArray(x!.shape, x!.dtype, lo!.weakType && x!.weakType && hi!.weakType)];
  },
  impl([lo, x, hi], _params, [out]) {
    const result = allocTyped(out!.dtype, out!.size);
    const loAt = lo!.shape.length > 0 ? (i: number) => lo!.data[i]! : () => lo!.data[0]!;
    const hiAt = hi!.shape.length > 0 ? (i: number) => hi!.data[i]! : () => hi!.data[0]!;
    // Math.max/min propagate NaN like XLA's float max/min.
    for (let i = 0; i < result.length; i++) result[i] = Math.min(Math.max(x!.data[i]!, loAt(i)), hiAt(i));
    return [result];
  },
  jvp: (primals, tangents, params) => clampJvp(clampP)(primals, tangents, params),
  batch([lo, x, hi], [loDim = null, xDim = null, hiDim = null]) {
    if (loDim === xDim && hiDim === xDim && lo!.ndim === x!.ndim && hi!.ndim === x!.ndim) {
      return [bind(clampP, [lo!, x!, hi!], {}), [xDim]];
    }
    if (loDim === null && hiDim === null && lo!.ndim === 0 && hi!.ndim === 0) {
      return [bind(clampP, [lo!, x!, hi!], {}), [xDim]];
    }
    const size = batchSize([lo!, x!, hi!], [loDim, xDim, hiDim]);
    const shape = unbatchedShape(x!, xDim);
    const args = [
      alignScalarOrFull(lo!, loDim, size, shape),
      moveBatchAxis(x!, xDim, 0, size),
      alignScalarOrFull(hi!, hiDim, size, shape),
    ];
    return [bind(clampP, args, {}), [0]];
  },
});

export function clamp(lo: JaxArray, x: JaxArray, hi: JaxArray): JaxArray {
  return bind1(clampP, [lo, x, hi], {});
}
