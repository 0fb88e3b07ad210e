// Start indices of dynamic_slice and dynamic_update_slice: scalar integer operands, one per axis.
// The lax wrappers wrap negative indices (as Python indexing does, like JAX's wrappers); the
// primitives then clamp each start so the window stays inside the operand, as XLA does.
import { ArrayImpl, scalar } from "../../array.js";
import { isInteger, isSignedInteger, type DType } from "../../dtypes.js";
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import type { ShapedArray } from "../../tracing/aval.js";
import { JaxArray } from "../../tracing/array.js";
import type { HostTensor } from "../primitive.js";
import { add } from "../elementwise/binary.js";
import { lt } from "../elementwise/compare.js";
import { select } from "../elementwise/select.js";
import { tupleStr } from "./params-check.js";

export type StartIndex = JaxArray | number;

/** Shape-rule checks on the index operands; `head` names the op, operands and params. */
export function checkStartIndices(head: string, x: ShapedArray, indices: readonly ShapedArray[]): void {
  if (indices.length !== x.ndim) {
    throw new ShapeError(`${head}: needs one start index per axis of the operand (${x.ndim}), got ${indices.length}`);
  }
  if (indices.some((i) => i.ndim !== 0)) {
    throw new ShapeError(`${head}: start indices must be scalars; pass one 0-d integer array per axis`);
  }
  const first = indices[0]?.dtype;
  if (indices.some((i) => !isInteger(i.dtype) || i.dtype !== first)) {
    throw new DTypeError(
      `${head}: start indices must be integers of one dtype (int32 or uint32); convert them with astype('int32')`,
    );
  }
}

/** The start of the window on each axis, clamped to [0, size - window]. */
export function clampedStarts(
  indices: readonly HostTensor[],
  shape: readonly number[],
  window: readonly number[],
): number[] {
  return shape.map((n, d) => Math.min(Math.max(Number(indices[d]!.data[0]!), 0), n - window[d]!));
}

/** `(f32[], i32[])`-style listing of index operands for messages. */
export function indicesStr(indices: readonly ShapedArray[]): string {
  return `(${indices.map((i) => i.str()).join(", ")})`;
}

/**
 * Turns user start indices into scalar index operands of one dtype, wrapping negative ones by
 * the axis size. JS numbers take the dtype of the array indices (int32 when there are none).
 */
export function normalizeStartIndices(op: string, x: JaxArray, startIndices: readonly StartIndex[]): JaxArray[] {
  const given: readonly unknown[] | null = Array.isArray(startIndices) ? (startIndices as readonly unknown[]) : null;
  if (given === null || given.length !== x.ndim) {
    const shown = given === null ? typeof startIndices : tupleStr(given.map(show));
    throw new ValueError(
      `${op}: needs one start index per axis of the operand ${x.aval.str()} (${x.ndim}), got ${shown}`,
    );
  }
  const arrayIndex = startIndices.find((i): i is JaxArray => i instanceof JaxArray);
  const dtype: DType = arrayIndex && isInteger(arrayIndex.dtype) ? arrayIndex.dtype : "int32";
  return startIndices.map((i, d) => wrapNegative(op, i, x.shape[d]!, dtype));
}

function show(i: unknown): string {
  return i instanceof JaxArray ? i.aval.str() : typeof i === "number" ? String(i) : typeof i;
}

function wrapNegative(op: string, i: StartIndex, size: number, dtype: DType): JaxArray {
  if (typeof i === "number") {
    if (!Number.isInteger(i)) throw new ValueError(`${op}: start index ${i} is not an integer`);
    return scalar(i < 0 ? i + size : i, dtype, false);
  }
  if (!(i instanceof JaxArray)) throw new ValueError(`${op}: start index ${String(i)} is not an array or a JS number`);
  // Leave bad indices to the shape rule, which reports them with the whole call.
  if (i.ndim !== 0 || !isSignedInteger(i.dtype)) return i;
  if (i instanceof ArrayImpl && i.device.platform === "cpu") {
    const v = Number(i.dataSync()[0]!);
    return v < 0 ? scalar(v + size, i.dtype, false) : i;
  }
  return select(lt(i, scalar(0, i.dtype, false)), add(i, scalar(size, i.dtype, false)), i);
}
