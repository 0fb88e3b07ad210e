// iota: 0, 1, 2, ... along one axis of a new array (constant along the others). No operands.
import { allocTyped, isBool, isDType, roundToFloat16, type DType } from "../../dtypes.js";
import { AxisError, DTypeError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { checkShape, sizeOf, stridesOf } from "../../shape.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import { zeroJvp } from "../rules.js";
import { tupleStr } from "./params-check.js";

export interface IotaParams {
  dtype: DType;
  shape: readonly number[];
  dimension: number;
}

export const iotaP: Primitive<IotaParams> = definePrimitive<IotaParams>({
  name: "iota",
  abstractEval(_avals, { dtype, shape, dimension }) {
    checkShape("iota", shape);
    if (!isDType(dtype) || isBool(dtype)) {
      throw new DTypeError(
        `iota: dtype ${String(dtype)} is not numeric; use int32, uint32, float16, float32 or float64`,
      );
    }
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= shape.length) {
      throw new AxisError(
        `iota: dimension ${dimension} is out of range for shape ${tupleStr(shape)}; use an axis in [0, ${shape.length - 1}]`,
      );
    }
    return [new ShapedArray(shape, dtype)];
  },
  impl(_inputs, { dtype, shape, dimension }) {
    const out = allocTyped(dtype, sizeOf(shape));
    const stride = stridesOf(shape)[dimension]!;
    const n = shape[dimension]!;
    for (let i = 0; i < out.length; i++) {
      const v = Math.floor(i / stride) % n;
      out[i] = dtype === "float16" ? roundToFloat16(v) : v;
    }
    return [out];
  },
  // No operands: nothing to differentiate or batch, so transforms never call these in practice.
  jvp: (primals, tangents, params) => zeroJvp(iotaP)(primals, tangents, params),
  batch(_args, _dims, params) {
    return [[bind1(iotaP, [], params)], [null]];
  },
});

/** `lax.broadcastedIota(dtype, shape, dimension)`: the index along `dimension` at every position. */
export function broadcastedIota(dtype: DType, shape: readonly number[], dimension: number): JaxArray {
  return bind1(iotaP, [], { dtype, shape: [...shape], dimension });
}

/** `lax.iota(dtype, size)`: [0, 1, ..., size - 1]. */
export function iota(dtype: DType, size: number): JaxArray {
  return broadcastedIota(dtype, [size], 0);
}
