// Result dtype of the contractions (dot_general, conv_general_dilated), with JAX's rules for
// `preferred_element_type`: it may widen the accumulation type, or turn integer inputs into a
// float result, but never narrows, never turns floats into integers and keeps integer signedness.
import { isBool, isDType, isFloat, isInteger, isSignedInteger, itemsize, type DType } from "../../dtypes.js";
import { DTypeError } from "../../errors.js";
import type { ShapedArray } from "../../tracing/aval.js";

/**
 * XLA's "higher precision type" order for mixed operands: wider exponent, then wider mantissa,
 * then more bits, then signed over unsigned.
 */
const PRECISION_RANK: Record<DType, number> = {
  bool: 0,
  uint32: 1,
  int32: 2,
  float16: 3,
  float32: 4,
  float64: 5,
};

/** The type a mixed-dtype contraction computes in (only reachable with a preferred element type). */
function higherPrecision(a: DType, b: DType): DType {
  return PRECISION_RANK[a] >= PRECISION_RANK[b] ? a : b;
}

function checkPreferred(op: string, input: DType, preferred: DType, operands: string): void {
  if (!isDType(preferred)) {
    throw new DTypeError(
      `${op}: unknown preferredElementType ${String(preferred)} for operands ${operands}; ` +
        `use one of bool, int32, uint32, float16, float32, float64`,
    );
  }
  const intToFloat = isInteger(input) && isFloat(preferred);
  if (!intToFloat) {
    if ((isInteger(input) && !isInteger(preferred)) || (isFloat(input) && !isFloat(preferred))) {
      throw new DTypeError(
        `${op}: preferredElementType ${preferred} is incompatible with ${input} operands ${operands}; ` +
          `the allowed (operand, preferred) kinds are (integer, integer), (integer, float) and (float, float)`,
      );
    }
    if (isSignedInteger(input) && !isSignedInteger(preferred)) {
      throw new DTypeError(
        `${op}: preferredElementType ${preferred} must keep the signedness of the ${input} operands ${operands}; ` +
          `use int32, or a float type`,
      );
    }
  }
  if (itemsize(preferred) < itemsize(input)) {
    throw new DTypeError(
      `${op}: preferredElementType ${preferred} is narrower than the ${input} operands ${operands}; ` +
        `pick a type at least as wide, or convert the result afterwards`,
    );
  }
}

/**
 * The output dtype of a contraction of `lhs` and `rhs`. Operands must share a dtype unless
 * `allowMixed` (dot_general with a preferred element type, as in JAX, which computes in the
 * higher-precision operand type).
 */
export function contractionDtype(
  op: string,
  lhs: ShapedArray,
  rhs: ShapedArray,
  preferred: DType | null,
  allowMixed: boolean,
): DType {
  const operands = `${lhs.str()}, ${rhs.str()}`;
  let input = lhs.dtype;
  if (lhs.dtype !== rhs.dtype) {
    if (!(allowMixed && preferred !== null)) {
      const hint = op === "dot_general" ? "use jnp.matmul or jnp.dot (which promote types), " : "";
      const pass = allowMixed ? ", or pass preferredElementType" : "";
      throw new DTypeError(
        `${op}: lax operands must have equal dtypes, got ${operands}; ${hint}convert one with x.astype(dtype)${pass}`,
      );
    }
    input = higherPrecision(lhs.dtype, rhs.dtype);
  }
  if (preferred === null) return input;
  checkPreferred(op, input, preferred, operands);
  return preferred;
}

/** How a kernel accumulates: float64 sums, wrapping 32-bit integer sums, or or-of-ands for bool. */
export type AccumulationKind = "float" | "int" | "bool";

export function accumulationKind(out: DType): AccumulationKind {
  if (isFloat(out)) return "float";
  return isBool(out) ? "bool" : "int";
}
