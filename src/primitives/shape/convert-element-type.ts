// convert_element_type: elementwise cast (floats truncate toward zero into integers; NaN -> 0).
import { ArrayImpl, scalar } from "../../array.js";
import { castScalar, isDType, isFloat, type DType } from "../../dtypes.js";
import { DTypeError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { allocTyped } from "../../dtypes.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { unaryBatch } from "../rules.js";

export interface ConvertElementTypeParams {
  newDtype: DType;
  weakType: boolean;
}

export const convertElementTypeP: Primitive<ConvertElementTypeParams> = definePrimitive<ConvertElementTypeParams>({
  name: "convert_element_type",
  abstractEval([x], { newDtype, weakType }) {
    if (!isDType(newDtype)) {
      throw new DTypeError(`convert_element_type: unknown dtype ${String(newDtype)} for operand ${x!.str()}; use one of bool, int32, uint32, float16, float32, float64`);
    }
    return [new ShapedArray(x!.shape, newDtype, weakType)];
  },
  impl([x], { newDtype }) {
    const out = allocTyped(newDtype, x!.data.length);
    const src = x!.data;
    if (newDtype === "bool" || newDtype === "float16") {
      for (let i = 0; i < src.length; i++) out[i] = castScalar(src[i]!, newDtype);
    } else {
      // A typed-array copy converts each value as castScalar does for these dtypes: ToInt32 and
      // ToUint32 (truncate, wrap, NaN and infinities to 0) and round-to-nearest-even to float32.
      out.set(src);
    }
    return [out];
  },
  jvp([x], [t], params) {
    const out = bind1(convertElementTypeP, [x!], params);
    if (t instanceof Zero || !isFloat(x!.dtype) || !isFloat(params.newDtype)) return [[out], [new Zero(out.aval)]];
    return [[out], [bind1(convertElementTypeP, [t!], params)]];
  },
  transpose([ct], [x]) {
    const aval = (x as UndefinedPrimal).aval;
    if (ct instanceof Zero) return [new Zero(aval)];
    return [bind1(convertElementTypeP, [ct!], { newDtype: aval.dtype, weakType: aval.weakType })];
  },
  batch: (args, dims, params) => unaryBatch(convertElementTypeP)(args, dims, params),
});

export function convertElementType(x: JaxArray, newDtype: DType, weakType = false): JaxArray {
  if (x.dtype === newDtype && x.weakType === weakType) return x;
  // Constant-fold casts of concrete host scalars (JS numbers), so jaxprs show `2.0:f32[]` literals.
  if (x instanceof ArrayImpl && x.ndim === 0 && x.device.platform === "cpu") {
    return scalar(castScalar(x.dataSync()[0]!, newDtype), newDtype, weakType);
  }
  return bind1(convertElementTypeP, [x], { newDtype, weakType });
}
