// Accepting JS numbers wherever arrays go: they become weakly typed scalars, as Python scalars do in JAX.
import { scalar } from "./array.js";
import { ValueError } from "./errors.js";
import { JaxArray } from "./tracing/array.js";

export type ArrayLike = JaxArray | number | boolean;

export function asArray(x: ArrayLike, op = "array"): JaxArray {
  if (x instanceof JaxArray) return x;
  if (typeof x === "number" || typeof x === "boolean") return scalar(x);
  throw new ValueError(`${op}: expected an array or a JS number, got ${describe(x)}`);
}

export function describe(x: unknown): string {
  if (x instanceof JaxArray) return x.aval.str();
  if (x === null) return "null";
  if (Array.isArray(x)) return `a JS array (use jnp.array to convert it)`;
  if (typeof x === "object") return `an object (${x.constructor?.name ?? "Object"})`;
  if (typeof x === "string") return `string "${x}"`;
  if (typeof x === "number" || typeof x === "boolean" || typeof x === "bigint") return `${typeof x} ${x.toString()}`;
  return typeof x;
}
