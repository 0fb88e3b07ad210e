// Samplers built from norms and radii: the generalized normal (from a gamma), the uniform
// distribution on an Lp ball, Maxwell speeds and Rayleigh radii, each as JAX constructs them.
import type { DType } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { rademacher } from "./bernoulli.js";
import { exponential } from "./continuous.js";
import { gammaSamples, sampleShape } from "./gamma.js";
import { checkKey, type KeyArray } from "./key.js";
import { normal } from "./normal.js";
import {
  broadcastTo,
  checkFloatDtype,
  checkSampleShape,
  constant,
  paramArray,
  type FloatDType,
  type Param,
} from "./params.js";
import { splitInto } from "./split.js";
import { uniform } from "./uniform.js";

export interface RadialOptions {
  /** A float dtype (default float32). */
  dtype?: DType;
}

function checkP(op: string, p: number): void {
  if (typeof p !== "number" || !(p > 0)) throw new ValueError(`${op}: p must be a positive number, got ${String(p)}`);
}

function generalizedNormalSample(key: JaxArray, p: number, shape: readonly number[], dtype: FloatDType): JaxArray {
  const [keyG, keyR] = splitInto(key, 2);
  const g = gammaSamples(keyG!, constant(shape, 1 / p, dtype), false);
  const r = rademacher(keyR!, shape, { dtype });
  return lax.mul(r, lax.pow(g, constant(shape, 1 / p, dtype)));
}

/**
 * `random.generalizedNormal(key, p, shape = [], { dtype })`: samples with density proportional
 * to exp(-|x|^p) (p = 2 is a normal with variance 1/2, p = 1 a Laplace).
 */
export function generalizedNormal(
  key: KeyArray,
  p: number,
  shape: readonly number[] = [],
  options: RadialOptions = {},
): JaxArray {
  const op = "random.generalizedNormal";
  const k = checkKey(op, key);
  checkP(op, p);
  const dtype = checkFloatDtype(op, options.dtype ?? "float32");
  return generalizedNormalSample(k, p, checkSampleShape(op, shape), dtype);
}

/**
 * `random.ball(key, d, p = 2, shape = [], { dtype })`: points uniform in the d-dimensional unit
 * Lp ball, of shape `[...shape, d]` (Barthe, Guédon, Mendelson and Naor's construction).
 */
export function ball(
  key: KeyArray,
  d: number,
  p = 2,
  shape: readonly number[] = [],
  options: RadialOptions = {},
): JaxArray {
  const op = "random.ball";
  const k = checkKey(op, key);
  if (!Number.isInteger(d) || d < 0) throw new ValueError(`${op}: d must be a non-negative integer, got ${String(d)}`);
  checkP(op, p);
  const dtype = checkFloatDtype(op, options.dtype ?? "float32");
  const s = checkSampleShape(op, shape);
  const [k1, k2] = splitInto(k, 2);
  const full = [...s, d];
  const g = generalizedNormalSample(k1!, p, full, dtype);
  const e = exponential(k2!, s, { dtype });
  const sumP = lax.reduceSum(lax.pow(lax.abs(g), constant(full, p, dtype)), [s.length]);
  const radius = lax.pow(lax.add(sumP, e), constant(s, 1 / p, dtype));
  return lax.div(
    g,
    lax.broadcastInDim(
      radius,
      full,
      s.map((_, i) => i),
    ),
  );
}

/** `random.maxwell(key, shape = [], { dtype })`: Maxwell samples, the length of a standard normal 3-vector. */
export function maxwell(key: KeyArray, shape: readonly number[] = [], options: RadialOptions = {}): JaxArray {
  const op = "random.maxwell";
  const k = checkKey(op, key);
  const dtype = checkFloatDtype(op, options.dtype ?? "float32");
  const s = checkSampleShape(op, shape);
  const z = normal(k, [...s, 3], { dtype });
  return lax.sqrt(lax.reduceSum(lax.mul(z, z), [s.length]));
}

/**
 * `random.rayleigh(key, scale, shape?, { dtype })`: Rayleigh samples, scale * sqrt(-2 log u);
 * the shape defaults to scale's.
 */
export function rayleigh(
  key: KeyArray,
  scale: Param,
  shape?: readonly number[] | null,
  options: RadialOptions = {},
): JaxArray {
  const op = "random.rayleigh";
  const k = checkKey(op, key);
  const dtype = checkFloatDtype(op, options.dtype ?? "float32");
  const sc = paramArray(op, "scale", scale, dtype);
  const s = sampleShape(op, shape, sc);
  const u = uniform(k, s, { dtype });
  return lax.mul(broadcastTo(sc, s), lax.sqrt(lax.mul(lax.log(u), constant(s, -2, dtype))));
}
