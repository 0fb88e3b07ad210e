// Coordinate grids: meshgrid and indices.
import { arrayFromHost } from "../array.js";
import { asArray, type ArrayLike } from "../coerce.js";
import { ValueError } from "../errors.js";
import { broadcastInDim } from "../primitives/shape/broadcast-in-dim.js";
import { reshape } from "../primitives/shape/reshape.js";
import { sizeOf } from "../shape.js";
import { JaxArray } from "../tracing/array.js";
import { checkDtype, checkElementCount, type DTypeOption } from "./creation.js";

export interface MeshgridOptions {
  /** "xy" (Cartesian, the default: the first two outputs' axes are swapped) or "ij" (matrix). */
  indexing?: "xy" | "ij";
  /** Outputs keep size 1 on every axis but their own. */
  sparse?: boolean;
  /** Accepted for numpy compatibility; arrays are immutable, so it changes nothing. */
  copy?: boolean;
}

function isMeshgridOptions(x: unknown): x is MeshgridOptions {
  return typeof x === "object" && x !== null && !(x instanceof JaxArray) && !Array.isArray(x);
}

/** `jnp.meshgrid(...xs, { indexing, sparse })`: coordinate arrays from 1-D coordinate vectors. */
export function meshgrid(...args: (ArrayLike | MeshgridOptions)[]): JaxArray[] {
  const last = args[args.length - 1];
  const opts: MeshgridOptions = isMeshgridOptions(last) ? last : {};
  const xs = (isMeshgridOptions(last) ? args.slice(0, -1) : args).map((a) => {
    const x = asArray(a as ArrayLike, "meshgrid");
    return reshape(x, [x.size]);
  });
  const indexing = opts.indexing ?? "xy";
  if (indexing !== "xy" && indexing !== "ij")
    throw new ValueError(`meshgrid: indexing must be "xy" or "ij", got ${JSON.stringify(indexing)}`);
  // Output axis of each input: "xy" swaps the roles of the first two inputs.
  const axisOf = xs.map((_, i) => (indexing === "xy" && xs.length >= 2 && i < 2 ? 1 - i : i));
  const fullShape = new Array<number>(xs.length);
  xs.forEach((x, i) => (fullShape[axisOf[i]!] = x.size));
  if (!opts.sparse) checkElementCount("meshgrid", fullShape);
  return xs.map((x, i) => {
    if (opts.sparse)
      return reshape(
        x,
        fullShape.map((d, ax) => (ax === axisOf[i] ? d : 1)),
      );
    return broadcastInDim(x, fullShape, [axisOf[i]!]);
  });
}

export interface IndicesOptions extends DTypeOption {
  sparse?: boolean;
}

/** Host values of one axis's index grid: 0..n-1 along `axis`, size 1 (sparse) or repeated elsewhere. */
function gridValues(dims: readonly number[], axis: number, sparse: boolean): { shape: number[]; values: number[] } {
  const shape = sparse ? dims.map((d, i) => (i === axis ? d : 1)) : [...dims];
  const inner = sizeOf(shape.slice(axis + 1));
  const values = Array.from({ length: sizeOf(shape) }, (_, f) => Math.floor(f / inner) % dims[axis]!);
  return { shape, values };
}

/** `jnp.indices(dimensions, { dtype, sparse })`: the index of every position, one grid per axis. */
export function indices(dimensions: readonly number[], options?: IndicesOptions & { sparse?: false }): JaxArray;
export function indices(dimensions: readonly number[], options: IndicesOptions & { sparse: true }): JaxArray[];
export function indices(dimensions: readonly number[], options: IndicesOptions = {}): JaxArray | JaxArray[] {
  checkDtype("indices", options.dtype);
  if (dimensions.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ValueError(`indices: dimensions [${dimensions.join(", ")}] must be non-negative integers`);
  }
  checkElementCount("indices", [dimensions.length, ...dimensions]);
  const dtype = options.dtype ?? "int32";
  if (options.sparse) {
    return dimensions.map((_, axis) => {
      const { shape, values } = gridValues(dimensions, axis, true);
      return arrayFromHost(values, shape, dtype);
    });
  }
  const values = dimensions.flatMap((_, axis) => gridValues(dimensions, axis, false).values);
  return arrayFromHost(values, [dimensions.length, ...dimensions], dtype);
}
