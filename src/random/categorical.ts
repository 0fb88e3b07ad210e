// Categorical samples by the Gumbel-max trick, as JAX draws them: argmax(logits + Gumbel noise)
// with replacement, the top-k of the noisy logits without.
import { isFloat } from "../dtypes.js";
import { AxisError, DTypeError, ValueError } from "../errors.js";
import { add, argmax, broadcastInDim, moveaxis, reshape, transpose } from "../lax/index.js";
import { sizeOf } from "../shape.js";
import { JaxArray } from "../tracing/array.js";
import { gumbelSample } from "./continuous.js";
import { checkKey, type KeyArray } from "./key.js";
import { checkParamShapes, checkSampleShape, type FloatDType } from "./params.js";
import { topKIndices } from "./ordering.js";

export interface CategoricalOptions {
  /** The axis of logits that indexes the categories (default -1). */
  axis?: number;
  /**
   * The result shape: a prefix of sample axes followed by logits' shape without `axis`
   * (broadcast-compatible with it). Default: logits' shape without `axis`.
   */
  shape?: readonly number[] | null;
  /** Draw with replacement (default true); without, the prefix counts distinct categories. */
  replace?: boolean;
}

/**
 * `random.categorical(key, logits, { axis?, shape?, replace? })`: int32 category indices drawn
 * with probabilities softmax(logits) along `axis`.
 */
export function categorical(key: KeyArray, logits: JaxArray, options: CategoricalOptions = {}): JaxArray {
  const op = "random.categorical";
  const k = checkKey(op, key);
  if (!(logits instanceof JaxArray) || !isFloat(logits.dtype)) {
    const got = logits instanceof JaxArray ? logits.aval.str() : typeof logits;
    throw new DTypeError(`${op}: logits must be a floating-point array, got ${got}; convert with x.astype('float32')`);
  }
  const ndim = logits.ndim;
  const axisIn = options.axis ?? -1;
  if (ndim === 0 || !Number.isInteger(axisIn) || axisIn < -ndim || axisIn >= ndim) {
    throw new AxisError(
      `${op}: axis ${axisIn} is out of bounds for logits ${logits.aval.str()}; use an axis in [${-ndim}, ${ndim - 1}]`,
    );
  }
  // The axis counted from the end, so that it names the same axis after sample axes are prepended.
  const fromEnd = axisIn >= 0 ? axisIn - ndim : axisIn;
  const axis = ndim + fromEnd;
  const numCategories = logits.shape[axis]!;
  const batchShape = logits.shape.filter((_, i) => i !== axis);
  let shape: number[];
  if (options.shape === undefined || options.shape === null) {
    shape = batchShape;
  } else {
    shape = checkSampleShape(op, options.shape);
    checkParamShapes(op, shape, batchShape);
  }
  const prefix = shape.slice(0, shape.length - batchShape.length);
  const dtype = logits.dtype as FloatDType;

  if (options.replace ?? true) {
    const noisyShape = [...shape.slice(prefix.length)];
    noisyShape.splice(axis, 0, numCategories);
    const fullShape = [...prefix, ...noisyShape];
    const noise = gumbelSample(op, k, fullShape, dtype);
    const spread = broadcastInDim(
      logits,
      fullShape,
      logits.shape.map((_, i) => prefix.length + i),
    );
    return argmax(add(noise, spread), fullShape.length + fromEnd, "int32");
  }

  if (shape.slice(prefix.length).some((d, i) => d !== batchShape[i])) {
    throw new ValueError(
      `${op}: without replacement the shape must end with logits' shape without the axis, [${batchShape.join(",")}], got [${shape.join(",")}]`,
    );
  }
  const draws = sizeOf(prefix);
  if (draws > numCategories) {
    throw new ValueError(
      `${op}: the number of samples without replacement (${draws}) cannot exceed the number of categories (${numCategories}); ` +
        `pass replace: true or a smaller shape`,
    );
  }
  const noisy = add(logits, gumbelSample(op, k, logits.shape, dtype));
  const top = topKIndices(moveaxis(noisy, axis, ndim - 1), draws);
  // top has shape [...batch, draws]; the draws axis becomes the (flattened) leading sample axes.
  const drawsFirst = transpose(top, [top.ndim - 1, ...batchShape.map((_, i) => i)]);
  return reshape(drawsFirst, shape);
}
