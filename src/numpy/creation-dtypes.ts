// dtype helpers of jax.numpy: dtype constants (`jnp.float32`), finfo/iinfo, promoteTypes, resultType.
import type { ArrayLike } from "../coerce.js";
import {
  finfo as floatLimits,
  iinfo as intLimits,
  isDType,
  isFloat,
  isInteger,
  itemsize,
  promoteTypes as promoteLattice,
  resultDType,
  type DType,
} from "../dtypes.js";
import { DTypeError } from "../errors.js";
import { JaxArray } from "../tracing/array.js";

// numpy spells dtypes as attributes of the module; here they are the dtype strings themselves,
// so `jnp.zeros([2], { dtype: jnp.int32 })` and `{ dtype: "int32" }` mean the same.
export const bool = "bool" as const;
export const bool_ = "bool" as const;
export const int32 = "int32" as const;
export const uint32 = "uint32" as const;
export const float16 = "float16" as const;
export const float32 = "float32" as const;
export const float64 = "float64" as const;

/** A dtype, or an array (or JS number) whose dtype is meant. */
export type DTypeLike = DType | ArrayLike;

function dtypeOf(op: string, x: DTypeLike): DType {
  if (isDType(x)) return x;
  if (x instanceof JaxArray) return x.dtype;
  if (typeof x === "boolean") return "bool";
  if (typeof x === "number") return Number.isInteger(x) ? "int32" : "float32";
  throw new DTypeError(
    `${op}: ${String(x)} is not a dtype; use one of bool, int32, uint32, float16, float32, float64 (or an array)`,
  );
}

export interface FInfo {
  dtype: DType;
  bits: number;
  eps: number;
  epsneg: number;
  max: number;
  min: number;
  tiny: number;
  smallestNormal: number;
  smallestSubnormal: number;
  resolution: number;
  precision: number;
}

/** `jnp.finfo(dtype)`: machine limits of a floating-point type. */
export function finfo(dtype: DTypeLike): FInfo {
  const d = dtypeOf("finfo", dtype);
  if (!isFloat(d)) {
    throw new DTypeError(`finfo: ${d} is not a floating-point type; use jnp.iinfo for integer types`);
  }
  const { max, min, eps, tiny } = floatLimits(d);
  const precision = d === "float16" ? 3 : d === "float32" ? 6 : 15;
  const mantissaBits = d === "float16" ? 10 : d === "float32" ? 23 : 52;
  return {
    dtype: d,
    bits: itemsize(d) * 8,
    eps,
    epsneg: eps / 2,
    max,
    min,
    tiny,
    smallestNormal: tiny,
    smallestSubnormal: tiny * 2 ** -mantissaBits,
    resolution: 10 ** -precision,
    precision,
  };
}

export interface IInfo {
  dtype: DType;
  bits: number;
  min: number;
  max: number;
}

/** `jnp.iinfo(dtype)`: the range of an integer type. */
export function iinfo(dtype: DTypeLike): IInfo {
  const d = dtypeOf("iinfo", dtype);
  if (!isInteger(d)) {
    throw new DTypeError(`iinfo: ${d} is not an integer type; use jnp.finfo for floating-point types`);
  }
  return { dtype: d, bits: itemsize(d) * 8, ...intLimits(d) };
}

/** `jnp.promote_types(a, b)`: the dtype two dtypes promote to (JAX's lattice, no weak types). */
export function promoteTypes(a: DTypeLike, b: DTypeLike): DType {
  return resultDType(dtypeOf("promoteTypes", a), dtypeOf("promoteTypes", b));
}

/**
 * `jnp.result_type(...args)`: the dtype an operation on these operands produces. JS numbers are
 * weakly typed, as Python scalars are in JAX: `resultType(jnp.float16, 1.5)` is float16.
 */
export function resultType(...args: DTypeLike[]): DType {
  if (args.length === 0) throw new DTypeError("resultType: needs at least one argument");
  return promoteLattice(
    ...args.map((x) => ({
      dtype: dtypeOf("resultType", x),
      weakType: typeof x === "number" || (x instanceof JaxArray && x.weakType),
    })),
  ).dtype;
}
