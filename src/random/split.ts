// Deriving new keys: split and foldIn. With JAX's partitionable threefry (the default since
// JAX 0.5) both are one cipher call on the counter (0, i), so split(key, n)[i] equals foldIn(key, i).
import { convertElementType, reshape, slice, threefry2x32 } from "../lax/index.js";
import { castScalar } from "../dtypes.js";
import { DTypeError, ValueError } from "../errors.js";
import { checkShape } from "../shape.js";
import { JaxArray } from "../tracing/array.js";
import { counterWords, u32 } from "./bits.js";
import { checkKey, keyWords, stackWords, type KeyArray } from "./key.js";

/** New keys of shape [...shape, 2] derived from `key` (no checks: for samplers). */
export function splitKey(key: JaxArray, shape: readonly number[]): JaxArray {
  const [w1, w2] = counterWords(key, shape);
  return stackWords(w1, w2);
}

/** `n` new keys as separate [2] arrays (JAX's `k1, k2 = _split(key)` inside samplers). */
export function splitInto(key: JaxArray, n: number): JaxArray[] {
  const keys = splitKey(key, [n]);
  return Array.from({ length: n }, (_, i) => reshape(slice(keys, [i, 0], [i + 1, 2]), [2]));
}

/**
 * `random.split(key, num = 2)`: `num` new keys along a new leading axis (shape [num, 2]); `num`
 * may also be a shape, giving keys of shape [...num, 2].
 */
export function split(key: KeyArray, num: number | readonly number[] = 2): KeyArray {
  const k = checkKey("random.split", key);
  const shape = typeof num === "number" ? [num] : [...num];
  checkShape("random.split", shape);
  return splitKey(k, shape);
}

/**
 * `random.foldIn(key, data)`: a new key that depends on `key` and the 32-bit integer `data`
 * (a JS integer, wrapped to uint32, or an integer scalar array, possibly traced).
 */
export function foldIn(key: KeyArray, data: number | JaxArray): KeyArray {
  const k = checkKey("random.foldIn", key);
  let word: JaxArray;
  if (typeof data === "number") {
    word = u32(castScalar(data, "uint32"));
  } else if (data instanceof JaxArray) {
    if (data.ndim !== 0) {
      throw new ValueError(
        `random.foldIn accepts a scalar, but was given an array ${data.aval.str()}; use jax.vmap to fold in a batch of values`,
      );
    }
    word = convertElementType(data, "uint32");
  } else {
    throw new DTypeError(`random.foldIn: data must be a JS integer or a scalar array, got ${typeof data}`);
  }
  const [k1, k2] = keyWords(k);
  const [w1, w2] = threefry2x32(k1, k2, u32(0), word);
  return stackWords(w1, w2);
}
