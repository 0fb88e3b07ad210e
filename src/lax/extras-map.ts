// lax.map: apply a function to each slice of xs along the leading axis, as a scan without a
// carry, so the loop stays one primitive in the program (and reverse mode works through it).
import { ShapeError, ValueError } from "../errors.js";
import { concatenate, reshape, sliceInDim } from "../primitives/shape/index.js";
import type { JaxArray } from "../tracing/array.js";
import { toArrayLeaf } from "../transforms/api-util.js";
import { vmap } from "../transforms/vmap.js";
import { flatten, unflatten, type TreeDef } from "../tree/pytree.js";
import { scan } from "./control-flow.js";

export interface MapOptions {
  /**
   * Map this many slices at a time with vmap inside each scan step (JAX's `batch_size`): fewer,
   * wider steps. A remainder that does not fill a batch is mapped after the scan.
   */
  batchSize?: number;
}

function leavesOf(xs: unknown): [JaxArray[], TreeDef] {
  const [leaves, def] = flatten(xs);
  return [leaves.map((l) => toArrayLeaf(l, "map", "input")), def];
}

function leadingSize(leaves: readonly JaxArray[]): number {
  if (leaves.length === 0) throw new ValueError("map: xs holds no arrays; give at least one array to map over");
  const scalars = leaves.filter((x) => x.ndim === 0);
  if (scalars.length > 0) {
    throw new ShapeError(`map: every xs leaf needs a leading axis to map over, got ${scalars[0]!.aval.str()}`);
  }
  const sizes = new Set(leaves.map((x) => x.shape[0]!));
  if (sizes.size > 1) {
    throw new ShapeError(
      `map: xs leaves have different leading sizes (${leaves.map((x) => x.aval.str()).join(", ")}); they must all be equal`,
    );
  }
  return leaves[0]!.shape[0]!;
}

/** Scan over the leading axis with no carry: `ys[i] = f(xs[i])`. */
function scanMap(f: (x: unknown) => unknown, xs: unknown): unknown {
  const [, ys] = scan<null, unknown, unknown>((carry, x) => [carry, f(x)], null, xs);
  return ys;
}

/**
 * `lax.map(f, xs, { batchSize })`: `f` applied to each slice of the pytree `xs` along its leading
 * axis, the results stacked along a new leading axis (a pytree shaped like `f`'s result).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function map<X = any, Y = unknown>(f: (x: X) => Y, xs: unknown, options: MapOptions = {}): Y {
  if (typeof f !== "function") throw new ValueError(`map: f must be a function, got ${typeof f}`);
  const [leaves, def] = leavesOf(xs);
  const n = leadingSize(leaves);
  const g = f as (x: unknown) => unknown;
  const batchSize = options.batchSize;
  if (batchSize === undefined) return scanMap(g, unflatten(def, leaves)) as Y;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ValueError(`map: batchSize must be a positive integer, got ${batchSize}`);
  }
  const batches = Math.floor(n / batchSize);
  const rest = n - batches * batchSize;
  const batched = vmap(g);
  const parts: unknown[] = [];
  if (batches > 0) {
    const grouped = leaves.map((x) =>
      reshape(sliceInDim(x, 0, batches * batchSize, 1, 0), [batches, batchSize, ...x.shape.slice(1)]),
    );
    const ys = scanMap(batched, unflatten(def, grouped));
    const [yLeaves, yDef] = flatten<JaxArray>(ys);
    parts.push(
      unflatten(
        yDef,
        yLeaves.map((y) => reshape(y, [batches * batchSize, ...y.shape.slice(2)])),
      ),
    );
  }
  if (rest > 0) {
    parts.push(
      batched(
        unflatten(
          def,
          leaves.map((x) => sliceInDim(x, batches * batchSize, n, 1, 0)),
        ),
      ),
    );
  }
  if (parts.length === 1) return parts[0] as Y;
  const [head, tail] = parts.map((p) => flatten<JaxArray>(p));
  return unflatten<Y>(
    head![1],
    head![0].map((y, i) => concatenate([y, tail![0][i]!], 0)),
  );
}
