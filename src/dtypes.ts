// Element types and JAX's type promotion (the "standard" lattice, with weak types for JS numbers).
import { DTypeError } from "./errors.js";

export type DType = "bool" | "int32" | "uint32" | "float16" | "float32" | "float64";

export const DTYPES: readonly DType[] = ["bool", "int32", "uint32", "float16", "float32", "float64"];

export type TypedArrayFor<D extends DType> = D extends "bool"
  ? Uint8Array
  : D extends "int32"
    ? Int32Array
    : D extends "uint32"
      ? Uint32Array
      : D extends "float64"
        ? Float64Array
        : Float32Array;

export type AnyTypedArray = Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** Short names used by the jaxpr printer, as JAX prints them. */
export const SHORT_NAME: Record<DType, string> = {
  bool: "bool",
  int32: "i32",
  uint32: "u32",
  float16: "f16",
  float32: "f32",
  float64: "f64",
};

export function isDType(x: unknown): x is DType {
  return typeof x === "string" && (DTYPES as readonly string[]).includes(x);
}

export function isFloat(d: DType): boolean {
  return d === "float16" || d === "float32" || d === "float64";
}
export function isInteger(d: DType): boolean {
  return d === "int32" || d === "uint32";
}
export function isSignedInteger(d: DType): boolean {
  return d === "int32";
}
export function isUnsigned(d: DType): boolean {
  return d === "uint32";
}
export function isBool(d: DType): boolean {
  return d === "bool";
}

export function itemsize(d: DType): number {
  switch (d) {
    case "bool":
      return 1;
    case "float16":
      return 2;
    case "float64":
      return 8;
    default:
      return 4;
  }
}

/**
 * Host storage for each dtype. float16 is stored widened to float32 on the host (and rounded on
 * every write) because JS has no Float16Array on Node 20.
 */
export function allocTyped(dtype: DType, n: number): AnyTypedArray {
  switch (dtype) {
    case "bool":
      return new Uint8Array(n);
    case "int32":
      return new Int32Array(n);
    case "uint32":
      return new Uint32Array(n);
    case "float64":
      return new Float64Array(n);
    case "float16":
    case "float32":
      return new Float32Array(n);
  }
}

/** Converts a JS number to the value a dtype stores (wrapping integers as C casts do). */
export function castScalar(x: number, dtype: DType): number {
  switch (dtype) {
    case "bool":
      return x !== 0 && !Number.isNaN(x) ? 1 : 0;
    case "int32":
      return Number.isFinite(x) ? Math.trunc(x) | 0 : 0;
    case "uint32":
      return Number.isFinite(x) ? Math.trunc(x) >>> 0 : 0;
    case "float16":
      return roundToFloat16(x);
    case "float32":
      return Math.fround(x);
    case "float64":
      return x;
  }
}

const f16Scratch = new Float32Array(1);
const f16Bits = new Uint32Array(f16Scratch.buffer);
/** Rounds a number to the nearest float16 value (round-to-nearest-even), returned as a number. */
export function roundToFloat16(x: number): number {
  if (!Number.isFinite(x)) return x;
  f16Scratch[0] = x;
  const bits = f16Bits[0]!;
  const exp = (bits >>> 23) & 0xff;
  if (exp < 113) {
    // Subnormal or zero in float16: quantize to multiples of 2^-24.
    const q = Math.round(Math.abs(x) / 2 ** -24) * 2 ** -24;
    return Math.sign(x) * q;
  }
  if (exp > 142) return x > 0 ? Infinity : -Infinity;
  const lsb = 1 << 13;
  const rounded = (bits + (lsb / 2 - 1) + ((bits >>> 13) & 1)) & ~(lsb - 1);
  f16Bits[0] = rounded >>> 0;
  const y = f16Scratch[0];
  return Math.abs(y) > 65504 ? Math.sign(y) * Infinity : y;
}

// ---- Type promotion -------------------------------------------------------------------------
// JAX's lattice restricted to our dtypes, with x64 integer types canonicalized to 32 bits:
//   bool -> i* -> {u32, i32};  i* -> f* -> f16 -> f32 -> f64;  u32, i32 -> f*
// where i* and f* are the weak (JS number) int and float types.

type LatticeNode = DType | "weak_int" | "weak_float";

const ORDER: Record<LatticeNode, number> = {
  bool: 0,
  weak_int: 1,
  uint32: 2,
  int32: 2,
  weak_float: 3,
  float16: 4,
  float32: 5,
  float64: 6,
};

function node(dtype: DType, weak: boolean): LatticeNode {
  if (!weak) return dtype;
  if (isFloat(dtype)) return "weak_float";
  if (isInteger(dtype)) return "weak_int";
  return dtype;
}

function join(a: LatticeNode, b: LatticeNode): LatticeNode {
  if (a === b) return a;
  // int32 and uint32 join to int64 in JAX, which canonicalizes to int32 without x64.
  if ((a === "int32" && b === "uint32") || (a === "uint32" && b === "int32")) return "int32";
  return ORDER[a] >= ORDER[b] ? a : b;
}

export interface PromotedType {
  dtype: DType;
  weakType: boolean;
}

/** The dtype that several operands promote to, and whether the result stays weakly typed. */
export function promoteTypes(...operands: PromotedType[]): PromotedType {
  if (operands.length === 0) throw new DTypeError("promoteTypes: needs at least one operand");
  let acc = node(operands[0]!.dtype, operands[0]!.weakType);
  for (const op of operands.slice(1)) acc = join(acc, node(op.dtype, op.weakType));
  switch (acc) {
    case "weak_int":
      return { dtype: "int32", weakType: true };
    case "weak_float":
      return { dtype: "float32", weakType: true };
    default:
      return { dtype: acc, weakType: false };
  }
}

/** numpy's `result_type` without weak types: the join of plain dtypes. */
export function resultDType(...dtypes: DType[]): DType {
  return promoteTypes(...dtypes.map((dtype) => ({ dtype, weakType: false }))).dtype;
}

/** The default float type that integer inputs become under float-only functions (sin, mean, ...). */
export function toInexact(dtype: DType): DType {
  return isFloat(dtype) ? dtype : "float32";
}

export function dtypeFromTypedArray(a: ArrayBufferView): DType {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Uint32Array) return "uint32";
  if (a instanceof Uint8Array) return "bool";
  if (a instanceof Int8Array || a instanceof Int16Array || a instanceof Uint16Array) return "int32";
  throw new DTypeError(`array: unsupported TypedArray ${a.constructor.name}; use Float32Array, Int32Array, Uint32Array, Uint8Array or Float64Array`);
}

/** The identity, max and min representable values used by reductions. */
export function finfo(dtype: DType): { max: number; min: number; eps: number; tiny: number } {
  switch (dtype) {
    case "float16":
      return { max: 65504, min: -65504, eps: 2 ** -10, tiny: 2 ** -14 };
    case "float64":
      return { max: Number.MAX_VALUE, min: -Number.MAX_VALUE, eps: Number.EPSILON, tiny: 2 ** -1022 };
    default:
      return { max: 3.4028234663852886e38, min: -3.4028234663852886e38, eps: 2 ** -23, tiny: 2 ** -126 };
  }
}

export function iinfo(dtype: DType): { max: number; min: number } {
  switch (dtype) {
    case "int32":
      return { max: 2147483647, min: -2147483648 };
    case "uint32":
      return { max: 4294967295, min: 0 };
    case "bool":
      return { max: 1, min: 0 };
    default:
      throw new DTypeError(`iinfo: ${dtype} is not an integer type`);
  }
}
