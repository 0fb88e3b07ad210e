// jnp.resize: the flattened array repeated (or cut) to fill a new shape.
import { asArray, type ArrayLike } from "../coerce.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { sizeOf } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { tile } from "./manipulation.js";
import { filled } from "./math-util.js";

/** `jnp.resize(a, newShape)`: a's elements in row-major order, cycled until `newShape` is filled. */
export function resize(a: ArrayLike, newShape: number | readonly number[]): JaxArray {
  const op = "resize";
  const shape = typeof newShape === "number" ? [newShape] : [...newShape];
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ValueError(`${op}: all elements of newShape must be non-negative integers, got [${shape.join(", ")}]`);
  }
  const x = asArray(a, op);
  const flat = lax.reshape(x, [x.size]);
  const total = sizeOf(shape);
  if (x.size === 0 || total === 0) return filled(shape, 0, x.dtype);
  const repeats = Math.ceil(total / x.size);
  return lax.reshape(lax.sliceInDim(tile(flat, repeats), 0, total, 1, 0), shape);
}
