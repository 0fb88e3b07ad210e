// Random bits from a key, JAX's partitionable threefry scheme (the default since JAX 0.5): the
// element at row-major position i of the output is derived from the cipher of the 64-bit counter
// i (high word, low word) under the key, so every element depends only on its own index.
import { scalar } from "../array.js";
import { DTypeError } from "../errors.js";
import { bitwiseXor, iota, reshape, threefry2x32 } from "../lax/index.js";
import { checkShape, sizeOf } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { checkKey, keyWords, type KeyArray } from "./key.js";

/** A uint32 scalar constant. */
export function u32(value: number): JaxArray {
  return scalar(value, "uint32");
}

/**
 * The two cipher words for every position of `shape` (JAX's `iota_2x32_shape` counters fed to
 * threefry2x32). Arrays here hold fewer than 2^32 elements, so the counters' high word is 0.
 */
export function counterWords(key: JaxArray, shape: readonly number[]): [JaxArray, JaxArray] {
  const [k1, k2] = keyWords(key);
  const low = reshape(iota("uint32", sizeOf(shape)), shape);
  return threefry2x32(k1, k2, u32(0), low);
}

/** 32 random bits per element of `shape` (JAX's `_random_bits(key, 32, shape)`). */
export function randomBits32(key: JaxArray, shape: readonly number[]): JaxArray {
  const [w1, w2] = counterWords(key, shape);
  return bitwiseXor(w1, w2);
}

export interface BitsOptions {
  /** Only "uint32": jax-ts has no uint8, uint16 or uint64. */
  dtype?: "uint32";
}

/** `random.bits(key, shape?, { dtype? })`: uniformly random unsigned integers. */
export function bits(key: KeyArray, shape: readonly number[] = [], options: BitsOptions = {}): JaxArray {
  const k = checkKey("random.bits", key);
  checkShape("random.bits", shape);
  const dtype: string = options.dtype ?? "uint32";
  if (dtype !== "uint32") {
    throw new DTypeError(
      `random.bits: dtype must be an unsigned integer dtype, and jax-ts has only uint32; got ${dtype}`,
    );
  }
  return randomBits32(k, shape);
}
