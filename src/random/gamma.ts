// Gamma samples by Marsaglia and Tsang's rejection method, following JAX's sampler step by step:
// each element gets its own key (split from the caller's), runs its own rejection loop
// (lax.whileLoop; vmap turns the loops of all elements into one), and alpha < 1 is boosted to
// alpha + 1 and scaled back by u^(1/alpha). Sampling is forward only: JAX differentiates
// gamma samples by an implicit-reparameterization rule that jax-ts does not have.
import { scalar } from "../array.js";
import type { DType } from "../dtypes.js";
import { UnsupportedError } from "../errors.js";
import * as lax from "../lax/index.js";
import { broadcastShapes, sizeOf } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { customJvp } from "../transforms/custom.js";
import { vmap } from "../transforms/vmap.js";
import { checkKey, type KeyArray } from "./key.js";
import { normal } from "./normal.js";
import {
  broadcastTo,
  checkFloatDtype,
  checkParamShapes,
  checkSampleShape,
  FINFO,
  paramArray,
  type FloatDType,
  type Param,
} from "./params.js";
import { splitInto, splitKey } from "./split.js";
import { uniform } from "./uniform.js";

export interface GammaOptions {
  /** A float dtype (default float32). */
  dtype?: DType;
}

/** One Gamma(alpha) sample (or its log) from one key; alpha is a scalar of the sample dtype. */
function gammaOne(key: JaxArray, alpha: JaxArray, logSpace: boolean): JaxArray {
  const dtype = alpha.dtype;
  const c = (v: number) => scalar(v, dtype);
  const boost = lax.ge(alpha, c(1));
  const boosted = lax.select(boost, alpha, lax.add(alpha, c(1)));
  const d = lax.sub(boosted, c(1 / 3));
  const scale = lax.div(c(1 / 3), lax.sqrt(d));

  // With X = x^2 and V = v^3: accept when U < 1 - 0.0331 X^2 or log U < X/2 + d (1 - V + log V);
  // the loop runs while both fail.
  const rejected = ([, x, v, u]: JaxArray[]) =>
    lax.bitwiseAnd(
      lax.ge(u!, lax.sub(c(1), lax.mul(c(0.0331), lax.mul(x!, x!)))),
      lax.ge(lax.log(u!), lax.add(lax.mul(x!, c(0.5)), lax.mul(d, lax.add(lax.sub(c(1), v!), lax.log(v!))))),
    );
  const propose = ([k]: JaxArray[]): JaxArray[] => {
    const [next, xKey, uKey] = splitInto(k!, 3);
    // Draw normals until v = 1 + x c is positive.
    const [, x, v] = lax.whileLoop<JaxArray[]>(
      ([, , vv]) => lax.le(vv!, c(0)),
      ([kk]) => {
        const [kNext, sub] = splitInto(kk!, 2);
        const z = normal(sub!, [], { dtype });
        return [kNext!, z, lax.add(c(1), lax.mul(z, scale))];
      },
      [xKey!, c(0), c(-1)],
    );
    const u = uniform(uKey!, [], { dtype });
    return [next!, lax.mul(x!, x!), lax.mul(lax.mul(v!, v!), v!), u];
  };
  const [loopKey, boostKey] = splitInto(key, 2);
  const uBoost = uniform(boostKey!, [], { dtype });
  // The initial state is rejected, so the body runs at least once.
  const [, , v] = lax.whileLoop<JaxArray[]>(rejected, propose, [loopKey!, c(0), c(1), c(2)]);
  const invAlpha = lax.div(c(1), alpha);
  if (logSpace) {
    const logBoost = lax.select(boost, c(0), lax.mul(lax.log(uBoost), invAlpha));
    return lax.add(lax.add(lax.log(d), lax.log(v!)), logBoost);
  }
  const boostFactor = lax.select(boost, c(1), lax.pow(uBoost, invAlpha));
  const z = lax.mul(lax.mul(d, v!), boostFactor);
  // A sample that underflows to 0 becomes the smallest normal float, as in JAX.
  return lax.select(lax.eq(z, c(0)), c(FINFO[dtype as FloatDType].tiny), z);
}

/** Samples for every entry of `alpha` (already of the sample shape and dtype), one key each. */
function drawAll(key: JaxArray, alpha: JaxArray, logSpace: boolean): JaxArray {
  const n = sizeOf(alpha.shape);
  if (n === 0) return alpha;
  const keys = splitKey(key, [n]);
  const flat = lax.reshape(alpha, [n]);
  const samples = vmap((k: JaxArray, a: JaxArray) => gammaOne(k, a, logSpace))(keys, flat) as JaxArray;
  return lax.reshape(samples, alpha.shape);
}

/**
 * The sampler behind a custom JVP rule that refuses: differentiating through the rejection loop
 * would silently give zero, where JAX gives the implicit-reparameterization derivative.
 */
function refuseDerivatives(logSpace: boolean): (key: JaxArray, alpha: JaxArray) => JaxArray {
  const draw = customJvp((key: JaxArray, alpha: JaxArray) => drawAll(key, alpha, logSpace));
  draw.defjvp(() => {
    throw new UnsupportedError(
      "random.gamma: derivatives of gamma samples with respect to the shape parameter are not available in jax-ts " +
        "(JAX uses an implicit-reparameterization rule); apply lax.stopGradient to the parameter if it needs no gradient",
    );
  });
  return (key, alpha) => draw(key, alpha) as JaxArray;
}

const drawGamma = refuseDerivatives(false);
const drawLogGamma = refuseDerivatives(true);

/** Gamma (or log-gamma) samples for every entry of `alpha` (of the sample shape and dtype), one key each. */
export function gammaSamples(key: JaxArray, alpha: JaxArray, logSpace: boolean): JaxArray {
  return logSpace ? drawLogGamma(key, alpha) : drawGamma(key, alpha);
}

/** The parameter as an array of the sample shape and dtype, with JAX's shape rules. */
export function shapedParam(
  op: string,
  name: string,
  a: Param,
  shape: readonly number[] | null | undefined,
  dtype: FloatDType,
): JaxArray {
  const arr = paramArray(op, name, a, dtype);
  let s: number[];
  if (shape === undefined || shape === null) s = [...arr.shape];
  else {
    s = checkSampleShape(op, shape);
    checkParamShapes(op, s, arr.shape);
  }
  return broadcastTo(arr, s);
}

function sampleGamma(
  op: string,
  key: KeyArray,
  a: Param,
  shape: readonly number[] | null | undefined,
  options: GammaOptions,
  logSpace: boolean,
): JaxArray {
  const k = checkKey(op, key);
  const dtype = checkFloatDtype(op, options.dtype ?? "float32");
  return gammaSamples(k, shapedParam(op, "a", a, shape, dtype), logSpace);
}

/**
 * `random.gamma(key, a, shape?, { dtype })`: Gamma(a, 1) samples (density proportional to
 * x^(a-1) e^-x); the shape defaults to a's. Divide by a rate (or multiply by a scale) for other
 * parameterizations. Not differentiable with respect to `a` in jax-ts.
 */
export function gamma(key: KeyArray, a: Param, shape?: readonly number[] | null, options: GammaOptions = {}): JaxArray {
  return sampleGamma("random.gamma", key, a, shape, options, false);
}

/**
 * `random.loggamma(key, a, shape?, { dtype })`: the logs of Gamma(a) samples, computed in log
 * space so that small `a` (whose samples underflow) keeps its precision.
 */
export function loggamma(
  key: KeyArray,
  a: Param,
  shape?: readonly number[] | null,
  options: GammaOptions = {},
): JaxArray {
  return sampleGamma("random.loggamma", key, a, shape, options, true);
}

/** The shape given, or that of the parameters broadcast together; checked against them. */
export function sampleShape(op: string, shape: readonly number[] | null | undefined, ...params: JaxArray[]): number[] {
  if (shape === undefined || shape === null)
    return broadcastShapes(
      op,
      params.map((p) => p.shape),
    );
  const s = checkSampleShape(op, shape);
  checkParamShapes(op, s, ...params.map((p) => p.shape));
  return s;
}
