// PRNG keys. A key is a uint32 array of shape [2] (JAX's "raw" threefry2x32 key, as
// `jax.random.PRNGKey` returns it); arrays of keys have shape [..., 2]. JAX's typed key arrays
// (`dtype=key<fry>`) are not modelled: `random.key` returns the same raw uint32 data as
// `random.PRNGKey`, and `keyData` / `wrapKeyData` are identities that only check the layout.
import { arrayFromHost, scalar } from "../array.js";
import { isInteger } from "../dtypes.js";
import { DTypeError, ShapeError, ValueError } from "../errors.js";
import { concatenate, convertElementType, expandDims, reshape, slice } from "../lax/index.js";
import { JaxArray } from "../tracing/array.js";

export type KeyArray = JaxArray;

const HOW_TO_MAKE = "make keys with random.key(seed), random.split or random.foldIn";

/** Checks the layout of raw key data: uint32 with a last axis of size 2. */
export function checkKeyData(op: string, keys: unknown): JaxArray {
  if (!(keys instanceof JaxArray)) {
    throw new DTypeError(`${op}: expected a PRNG key (a uint32[2] array), got ${describeValue(keys)}; ${HOW_TO_MAKE}`);
  }
  if (keys.dtype !== "uint32") {
    throw new DTypeError(`${op}: PRNG key data must have dtype uint32, got ${keys.aval.str()}; ${HOW_TO_MAKE}`);
  }
  if (keys.ndim < 1 || keys.shape[keys.ndim - 1] !== 2) {
    throw new ShapeError(`${op}: PRNG key data must have shape [..., 2], got ${keys.aval.str()}; ${HOW_TO_MAKE}`);
  }
  return keys;
}

/** Checks that `key` is one key (shape [2]), as every sampler requires. */
export function checkKey(op: string, key: unknown): JaxArray {
  const k = checkKeyData(op, key);
  if (k.ndim !== 1) {
    throw new ValueError(
      `${op} accepts a single key, but was given a key array of shape [${k.shape.join(",")}] != [2]; ` +
        `use jax.vmap to map over a batch of keys`,
    );
  }
  return k;
}

/** The two words of one key, as uint32 scalars. */
export function keyWords(key: JaxArray): [JaxArray, JaxArray] {
  const word = (i: number) => reshape(slice(key, [i], [i + 1]), []);
  return [word(0), word(1)];
}

/** Two uint32 arrays of one shape joined along a new last axis of size 2 (the layout of keys). */
export function stackWords(w1: JaxArray, w2: JaxArray): JaxArray {
  return concatenate([expandDims(w1, [w1.ndim]), expandDims(w2, [w2.ndim])], w1.ndim);
}

function describeValue(x: unknown): string {
  if (Array.isArray(x)) return "a JS array (wrap it with jnp.array(..., { dtype: 'uint32' }))";
  return x === null ? "null" : typeof x;
}

/**
 * `random.key(seed)`: a key from an integer seed. As in JAX with 64-bit mode off, the seed is
 * read as a 32-bit integer: the key is [0, seed mod 2^32] (so key(-1) is [0, 4294967295]).
 * The seed may be a traced int32/uint32 scalar (under jit or vmap).
 */
export function key(seed: number | JaxArray): KeyArray {
  if (typeof seed === "number") {
    if (!Number.isInteger(seed)) {
      throw new DTypeError(
        `random.key: the seed must be an integer, got ${seed}; round it first, e.g. Math.floor(seed)`,
      );
    }
    // The low 32 bits, as an int32 seed's bit pattern (exact for any safe integer).
    const low = Number(BigInt.asUintN(32, BigInt(seed)));
    return arrayFromHost([0, low], [2], "uint32");
  }
  if (!(seed instanceof JaxArray)) {
    throw new DTypeError(
      `random.key: the seed must be an integer or an integer scalar array, got ${describeValue(seed)}`,
    );
  }
  if (seed.ndim !== 0) {
    throw new ShapeError(
      `random.key: accepts a scalar seed, but was given an array ${seed.aval.str()}; use jax.vmap to make a batch of keys`,
    );
  }
  if (!isInteger(seed.dtype)) {
    throw new DTypeError(
      `random.key: the seed must be an integer, got ${seed.aval.str()}; convert it with x.astype('int32')`,
    );
  }
  // A 32-bit seed has no high word: shifting it right by 32 leaves 0.
  const high = scalar(0, "uint32");
  return stackWords(high, convertElementType(seed, "uint32"));
}

/** `random.PRNGKey(seed)`: the same uint32[2] key as `random.key` (typed keys are not modelled). */
export function PRNGKey(seed: number | JaxArray): KeyArray {
  return key(seed);
}

/** `random.keyData(keys)`: the uint32 data of keys, which here are already that data. */
export function keyData(keys: KeyArray): JaxArray {
  return checkKeyData("random.keyData", keys);
}

/** `random.wrapKeyData(data)`: keys from uint32 data of shape [..., 2] (checked, not copied). */
export function wrapKeyData(data: JaxArray): KeyArray {
  return checkKeyData("random.wrapKeyData", data);
}
