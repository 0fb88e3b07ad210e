// Classification losses on logits, written with log-sigmoid / log-softmax / logsumexp so that
// logits of any magnitude give finite losses.
import type { ArrayLike } from "../../coerce.js";
import { AxisError } from "../../errors.js";
import { logSoftmax, logsumexp } from "../../nn/index.js";
import * as jnp from "../../numpy/index.js";
import type { Axis } from "../../numpy/reductions.js";
import type { JaxArray } from "../../tracing/array.js";
import { floating, integer } from "./checks.js";

/**
 * log(sigmoid(x)) = min(x, 0) - log1p(exp(-|x|)), with -|x| written min(x, -x): at x = 0 the
 * tie splits the derivative evenly, so the gradient there is the true 1/2 (through |x| it
 * would be 1).
 */
function logSigmoid(x: JaxArray): JaxArray {
  return jnp.subtract(jnp.minimum(x, 0), jnp.log1p(jnp.exp(jnp.minimum(x, jnp.negative(x)))));
}

/**
 * optax.sigmoid_binary_cross_entropy: `-y log sigmoid(x) - (1 - y) log(1 - sigmoid(x))`,
 * elementwise, with `log(1 - sigmoid(x))` taken as `logSigmoid(-x)`.
 */
export function sigmoidBinaryCrossEntropy(logits: ArrayLike, labels: ArrayLike): JaxArray {
  const x = floating("sigmoidBinaryCrossEntropy", "logits", logits);
  const y = jnp.asarray(labels).astype(x.dtype);
  const positive = jnp.multiply(y, logSigmoid(x));
  const negative = jnp.multiply(jnp.subtract(1, y), logSigmoid(jnp.negative(x)));
  return jnp.negative(jnp.add(positive, negative));
}

/** optax.hinge_loss: `max(0, 1 - outputs * targets)` for targets in {-1, 1}. */
export function hingeLoss(predictorOutputs: ArrayLike, targets: ArrayLike): JaxArray {
  return jnp.maximum(0, jnp.subtract(1, jnp.multiply(predictorOutputs, targets)));
}

/** optax.perceptron_loss: `max(0, -outputs * targets)` for targets in {-1, 1}. */
export function perceptronLoss(predictorOutputs: ArrayLike, targets: ArrayLike): JaxArray {
  return jnp.maximum(0, jnp.negative(jnp.multiply(predictorOutputs, targets)));
}

export interface CrossEntropyOptions {
  /** The class axis or axes (default -1). */
  axis?: Axis;
  /** Only these classes (or examples) take part. */
  where?: ArrayLike;
}

/** A `where` given per example (one dimension short) applies to all of its classes. */
function classMask(where: ArrayLike | undefined, logits: JaxArray, axis: Axis): ArrayLike | undefined {
  if (where === undefined || typeof where !== "object") return where;
  if (where.ndim === logits.ndim || axis === null || axis === undefined) return where;
  return jnp.expandDims(where, axis);
}

/** optax.softmax_cross_entropy: `-sum(labels * logSoftmax(logits))` over the class axis. */
export function softmaxCrossEntropy(logits: ArrayLike, labels: ArrayLike, options: CrossEntropyOptions = {}): JaxArray {
  const x = floating("softmaxCrossEntropy", "logits", logits);
  const axis = options.axis === undefined ? -1 : options.axis;
  const where = classMask(options.where, x, axis);
  const masked = where === undefined ? {} : { where };
  const logProbs = logSoftmax(x, { axis, ...masked });
  return jnp.negative(jnp.sum(jnp.multiply(labels, logProbs), { axis, ...masked }));
}

function normalizedAxes(axis: number | readonly number[], ndim: number): number[] {
  const list = typeof axis === "number" ? [axis] : [...axis];
  return list.map((a) => {
    if (a < -ndim || a >= ndim)
      throw new AxisError(`softmaxCrossEntropyWithIntegerLabels: axis ${a} is out of bounds for ${ndim} dimensions`);
    return a < 0 ? a + ndim : a;
  });
}

/** Moves the class axes last and flattens them into one, so a label is a flat index into them. */
function classesLast(x: JaxArray, classAxes: number[]): JaxArray {
  const batchAxes = x.shape.map((_, i) => i).filter((i) => !classAxes.includes(i));
  const moved = jnp.transpose(x, [...batchAxes, ...classAxes]);
  return jnp.reshape(moved, [...batchAxes.map((i) => x.shape[i]!), -1]);
}

export interface IntegerLabelsOptions {
  /** The class axis or axes (default -1); with several, a label is a flat index into them. */
  axis?: number | readonly number[];
  where?: ArrayLike;
}

/**
 * optax.softmax_cross_entropy_with_integer_labels: `logsumexp(logits) - logits[label]` over the
 * class axis; the normalizer is subtracted from the chosen logit only.
 */
export function softmaxCrossEntropyWithIntegerLabels(
  logits: ArrayLike,
  labels: ArrayLike,
  options: IntegerLabelsOptions = {},
): JaxArray {
  const op = "softmaxCrossEntropyWithIntegerLabels";
  const given = floating(op, "logits", logits);
  const y = integer(op, "labels", labels);
  const axes = normalizedAxes(options.axis ?? -1, given.ndim);
  let where = options.where === undefined ? undefined : jnp.asarray(options.where);
  if (where !== undefined && where.ndim !== given.ndim) where = jnp.expandDims(where, axes);
  let x = given;
  let axis = axes[0]!;
  if (axes.length > 1) {
    x = classesLast(given, axes);
    if (where !== undefined) where = classesLast(jnp.broadcastTo(where, given.shape), axes);
    axis = x.ndim - 1;
  }
  const labelLogits = jnp.squeeze(jnp.takeAlongAxis(x, jnp.expandDims(y, axis), axis), axis);
  const normalizers = logsumexp(x, where === undefined ? { axis } : { axis, where });
  const out = jnp.subtract(normalizers, labelLogits);
  return where === undefined ? out : jnp.where(jnp.any(where, axis), out, 0);
}
