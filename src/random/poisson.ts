// Poisson samples as JAX draws them: Knuth's multiplication method for rates below 10, Hörmann's
// transformed rejection (PTRS) above, both as whole-array loops (lax.whileLoop) that run until
// every element is done; each element then takes the result of its own method.
import { scalar } from "../array.js";
import { isInteger, type DType } from "../dtypes.js";
import { DTypeError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { sampleShape } from "./gamma.js";
import { checkKey, type KeyArray } from "./key.js";
import { broadcastTo, constant, paramArray, type Param } from "./params.js";
import { splitInto } from "./split.js";
import { uniform } from "./uniform.js";

export interface PoissonOptions {
  /** An integer dtype (default int32). */
  dtype?: DType;
}

/** The loops' iteration cap, JAX's (the largest int32): a safeguard, never reached in practice. */
const MAX_ITERS = 2 ** 31 - 1;

function anyTrue(mask: JaxArray): JaxArray {
  return lax.reduceOr(
    mask,
    mask.shape.map((_, i) => i),
  );
}

/**
 * Knuth: multiply uniforms until the product drops below e^-lam; the count of factors before
 * that, minus one, is the sample. Runs in log space.
 */
function knuth(key: JaxArray, lam: JaxArray, shape: readonly number[]): JaxArray {
  const negLam = lax.neg(lam);
  const [, k] = lax.whileLoop<JaxArray[]>(
    ([i, , , logProd]) => lax.bitwiseAnd(anyTrue(lax.gt(logProd!, negLam)), lax.lt(i!, scalar(MAX_ITERS, "int32"))),
    ([i, count, rng, logProd]) => {
      const [next, sub] = splitInto(rng!, 2);
      const grown = lax.select(lax.gt(logProd!, negLam), lax.add(count!, constant(shape, 1, "int32")), count!);
      const u = uniform(sub!, shape, { dtype: "float32" });
      return [lax.add(i!, scalar(1, "int32")), grown, next!, lax.add(logProd!, lax.log(u))];
    },
    [scalar(0, "int32"), constant(shape, 0, "int32"), key, constant(shape, 0, "float32")],
  );
  return lax.sub(k!, constant(shape, 1, "int32"));
}

/** Hörmann's transformed rejection with squeeze (PTRS), for lam >= 10. */
function transformedRejection(key: JaxArray, lam: JaxArray, shape: readonly number[]): JaxArray {
  const c = (v: number) => constant(shape, v, "float32");
  const logLam = lax.log(lam);
  const b = lax.add(c(0.931), lax.mul(c(2.53), lax.sqrt(lam)));
  const a = lax.add(c(-0.059), lax.mul(c(0.02483), b));
  const invAlpha = lax.add(c(1.1239), lax.div(c(1.1328), lax.sub(b, c(3.4))));
  const vR = lax.sub(c(0.9277), lax.div(c(3.6224), lax.sub(b, c(2))));
  const [, kOut] = lax.whileLoop<JaxArray[]>(
    ([i, , accepted]) => lax.bitwiseAnd(anyTrue(lax.bitwiseNot(accepted!)), lax.lt(i!, scalar(MAX_ITERS, "int32"))),
    ([i, kPrev, accepted, rng]) => {
      const [next, k0, k1] = splitInto(rng!, 3);
      const u = lax.sub(uniform(k0!, shape, { dtype: "float32" }), c(0.5));
      const v = uniform(k1!, shape, { dtype: "float32" });
      const us = lax.sub(c(0.5), lax.abs(u));
      const k = lax.floor(lax.add(lax.add(lax.mul(lax.add(lax.div(lax.mul(c(2), a), us), b), u), lam), c(0.43)));
      const s = lax.log(lax.div(lax.mul(v, invAlpha), lax.add(lax.div(a, lax.mul(us, us)), b)));
      const t = lax.sub(lax.add(lax.neg(lam), lax.mul(k, logLam)), lax.lgamma(lax.add(k, c(1))));
      const accept1 = lax.bitwiseAnd(lax.ge(us, c(0.07)), lax.le(v, vR));
      const reject = lax.bitwiseOr(lax.lt(k, c(0)), lax.bitwiseAnd(lax.lt(us, c(0.013)), lax.gt(v, us)));
      const accept = lax.bitwiseOr(accept1, lax.bitwiseAnd(lax.bitwiseNot(reject), lax.le(s, t)));
      return [lax.add(i!, scalar(1, "int32")), lax.select(accept, k, kPrev!), lax.bitwiseOr(accepted!, accept), next!];
    },
    [scalar(0, "int32"), c(-1), constant(shape, 0, "bool"), key],
  );
  return lax.convertElementType(kOut!, "int32");
}

/**
 * `random.poisson(key, lam, shape?, { dtype })`: Poisson(lam) counts (int32); the shape defaults
 * to lam's. lam is used in float32, as in JAX; lam = 0 gives 0.
 */
export function poisson(
  key: KeyArray,
  lam: Param,
  shape?: readonly number[] | null,
  options: PoissonOptions = {},
): JaxArray {
  const op = "random.poisson";
  const k = checkKey(op, key);
  const dtype = options.dtype ?? "int32";
  if (!isInteger(dtype))
    throw new DTypeError(`${op}: dtype must be an integer dtype (int32 or uint32), got ${String(dtype)}`);
  const rate = paramArray(op, "lam", lam, "float32");
  const s = sampleShape(op, shape, rate);
  const l = broadcastTo(rate, s);
  const useKnuth = lax.bitwiseOr(lax.ne(l, l), lax.lt(l, constant(s, 10, "float32")));
  const lamKnuth = lax.select(useKnuth, l, constant(s, 0, "float32"));
  // Elements on the other method get a rate that method handles quickly.
  const lamRejection = lax.select(useKnuth, constant(s, 1e5, "float32"), l);
  const result = lax.select(useKnuth, knuth(k, lamKnuth, s), transformedRejection(k, lamRejection, s));
  const zeroRate = lax.eq(l, constant(s, 0, "float32"));
  return lax.convertElementType(lax.select(zeroRate, constant(s, 0, "int32"), result), dtype);
}
