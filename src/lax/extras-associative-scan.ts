// lax.associativeScan: an inclusive scan with an associative `fn` in O(log n) rounds of
// elementwise work (Blelloch's parallel prefix), the algorithm JAX uses: combine adjacent pairs,
// scan the half-length result recursively (the odd positions), combine those with the
// remaining elements (the even positions), and interleave.
import { isBool } from "../dtypes.js";
import { ShapeError, ValueError } from "../errors.js";
import { add } from "../primitives/elementwise/binary.js";
import { bitwiseOr } from "../primitives/elementwise/bitwise.js";
import { concatenate, pad, rev, sliceInDim } from "../primitives/shape/index.js";
import { normalizeAxis } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { toArrayLeaf } from "../transforms/api-util.js";
import { flatten, treedefEqual, treedefString, unflatten, type TreeDef } from "../tree/pytree.js";

export interface AssociativeScanOptions {
  /** Scan from the end of the axis towards the start. `fn`'s arguments keep their order. */
  reverse?: boolean;
  /** The axis to scan along (default 0; negative counts from the end). */
  axis?: number;
}

/**
 * Interleaves `a` (the even positions) with `b` (the odd ones) along `axis`: each is spread out
 * with interior zero padding so their elements land in alternate slots, and the two are summed.
 */
function interleave(a: JaxArray, b: JaxArray, axis: number): JaxArray {
  const sameLength = a.shape[axis] === b.shape[axis];
  const config = (lo: number, hi: number) => a.shape.map((_, d) => (d === axis ? [lo, hi, 1] : [0, 0, 0]));
  const zero = isBool(a.dtype) ? false : 0;
  const spreadA = pad(a, zero, config(0, sameLength ? 1 : 0));
  const spreadB = pad(b, zero, config(1, sameLength ? 0 : 1));
  return isBool(a.dtype) ? bitwiseOr(spreadA, spreadB) : add(spreadA, spreadB);
}

/**
 * `lax.associativeScan(fn, elems, { reverse, axis })`: for elems `[a, b, c, ...]` along `axis`,
 * `[a, fn(a, b), fn(fn(a, b), c), ...]`. `elems` is a pytree of arrays sharing the axis size;
 * `fn(x, y)` takes and returns pytrees of that structure and must work elementwise along the
 * axis (it is called on slices holding many positions at once) and be associative.
 */
export function associativeScan<T = unknown>(fn: (a: T, b: T) => T, elems: T, options: AssociativeScanOptions = {}): T {
  if (typeof fn !== "function") throw new ValueError(`associativeScan: fn must be a function, got ${typeof fn}`);
  const [raw, tree] = flatten(elems);
  if (raw.length === 0) throw new ValueError("associativeScan: elems holds no arrays to scan");
  let leaves = raw.map((l) => toArrayLeaf(l, "associativeScan", "input"));
  const first = leaves[0]!;
  if (first.ndim === 0)
    throw new ShapeError(`associativeScan: elems must have an axis to scan along, got ${first.aval.str()}`);
  const axis = normalizeAxis(options.axis ?? 0, first.ndim, "associativeScan");
  const n = first.shape[axis]!;
  if (leaves.some((x) => x.ndim <= axis || x.shape[axis] !== n)) {
    throw new ShapeError(
      `associativeScan: every elems leaf must have the same size along axis ${axis}, got ${leaves.map((x) => x.aval.str()).join(", ")}`,
    );
  }
  if (options.reverse) leaves = leaves.map((x) => rev(x, [axis]));
  const combine = (a: JaxArray[], b: JaxArray[]): JaxArray[] => combineFlat(fn, tree, a, b);
  const slices = (xs: JaxArray[], start: number, limit: number | null, stride: number) =>
    xs.map((x) => sliceInDim(x, start, limit, stride, axis));

  const scanFlat = (xs: JaxArray[]): JaxArray[] => {
    const len = xs[0]!.shape[axis]!;
    if (len < 2) return xs;
    const pairs = combine(slices(xs, 0, len - 1, 2), slices(xs, 1, null, 2));
    const odd = scanFlat(pairs);
    const rest = slices(xs, 2, null, 2);
    const even = len % 2 === 0 ? combine(slices(odd, 0, odd[0]!.shape[axis]! - 1, 1), rest) : combine(odd, rest);
    const withFirst = even.map((e, i) => concatenate([sliceInDim(xs[i]!, 0, 1, 1, axis), e], axis));
    return withFirst.map((e, i) => interleave(e, odd[i]!, axis));
  };

  let out = scanFlat(leaves);
  if (options.reverse) out = out.map((x) => rev(x, [axis]));
  return unflatten<T>(tree, out);
}

function combineFlat<T>(fn: (a: T, b: T) => T, tree: TreeDef, a: JaxArray[], b: JaxArray[]): JaxArray[] {
  const result = fn(unflatten<T>(tree, a), unflatten<T>(tree, b));
  const [leaves, def] = flatten(result);
  if (!treedefEqual(def, tree)) {
    throw new ShapeError(
      `associativeScan: fn must return the structure of elems ${treedefString(tree)}, got ${treedefString(def)}`,
    );
  }
  return leaves.map((l, i) => {
    const out = toArrayLeaf(l, "associativeScan");
    const want = a[i]!.shape;
    if (out.ndim !== want.length || out.shape.some((d, k) => d !== want[k])) {
      throw new ShapeError(
        `associativeScan: fn must return leaves shaped like its arguments (it works on many positions at once), ` +
          `got ${out.aval.str()} for arguments of shape [${want.join(",")}]`,
      );
    }
    return out;
  });
}
