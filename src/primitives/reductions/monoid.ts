// lax.reduce and lax.reduceWindow take a computation and an initial value. Like JAX, we recognise
// the monoids (add with 0, mul with 1, max with its identity, ...) and bind the dedicated
// primitive; other computations would need a generic reduce primitive, which we don't have.
import { ArrayImpl } from "../../array.js";
import type { DType } from "../../dtypes.js";
import { UnsupportedError } from "../../errors.js";
import { JaxArray } from "../../tracing/array.js";
import { add, max, min, mul } from "../elementwise/binary.js";
import { bitwiseAnd, bitwiseOr, bitwiseXor } from "../elementwise/bitwise.js";
import { allOnes, maxValue, minValue } from "./reduce-common.js";

export type Monoid = "add" | "mul" | "max" | "min" | "and" | "or" | "xor";

const COMPUTATIONS = new Map<unknown, Monoid>([
  [add, "add"],
  [mul, "mul"],
  [max, "max"],
  [min, "min"],
  [bitwiseAnd, "and"],
  [bitwiseOr, "or"],
  [bitwiseXor, "xor"],
]);

const LAX_NAME: Record<Monoid, string> = {
  add: "lax.add",
  mul: "lax.mul",
  max: "lax.max",
  min: "lax.min",
  and: "lax.bitwiseAnd",
  or: "lax.bitwiseOr",
  xor: "lax.bitwiseXor",
};

function identity(monoid: Monoid, dtype: DType): number {
  switch (monoid) {
    case "add":
    case "or":
    case "xor":
      return 0;
    case "mul":
      return 1;
    case "max":
      return minValue(dtype);
    case "min":
      return maxValue(dtype);
    case "and":
      return allOnes(dtype);
  }
}

function initNumber(op: string, init: number | boolean | JaxArray): number | null {
  if (typeof init === "number") return init;
  if (typeof init === "boolean") return Number(init);
  if (init instanceof ArrayImpl && init.ndim === 0) return Number(init.dataSync()[0]);
  if (init instanceof JaxArray) {
    throw new UnsupportedError(`${op}: init_value must be a concrete scalar, got ${init.aval.str()}; pass a JS number`);
  }
  return null;
}

/** The monoid that `computation` with `init` forms on `dtype`, or an error saying what is supported. */
export function monoidOf(op: string, computation: unknown, init: number | boolean | JaxArray, dtype: DType, allowed: readonly Monoid[]): Monoid {
  const monoid = COMPUTATIONS.get(computation);
  const value = initNumber(op, init);
  if (monoid !== undefined && allowed.includes(monoid) && value === identity(monoid, dtype)) return monoid;
  const names = allowed.map((m) => LAX_NAME[m]).join(", ");
  throw new UnsupportedError(
    `${op}: only ${names} with their identity as init_value are supported on ${dtype} operands ` +
      `(got ${monoid ? LAX_NAME[monoid] : "a custom computation"} with init_value ${String(value)}); ` +
      `combine the result with the init value afterwards, or express the computation with those`,
  );
}
