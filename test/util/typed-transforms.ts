// The transforms return untyped functions; these wrappers give their results the array type,
// so tests of array-valued functions read without casts.
import * as jax from "../../src/index.js";
import type { JaxArray } from "../../src/tracing/array.js";

export type ArrayFn = (...xs: JaxArray[]) => JaxArray;

export const grad =
  (f: ArrayFn) =>
  (...xs: JaxArray[]): JaxArray =>
    jax.grad(f)(...xs) as JaxArray;
export const gradArgs =
  (f: ArrayFn, argnums: number[]) =>
  (...xs: JaxArray[]): JaxArray[] =>
    jax.grad(f, { argnums })(...xs) as JaxArray[];
export const vmap =
  (f: ArrayFn) =>
  (...xs: JaxArray[]): JaxArray =>
    jax.vmap(f)(...xs) as JaxArray;
export const jit =
  (f: ArrayFn) =>
  (...xs: JaxArray[]): JaxArray =>
    jax.jit(f)(...xs) as JaxArray;

/** The values of an array as nested JS arrays (read asynchronously, so on every device). */
export { nested as list } from "./read.js";
