// numpy's cross product of 2- and 3-vectors along an axis, broadcasting the other axes.
import type { ArrayLike } from "../coerce.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { normalizeAxis } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { fullLike } from "./math-util.js";
import { broadcastArrays, promoteDtypes } from "./promote.js";

export interface CrossOptions {
  /** Vector axis of x (default -1). */
  axisa?: number;
  /** Vector axis of y (default -1). */
  axisb?: number;
  /** Vector axis of the result (default -1). */
  axisc?: number;
  /** Overrides all three. */
  axis?: number;
}

/** The vector components of `v` (vector axis last), each without that axis. */
function components(v: JaxArray): JaxArray[] {
  const last = v.ndim - 1;
  const n = v.shape[last]!;
  const parts = Array.from({ length: n }, (_, i) =>
    lax.reshape(lax.sliceInDim(v, i, i + 1, 1, last), v.shape.slice(0, -1)),
  );
  if (n === 2) parts.push(fullLike(parts[0]!, 0));
  return parts;
}

/**
 * x × y. With two 2-vectors the result is the scalar z component; a 2-vector is otherwise
 * treated as having z = 0.
 */
export function cross(x: ArrayLike, y: ArrayLike, options: CrossOptions = {}): JaxArray {
  const [a0, b0] = promoteDtypes("cross", [x, y]);
  const axisa = options.axis ?? options.axisa ?? -1;
  const axisb = options.axis ?? options.axisb ?? -1;
  const axisc = options.axis ?? options.axisc ?? -1;
  const a = lax.moveaxis(a0!, normalizeAxis(axisa, a0!.ndim, "cross"), a0!.ndim - 1);
  const b = lax.moveaxis(b0!, normalizeAxis(axisb, b0!.ndim, "cross"), b0!.ndim - 1);
  const na = a.shape[a.ndim - 1]!;
  const nb = b.shape[b.ndim - 1]!;
  if (![2, 3].includes(na) || ![2, 3].includes(nb)) {
    throw new ValueError(
      `cross: the vector axes must have size 2 or 3, got ${na} and ${nb} for ${a0!.aval.str()}, ${b0!.aval.str()}`,
    );
  }
  const [ax, ay, az] = components(a);
  const [bx, by, bz] = components(b);
  const term = (p: JaxArray, q: JaxArray, r: JaxArray, s: JaxArray): JaxArray => {
    const [pp, qq, rr, ss] = broadcastArrays("cross", [p, q, r, s]);
    return lax.sub(lax.mul(pp!, qq!), lax.mul(rr!, ss!));
  };
  const z = term(ax!, by!, ay!, bx!);
  if (na === 2 && nb === 2) return z;
  const cx = term(ay!, bz!, az!, by!);
  const cy = term(az!, bx!, ax!, bz!);
  const stacked = lax.concatenate(
    [cx, cy, z].map((c) => lax.reshape(c, [...c.shape, 1])),
    z.ndim,
  );
  return lax.moveaxis(stacked, stacked.ndim - 1, normalizeAxis(axisc, stacked.ndim, "cross"));
}
