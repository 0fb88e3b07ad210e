// jnp.convolve and jnp.correlate for 1-D arrays, as one lax.conv_general_dilated (which
// computes a correlation): convolution flips the kernel first, and the modes set the padding.
import { type ArrayLike } from "../coerce.js";
import type { DType } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import type { JaxArray } from "../tracing/array.js";
import { promoteDtypes, promoteToInexact } from "./promote.js";

export type ConvolveMode = "full" | "same" | "valid";

export interface ConvolveOptions {
  /** "full" (every overlap), "same" (the length of the first input, centred) or "valid" (complete overlaps only). */
  mode?: ConvolveMode;
  /** Accumulate and return in this dtype, keeping integer inputs integral (default: inputs promoted to a float type). */
  preferredElementType?: DType;
}

function conv1d(
  op: "convolve" | "correlate",
  a: ArrayLike,
  v: ArrayLike,
  mode: ConvolveMode,
  options: ConvolveOptions,
): JaxArray {
  const promote = options.preferredElementType === undefined ? promoteToInexact : promoteDtypes;
  let [x, y] = promote(op, [a, v]) as [JaxArray, JaxArray];
  if (x.ndim !== 1 || y.ndim !== 1) {
    throw new ValueError(`${op}: only 1-dimensional inputs are supported, got ${x.aval.str()}, ${y.aval.str()}`);
  }
  if (x.shape[0] === 0 || y.shape[0] === 0) {
    throw new ValueError(`${op}: inputs cannot be empty, got ${x.aval.str()}, ${y.aval.str()}`);
  }
  let reverseOut = false;
  if (x.shape[0]! < y.shape[0]!) {
    [x, y] = [y, x];
    // Swapping the operands of a correlation reverses it; a convolution is symmetric.
    reverseOut = op === "correlate";
  }
  if (op === "convolve") y = lax.rev(y, [0]);
  const m = y.shape[0]!;
  let padding: [number, number];
  if (mode === "valid") padding = [0, 0];
  else if (mode === "same") padding = [Math.floor(m / 2), m - Math.floor(m / 2) - 1];
  else if (mode === "full") padding = [m - 1, m - 1];
  else throw new ValueError(`${op}: mode must be "full", "same" or "valid", got ${JSON.stringify(mode)}`);
  const out = lax.convGeneralDilated(lax.reshape(x, [1, 1, x.shape[0]!]), lax.reshape(y, [1, 1, m]), [1], [padding], {
    preferredElementType: options.preferredElementType,
  });
  const flat = lax.reshape(out, [out.shape[2]!]);
  return reverseOut ? lax.rev(flat, [0]) : flat;
}

/** numpy users pass the mode positionally (`np.convolve(a, v, "same")`); both forms are accepted. */
function optionsOf(options: ConvolveMode | ConvolveOptions): ConvolveOptions {
  return typeof options === "string" ? { mode: options } : options;
}

/** `jnp.convolve(a, v, { mode })`: c[k] = sum_j a[k - j] v[j]; mode defaults to "full". */
export function convolve(a: ArrayLike, v: ArrayLike, options: ConvolveMode | ConvolveOptions = {}): JaxArray {
  const opts = optionsOf(options);
  return conv1d("convolve", a, v, opts.mode ?? "full", opts);
}

/** `jnp.correlate(a, v, { mode })`: c[k] = sum_j a[k + j] v[j]; mode defaults to "valid", as in numpy. */
export function correlate(a: ArrayLike, v: ArrayLike, options: ConvolveMode | ConvolveOptions = {}): JaxArray {
  const opts = optionsOf(options);
  return conv1d("correlate", a, v, opts.mode ?? "valid", opts);
}
