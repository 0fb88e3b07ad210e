// Distributions derived from Gamma samples, each JAX's construction: beta and dirichlet from
// log-gamma samples normalized in log space, chisquare from log-gamma, f from two chi-squares,
// and Student's t from a normal and a gamma.
import type { DType } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { gammaSamples, sampleShape } from "./gamma.js";
import { checkKey, type KeyArray } from "./key.js";
import { normal } from "./normal.js";
import {
  broadcastTo,
  checkFloatDtype,
  checkParamShapes,
  checkSampleShape,
  constant,
  paramArray,
  type Param,
} from "./params.js";
import { splitInto } from "./split.js";

export interface FamilyOptions {
  /** A float dtype (default float32). */
  dtype?: DType;
}

function prepared(op: string, key: KeyArray, options: FamilyOptions) {
  return { k: checkKey(op, key), dtype: checkFloatDtype(op, options.dtype ?? "float32") };
}

/**
 * `random.beta(key, a, b, shape?, { dtype })`: Beta(a, b) samples, as G_a / (G_a + G_b) for
 * independent gammas, formed from their logs so that small a and b keep their precision. The
 * shape defaults to that of a and b broadcast together.
 */
export function beta(
  key: KeyArray,
  a: Param,
  b: Param,
  shape?: readonly number[] | null,
  options: FamilyOptions = {},
): JaxArray {
  const op = "random.beta";
  const { k, dtype } = prepared(op, key, options);
  const aArr = paramArray(op, "a", a, dtype);
  const bArr = paramArray(op, "b", b, dtype);
  const s = sampleShape(op, shape, aArr, bArr);
  const [keyA, keyB] = splitInto(k, 2);
  const logA = gammaSamples(keyA!, broadcastTo(aArr, s), true);
  const logB = gammaSamples(keyB!, broadcastTo(bArr, s), true);
  const logMax = lax.max(logA, logB);
  const scaledA = lax.exp(lax.sub(logA, logMax));
  const scaledB = lax.exp(lax.sub(logB, logMax));
  return lax.div(scaledA, lax.add(scaledA, scaledB));
}

/**
 * `random.dirichlet(key, alpha, shape?, { dtype })`: samples of shape `[...shape, K]` for
 * concentrations `alpha` `[..., K]`, normalized gammas (a softmax of log-gamma samples). The
 * shape defaults to alpha's batch shape `alpha.shape[:-1]`.
 */
export function dirichlet(
  key: KeyArray,
  alpha: Param,
  shape?: readonly number[] | null,
  options: FamilyOptions = {},
): JaxArray {
  const op = "random.dirichlet";
  const { k, dtype } = prepared(op, key, options);
  const al = paramArray(op, "alpha", alpha, dtype);
  if (al.ndim < 1)
    throw new ValueError(`${op}: alpha must have at least one axis (the categories), got ${al.aval.str()}`);
  const batch = al.shape.slice(0, -1);
  let s: number[];
  if (shape === undefined || shape === null) s = batch;
  else {
    s = checkSampleShape(op, shape);
    checkParamShapes(op, s, batch);
  }
  const full = [...s, al.shape[al.ndim - 1]!];
  const logs = gammaSamples(k, broadcastTo(al, full), true);
  const last = full.length - 1;
  const top = lax.stopGradient(lax.reduceMax(logs, [last]));
  const unnormalized = lax.exp(
    lax.sub(
      logs,
      lax.broadcastInDim(
        top,
        full,
        full.slice(0, -1).map((_, i) => i),
      ),
    ),
  );
  const total = lax.reduceSum(unnormalized, [last]);
  return lax.div(
    unnormalized,
    lax.broadcastInDim(
      total,
      full,
      full.slice(0, -1).map((_, i) => i),
    ),
  );
}

function chisquareSample(key: JaxArray, df: JaxArray, shape: readonly number[]): JaxArray {
  const half = lax.div(df, constant(df.shape, 2, df.dtype));
  const logG = gammaSamples(key, broadcastTo(half, shape), true);
  return lax.mul(lax.exp(logG), constant(shape, 2, df.dtype));
}

/** `random.chisquare(key, df, shape?, { dtype })`: chi-square samples with df degrees of freedom (2 * Gamma(df / 2)). */
export function chisquare(
  key: KeyArray,
  df: Param,
  shape?: readonly number[] | null,
  options: FamilyOptions = {},
): JaxArray {
  const op = "random.chisquare";
  const { k, dtype } = prepared(op, key, options);
  const d = paramArray(op, "df", df, dtype);
  return chisquareSample(k, d, sampleShape(op, shape, d));
}

/**
 * `random.f(key, dfnum, dfden, shape?, { dtype })`: F-distribution samples, the ratio of two
 * chi-squares each divided by its degrees of freedom.
 */
export function f(
  key: KeyArray,
  dfnum: Param,
  dfden: Param,
  shape?: readonly number[] | null,
  options: FamilyOptions = {},
): JaxArray {
  const op = "random.f";
  const { k, dtype } = prepared(op, key, options);
  const num = paramArray(op, "dfnum", dfnum, dtype);
  const den = paramArray(op, "dfden", dfden, dtype);
  const s = sampleShape(op, shape, den, num);
  const [keyDen, keyNum] = splitInto(k, 2);
  const chiNum = chisquareSample(keyNum!, num, s);
  const chiDen = chisquareSample(keyDen!, den, s);
  return lax.div(lax.div(chiNum, broadcastTo(num, s)), lax.div(chiDen, broadcastTo(den, s)));
}

/**
 * `random.t(key, df, shape = [], { dtype })`: Student's t samples, n * sqrt((df / 2) / g) for
 * n standard normal and g ~ Gamma(df / 2). As in JAX the shape defaults to `[]`, so an array
 * df needs an explicit shape.
 */
export function t(key: KeyArray, df: Param, shape: readonly number[] = [], options: FamilyOptions = {}): JaxArray {
  const op = "random.t";
  const { k, dtype } = prepared(op, key, options);
  const d = paramArray(op, "df", df, dtype);
  const s = sampleShape(op, shape, d);
  const [keyN, keyG] = splitInto(k, 2);
  const n = normal(keyN!, s, { dtype });
  const half = broadcastTo(lax.div(d, constant(d.shape, 2, dtype)), s);
  const g = gammaSamples(keyG!, half, false);
  return lax.mul(n, lax.sqrt(lax.div(half, g)));
}
