// JAX's functional updates, `x.at(...items).set(v)` and friends: the gather that `x.slice(...items)`
// would do, transposed into a scatter (scatter, scatter-add, scatter-mul, scatter-min, scatter-max).
import { asArray, type ArrayLike } from "../coerce.js";
import { ShapeError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { GatherScatterModeLike, ScatterDimensionNumbers } from "../primitives/indexing/dimension-numbers.js";
import type { ScatterOptions } from "../primitives/indexing/scatter-common.js";
import { sizeOf } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { arrayFromHost } from "../array.js";
import { divide } from "./elementwise.js";
import { indexToGather } from "./index-gather.js";
import { getItem, type GetOptions } from "./index-get.js";
import { parseIndex, type IndexItem } from "./index-spec.js";
import { promoteDtypes } from "./promote.js";

export interface UpdateOptions {
  /** Out-of-bounds updates: "fill"/"drop" (default: dropped), "clip", or "promise_in_bounds". */
  mode?: GatherScatterModeLike;
  indicesAreSorted?: boolean;
  uniqueIndices?: boolean;
}

type ScatterFn = (
  x: JaxArray,
  indices: JaxArray,
  updates: JaxArray,
  dnums: ScatterDimensionNumbers,
  options: ScatterOptions,
) => JaxArray;

function scatterUpdate(
  op: string,
  x: JaxArray,
  items: readonly IndexItem[],
  values: ArrayLike,
  scatter: ScatterFn,
  options: UpdateOptions,
): JaxArray {
  const shapeText = x.aval.str();
  const indexer = indexToGather(op, x.shape, shapeText, parseIndex(op, items, x.shape, shapeText));
  if (sizeOf(indexer.sliceShape) === 0) return x;
  const [xp, yp] = promoteDtypes(op, [x, asArray(values, op)]) as [JaxArray, JaxArray];
  const target = indexer.sliceShape;
  const lead = target.length - yp.ndim;
  if (lead < 0 || yp.shape.some((d, i) => d !== 1 && d !== target[lead + i])) {
    throw new ShapeError(
      `${op}: cannot broadcast values ${yp.aval.str()} to the indexed shape [${target.join(",")}] of ${shapeText}; ` +
        `give values of that shape, or one that broadcasts to it`,
    );
  }
  let y = lax.broadcastInDim(
    yp,
    target,
    yp.shape.map((_, i) => lead + i),
  );
  if (indexer.newaxisDims.length > 0) y = lax.squeeze(y, indexer.newaxisDims);
  if (indexer.reversedYDims.length > 0) y = lax.rev(y, indexer.reversedYDims);
  const dnums: ScatterDimensionNumbers = {
    updateWindowDims: indexer.dnums.offsetDims,
    insertedWindowDims: indexer.dnums.collapsedSliceDims,
    scatterDimsToOperandDims: indexer.dnums.startIndexMap,
    operandBatchingDims: [],
    scatterIndicesBatchingDims: [],
  };
  const indices = indexer.gatherIndices ?? arrayFromHost([], [0], "int32");
  const out = scatter(xp, indices, y, dnums, {
    mode: options.mode,
    indicesAreSorted: options.indicesAreSorted || indexer.uniqueIndices,
    uniqueIndices: options.uniqueIndices || indexer.uniqueIndices,
  });
  return lax.convertElementType(out, x.dtype, x.weakType);
}

/** What `x.at(...items)` returns: JAX's `_IndexUpdateRef`. Nothing is modified; each method returns a new array. */
export class IndexUpdateRef {
  constructor(
    readonly array: JaxArray,
    readonly index: readonly IndexItem[],
  ) {}

  /** `x.at(i).get()`: the same as `x.slice(i)`, with a choice of out-of-bounds mode. */
  get(options: GetOptions = {}): JaxArray {
    return getItem("at().get", this.array, this.index, options);
  }
  /** `x[i] = v`. */
  set(values: ArrayLike, options: UpdateOptions = {}): JaxArray {
    return scatterUpdate("at().set", this.array, this.index, values, lax.scatter, options);
  }
  /** `x[i] += v` (every duplicate index adds). */
  add(values: ArrayLike, options: UpdateOptions = {}): JaxArray {
    return scatterUpdate("at().add", this.array, this.index, values, lax.scatterAdd, options);
  }
  /** `x[i] -= v`. */
  subtract(values: ArrayLike, options: UpdateOptions = {}): JaxArray {
    const v = asArray(values, "at().subtract");
    return scatterUpdate("at().subtract", this.array, this.index, lax.neg(v), lax.scatterAdd, options);
  }
  /** `x[i] *= v`. */
  multiply(values: ArrayLike, options: UpdateOptions = {}): JaxArray {
    return scatterUpdate("at().multiply", this.array, this.index, values, lax.scatterMul, options);
  }
  /** Alias of `multiply`. */
  mul(values: ArrayLike, options: UpdateOptions = {}): JaxArray {
    return scatterUpdate("at().mul", this.array, this.index, values, lax.scatterMul, options);
  }
  /** `x[i] /= v`, as JAX computes it: x divided by ones scaled at the indices (so integers become floats). */
  divide(values: ArrayLike, options: UpdateOptions = {}): JaxArray {
    const ones = lax.fullLike(this.array, 1);
    return divide(this.array, scatterUpdate("at().divide", ones, this.index, values, lax.scatterMul, options));
  }
  /** `x[i] = minimum(x[i], v)`. */
  min(values: ArrayLike, options: UpdateOptions = {}): JaxArray {
    return scatterUpdate("at().min", this.array, this.index, values, lax.scatterMin, options);
  }
  /** `x[i] = maximum(x[i], v)`. */
  max(values: ArrayLike, options: UpdateOptions = {}): JaxArray {
    return scatterUpdate("at().max", this.array, this.index, values, lax.scatterMax, options);
  }
}
