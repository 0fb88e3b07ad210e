// The factory behind the lax binary primitives of this family. Unlike `defineBinary` it names the
// jnp function to use in its errors (jnp has `subtract`, not `sub`), picks the scalar kernel from
// the operand dtype (integer semantics, float bit stepping), and rounds float16 results.
import { allocTyped, isBool, isFloat, isInteger, type AnyTypedArray, type DType } from "../../dtypes.js";
import { DTypeError, ShapeError } from "../../errors.js";
import type { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { shapesEqual } from "../../shape.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import {
  checkDTypeClass,
  elementwiseBatch,
  elementwiseOut,
  operandsStr,
  perArgJvp,
  zeroJvp,
  type DTypeClass,
} from "../rules.js";
import {
  binaryFloatLoop,
  compareFloatLoop,
  isFloatArray,
  roundFloat16InPlace,
  type BinaryLoop,
  type CompareLoop,
  type FloatArray,
} from "./float-loops.js";

export type NoParams = Record<string, never>;
export type ScalarKernel = (a: number, b: number) => number;
/** Contribution of the tangent `t` of one operand, given both primals and the primal output. */
export type TangentRule = (t: JaxArray, x: JaxArray, y: JaxArray, out: JaxArray) => JaxArray;

/** lax's contract for n-ary elementwise ops: equal shapes and equal dtypes, no implicit broadcasting. */
export function checkLaxOperands(op: string, jnpName: string, avals: readonly ShapedArray[]): void {
  checkLaxShapes(op, jnpName, avals);
  const first = avals[0]!;
  if (avals.some((a) => a.dtype !== first.dtype)) {
    throw new DTypeError(
      `${op}: lax operands must have equal dtypes, got ${operandsStr(avals)}; ` +
        `use jnp.${jnpName} (which promotes types) or convert with x.astype(dtype)`,
    );
  }
}

export function checkLaxShapes(op: string, jnpName: string, avals: readonly ShapedArray[]): void {
  const first = avals[0]!;
  if (avals.some((a) => !shapesEqual(a.shape, first.shape))) {
    throw new ShapeError(
      `${op}: lax operands must have equal shapes, got ${operandsStr(avals)}; ` +
        `use jnp.${jnpName} (which broadcasts) or lax.broadcastInDim first`,
    );
  }
}

export interface LaxBinaryDef {
  /** JAX's primitive name. */
  name: string;
  /** The jnp function (camelCase) that broadcasts and promotes, named in error messages. */
  jnpName: string;
  /** Accepted operand dtypes (both operands share one dtype). */
  accepts: DTypeClass;
  /** Dtype rule replacing the equal-dtypes check (pow takes an integer exponent). */
  checkDtypes?: (avals: readonly ShapedArray[]) => void;
  /** Output dtype (default: the first operand's). */
  outDtype?: (d: DType) => DType;
  /** The scalar kernel for operands of `dtype`; results are stored into the output's TypedArray. */
  kernel: (dtype: DType) => ScalarKernel;
  /**
   * Per-operand tangent rules; "zero" for outputs without derivative (comparisons, bit ops);
   * null where JAX defines no JVP rule (differentiating it is an error, as in JAX).
   */
  jvp: [TangentRule, TangentRule] | "zero" | null;
  transpose?: Primitive<NoParams>["transpose"];
}

function mapKernel(a: AnyTypedArray, b: AnyTypedArray, outDtype: DType, f: ScalarKernel): AnyTypedArray {
  const out = allocTyped(outDtype, a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i]!, b[i]!);
  if (outDtype === "float16") roundFloat16InPlace(out);
  return out;
}

interface FloatLoops {
  arithmetic: BinaryLoop | undefined;
  comparison: CompareLoop | undefined;
}

/**
 * Runs a whole-array loop of float-loops.ts when this primitive has one and both operands are
 * floats (they share a dtype, which the shape rule checked); null otherwise.
 */
function floatLoopResult(
  { arithmetic, comparison }: FloatLoops,
  a: AnyTypedArray,
  b: AnyTypedArray,
  outDtype: DType,
): AnyTypedArray | null {
  if (!isFloatArray(a) || !isFloatArray(b) || a.constructor !== b.constructor) return null;
  if (arithmetic && isFloat(outDtype)) {
    const out = allocTyped(outDtype, a.length) as FloatArray;
    arithmetic(a, b, out);
    if (outDtype === "float16") roundFloat16InPlace(out);
    return out;
  }
  if (comparison && outDtype === "bool") {
    const out = new Uint8Array(a.length);
    comparison(a, b, out);
    return out;
  }
  return null;
}

export function defineLaxBinary(def: LaxBinaryDef): Primitive<NoParams> {
  const jvp = def.jvp;
  const floatLoops: FloatLoops = { arithmetic: binaryFloatLoop(def.name), comparison: compareFloatLoop(def.name) };
  const prim: Primitive<NoParams> = definePrimitive<NoParams>({
    name: def.name,
    abstractEval(avals) {
      if (def.checkDtypes) {
        checkLaxShapes(def.name, def.jnpName, avals);
        def.checkDtypes(avals);
      } else {
        checkLaxOperands(def.name, def.jnpName, avals);
        checkDTypeClass(def.name, avals[0]!, def.accepts, avals);
      }
      return [elementwiseOut(avals, def.outDtype?.(avals[0]!.dtype))];
    },
    impl([a, b], _params, [out]) {
      const fast = floatLoopResult(floatLoops, a!.data, b!.data, out!.dtype);
      return [fast ?? mapKernel(a!.data, b!.data, out!.dtype, def.kernel(a!.dtype))];
    },
    ...(jvp === null
      ? {}
      : {
          jvp:
            jvp === "zero"
              ? (primals, tangents, params) => zeroJvp(prim)(primals, tangents, params)
              : (primals, tangents, params) =>
                  perArgJvp(
                    prim,
                    (t, [x, y], out) => jvp[0](t, x!, y!, out),
                    (t, [x, y], out) => jvp[1](t, x!, y!, out),
                  )(primals, tangents, params),
        }),
    batch: (args, dims, params) => elementwiseBatch(prim)(args, dims, params),
    ...(def.transpose ? { transpose: def.transpose } : {}),
  });
  return prim;
}

/** The lax wrapper of a binary primitive. */
export function binaryOp(prim: Primitive<NoParams>): (x: JaxArray, y: JaxArray) => JaxArray {
  return (x, y) => bind1(prim, [x, y], {});
}

/** True for dtypes whose kernels use integer (wrapping) arithmetic. */
export function isIntegral(dtype: DType): boolean {
  return isInteger(dtype) || isBool(dtype);
}
