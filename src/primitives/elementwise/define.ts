// Factories for elementwise primitives: a unary or binary op is its kernel plus its derivative.
import { allocTyped, isFloat, isInteger, type AnyTypedArray, type DType } from "../../dtypes.js";
import type { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { definePrimitive, type Params, type Primitive } from "../primitive.js";
import {
  checkDTypeClass,
  checkSameShapesDtypes,
  elementwiseBatch,
  elementwiseOut,
  perArgJvp,
  unaryBatch,
  zeroJvp,
  type DTypeClass,
} from "../rules.js";
import { isFloatArray, roundFloat16InPlace, unaryFloatLoop, type FloatArray } from "./float-loops.js";

export type ScalarFn1 = (x: number) => number;
export type ScalarFn2 = (a: number, b: number) => number;

export interface UnaryDef<P extends Params = Record<string, never>> {
  name: string;
  accepts: DTypeClass;
  /** Output dtype from input dtype (default: the same). */
  outDtype?: (d: DType) => DType;
  /** Kernel for float inputs (computed in float64, rounded when stored). */
  f: (x: number, params: P) => number;
  /** Kernel for integer/bool inputs where it differs from `f`. */
  fInt?: (x: number, dtype: DType, params: P) => number;
  /** Tangent of the output from the input tangent `t`, input `x` and output `y`; omit for zero derivative. */
  jvp?: (t: JaxArray, x: JaxArray, y: JaxArray, params: P) => JaxArray;
  /** Transpose rule, for the few unary ops that are linear (neg, real parts). */
  transpose?: Primitive<P>["transpose"];
}

export function mapUnary(x: AnyTypedArray, dtype: DType, outDtype: DType, f: (v: number) => number): AnyTypedArray {
  const out = allocTyped(outDtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!);
  if (outDtype === "float16") roundFloat16InPlace(out);
  void dtype;
  return out;
}

/** `mapUnary` for kernels that take the primitive's params, without a wrapper closure per call. */
function mapUnaryWithParams<P>(x: AnyTypedArray, outDtype: DType, f: (v: number, params: P) => number, params: P): AnyTypedArray {
  const out = allocTyped(outDtype, x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]!, params);
  if (outDtype === "float16") roundFloat16InPlace(out);
  return out;
}

export function defineUnary<P extends Params = Record<string, never>>(def: UnaryDef<P>): Primitive<P> {
  const floatLoop = unaryFloatLoop(def.name, def.f);
  const prim: Primitive<P> = definePrimitive<P>({
    name: def.name,
    abstractEval([x]) {
      checkDTypeClass(def.name, x!, def.accepts);
      return [elementwiseOut([x!], def.outDtype?.(x!.dtype))];
    },
    impl([x], params, [out]) {
      const data = x!.data;
      if (def.fInt && !x!.dtype.startsWith("float")) {
        return [mapUnary(data, x!.dtype, out!.dtype, (v: number) => def.fInt!(v, x!.dtype, params))];
      }
      if (floatLoop && isFloatArray(data) && isFloat(out!.dtype)) {
        const result = allocTyped(out!.dtype, data.length) as FloatArray;
        floatLoop(data, result);
        if (out!.dtype === "float16") roundFloat16InPlace(result);
        return [result];
      }
      return [mapUnaryWithParams(data, out!.dtype, def.f, params)];
    },
    jvp: def.jvp
      ? (primals, tangents, params) =>
          perArgJvp(prim, (t, [x], y, p) => def.jvp!(t, x!, y, p))(primals, tangents, params)
      : (primals, tangents, params) => zeroJvp(prim)(primals, tangents, params),
    batch: (args, dims, params) => unaryBatch(prim)(args, dims, params),
    ...(def.transpose ? { transpose: def.transpose } : {}),
  });
  return prim;
}

export interface BinaryDef {
  name: string;
  accepts: DTypeClass;
  outDtype?: (d: DType) => DType;
  /** Kernel for float inputs. */
  f: ScalarFn2;
  /** Kernel for integer/bool inputs where it differs (e.g. Math.imul for mul). */
  fInt?: (a: number, b: number, dtype: DType) => number;
  /** Per-argument tangent rules: contribution of t (tangent of arg i) given both primals and the output. */
  jvp?: [(t: JaxArray, x: JaxArray, y: JaxArray, out: JaxArray) => JaxArray, (t: JaxArray, x: JaxArray, y: JaxArray, out: JaxArray) => JaxArray];
  /** Transpose rule for ops linear in some argument (add, sub, mul, div). */
  transpose?: Primitive<Record<string, never>>["transpose"];
}

export function mapBinary(a: AnyTypedArray, b: AnyTypedArray, outDtype: DType, f: ScalarFn2): AnyTypedArray {
  const out = allocTyped(outDtype, a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!, b[i]!);
  return out;
}

export function defineBinary(def: BinaryDef): Primitive<Record<string, never>> {
  const prim: Primitive<Record<string, never>> = definePrimitive<Record<string, never>>({
    name: def.name,
    abstractEval(avals: readonly ShapedArray[]) {
      checkSameShapesDtypes(def.name, avals);
      checkDTypeClass(def.name, avals[0]!, def.accepts, avals);
      return [elementwiseOut(avals, def.outDtype?.(avals[0]!.dtype))];
    },
    impl([a, b], _params, [out]) {
      const dtype = a!.dtype;
      const f = def.fInt && (isInteger(dtype) || dtype === "bool") ? (x: number, y: number) => def.fInt!(x, y, dtype) : def.f;
      return [mapBinary(a!.data, b!.data, out!.dtype, f)];
    },
    jvp: def.jvp
      ? (primals, tangents, params) =>
          perArgJvp(
            prim,
            (t, [x, y], out) => def.jvp![0](t, x!, y!, out),
            (t, [x, y], out) => def.jvp![1](t, x!, y!, out),
          )(primals, tangents, params)
      : (primals, tangents, params) => zeroJvp(prim)(primals, tangents, params),
    batch: (args, dims, params) => elementwiseBatch(prim)(args, dims, params),
    ...(def.transpose ? { transpose: def.transpose } : {}),
  });
  return prim;
}

/** The lax wrapper of a unary primitive. */
export function unaryOp<P extends Params>(prim: Primitive<P>, params: P = {} as P): (x: JaxArray) => JaxArray {
  return (x: JaxArray) => bind1(prim, [x], params);
}
