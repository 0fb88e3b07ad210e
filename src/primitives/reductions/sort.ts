// sort: sorts several same-shaped operands together along `dimension`, ordered lexicographically
// by the first `numKeys` of them (see sort-order.ts for floats). The CPU kernel is always stable.
import { allocTyped } from "../../dtypes.js";
import { AxisError, ShapeError, ValueError } from "../../errors.js";
import type { JaxArray } from "../../tracing/array.js";
import { bind } from "../../tracing/trace.js";
import { shapesEqual } from "../../shape.js";
import { definePrimitive, type Primitive } from "../primitive.js";
import { batchSize, moveBatchAxis, operandsStr } from "../rules.js";
import { compareTotal } from "./sort-order.js";
import { sortJvp, sortTranspose } from "./sort-jvp.js";

export interface SortParams {
  dimension: number;
  isStable: boolean;
  numKeys: number;
}

export const sortP: Primitive<SortParams> = definePrimitive<SortParams>({
  name: "sort",
  abstractEval(avals, { dimension, numKeys }) {
    if (avals.length === 0) throw new ValueError("sort: needs at least one operand");
    const first = avals[0]!;
    if (avals.some((a) => !shapesEqual(a.shape, first.shape))) {
      throw new ShapeError(`sort: operands must have equal shapes, got ${operandsStr(avals)}; broadcast or reshape them first`);
    }
    if (!Number.isInteger(dimension) || dimension < 0 || dimension >= first.ndim) {
      const range = first.ndim === 0 ? "a 0-d operand has no axis to sort; reshape it to [1]" : `use a dimension in [${-first.ndim}, ${first.ndim - 1}]`;
      throw new AxisError(`sort: dimension ${dimension} is out of bounds for operands ${operandsStr(avals)}; ${range}`);
    }
    if (!Number.isInteger(numKeys) || numKeys < 1 || numKeys > avals.length) {
      throw new ValueError(`sort: num_keys=${numKeys} must be between 1 and the number of operands (${avals.length}), got operands ${operandsStr(avals)}`);
    }
    return [...avals];
  },
  impl(inputs, { dimension, numKeys }) {
    const shape = inputs[0]!.shape;
    const n = shape[dimension]!;
    const inner = shape.slice(dimension + 1).reduce((a, b) => a * b, 1);
    const outer = shape.slice(0, dimension).reduce((a, b) => a * b, 1);
    const keys = inputs.slice(0, numKeys).map((k) => k.data);
    const outs = inputs.map((x) => allocTyped(x.dtype, x.data.length));
    const order = new Array<number>(n);
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < inner; k++) {
        const base = o * n * inner + k;
        for (let i = 0; i < n; i++) order[i] = i;
        // Array.prototype.sort is stable, so ties keep their input order.
        order.sort((a, b) => {
          for (const key of keys) {
            const c = compareTotal(key[base + a * inner]!, key[base + b * inner]!);
            if (c !== 0) return c;
          }
          return 0;
        });
        inputs.forEach((x, j) => {
          const out = outs[j]!;
          for (let i = 0; i < n; i++) out[base + i * inner] = x.data[base + order[i]! * inner]!;
        });
      }
    }
    return outs;
  },
  jvp: (primals, tangents, params) => sortJvp(sortP, primals, tangents, params),
  transpose: (cts, args, params) => sortTranspose(sortP, cts, args, params),
  batch(args, dims, params) {
    const size = batchSize(args, dims);
    const moved = args.map((x, i) => moveBatchAxis(x, dims[i]!, 0, size));
    const outs = bind(sortP, moved, { ...params, dimension: params.dimension + 1 });
    return [outs, outs.map(() => 0)];
  },
});

export interface SortOptions {
  /** Default -1 (the last axis); negative values count from the end. */
  dimension?: number;
  isStable?: boolean;
  numKeys?: number;
}

function sortParams(operands: readonly JaxArray[], options: SortOptions): SortParams {
  const ndim = operands[0]?.ndim ?? 0;
  const d = options.dimension ?? -1;
  // Only in-range negative dimensions are wrapped; anything else reaches the shape rule's error.
  const dimension = d < 0 && d >= -ndim ? d + ndim : d;
  return { dimension, isStable: options.isStable ?? true, numKeys: options.numKeys ?? 1 };
}

/**
 * `lax.sort`: one array gives one sorted array; a list of arrays is sorted together by its first
 * `numKeys` entries and gives the list of sorted arrays.
 */
export function sort(operand: JaxArray, options?: SortOptions): JaxArray;
export function sort(operands: readonly JaxArray[], options?: SortOptions): JaxArray[];
export function sort(operand: JaxArray | readonly JaxArray[], options: SortOptions = {}): JaxArray | JaxArray[] {
  if (Array.isArray(operand)) {
    const operands = operand as readonly JaxArray[];
    return bind(sortP, operands, sortParams(operands, options));
  }
  const single = operand as JaxArray;
  return bind(sortP, [single], sortParams([single], options))[0]!;
}

/** `lax.sort_key_val`: sorts `keys` and carries `values` along; returns [sortedKeys, sortedValues]. */
export function sortKeyVal(keys: JaxArray, values: JaxArray, options: Omit<SortOptions, "numKeys"> = {}): [JaxArray, JaxArray] {
  const [k, v] = bind(sortP, [keys, values], sortParams([keys, values], { ...options, numKeys: 1 }));
  return [k!, v!];
}
