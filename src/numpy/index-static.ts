// Static gathers along one axis (positions known at trace time), written as slices instead of a
// gather: repeat, pad and delete read runs of consecutive, reversed or repeated elements.
import { broadcastInDim } from "../primitives/shape/broadcast-in-dim.js";
import { concatenate } from "../primitives/shape/concatenate.js";
import { rev } from "../primitives/shape/rev.js";
import { sliceInDim } from "../primitives/shape/slice.js";
import { range } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";

/**
 * Gathers positions `sources` (static, in bounds) of one axis as runs of consecutive, reversed or
 * repeated elements: slices, revs and broadcasts joined by one concatenate, so no gather is needed.
 */
export function takeStatic(x: JaxArray, axis: number, sources: readonly number[]): JaxArray {
  const n = x.shape[axis]!;
  if (sources.length === n && sources.every((s, i) => s === i)) return x;
  if (sources.length === 0) return sliceInDim(x, 0, 0, 1, axis);
  const pieces: JaxArray[] = [];
  let i = 0;
  while (i < sources.length) {
    const start = sources[i]!;
    const step = i + 1 < sources.length ? sources[i + 1]! - start : 1;
    const unit = step === 1 || step === -1 || step === 0 ? step : 1;
    let j = i + 1;
    while (j < sources.length && sources[j]! - sources[j - 1]! === unit) j++;
    const len = j - i;
    if (unit === 1) pieces.push(sliceInDim(x, start, start + len, 1, axis));
    else if (unit === -1) pieces.push(rev(sliceInDim(x, start - len + 1, start + 1, 1, axis), [axis]));
    else {
      const one = sliceInDim(x, start, start + 1, 1, axis);
      const target = [...one.shape];
      target[axis] = len;
      pieces.push(broadcastInDim(one, target, range(one.ndim)));
    }
    i = j;
  }
  return pieces.length === 1 ? pieces[0]! : concatenate(pieces, axis);
}
