// Argument checks shared by the losses (optax's utils.check_subdtype / check_shapes_equal).
import { scalar } from "../../array.js";
import { asArray, type ArrayLike } from "../../coerce.js";
import { isFloat, isInteger } from "../../dtypes.js";
import { DTypeError, ShapeError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";

/** `x` as an array, which must be floating point (a JS number is a weak float). */
export function floating(op: string, name: string, x: ArrayLike): JaxArray {
  // A JS number is a weakly typed float here, as a Python float would be.
  const a = typeof x === "number" ? scalar(x, "float32", true) : asArray(x, op);
  if (!isFloat(a.dtype)) throw new DTypeError(`${op}: ${name} must be floating point, got ${a.aval.str()}`);
  return a;
}

export function integer(op: string, name: string, x: ArrayLike): JaxArray {
  const a = asArray(x, op);
  if (!isInteger(a.dtype)) throw new DTypeError(`${op}: ${name} must be integers, got ${a.aval.str()}`);
  return a;
}

export function sameShape(op: string, a: JaxArray, b: JaxArray): void {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(`${op}: predictions ${a.aval.str()} and targets ${b.aval.str()} must have the same shape`);
  }
}
