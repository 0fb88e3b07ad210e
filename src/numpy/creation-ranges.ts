// Evenly spaced values: arange, linspace, logspace, geomspace. With JS-number bounds the values
// are computed on the host in float64 and rounded once; with array bounds they are traced.
import { arrayFromHost, deviceFor, scalar } from "../array.js";
import { defaultDevice } from "../backend/devices.js";
import { asArray, type ArrayLike } from "../coerce.js";
import { isFloat, isInteger, promoteTypes, toInexact, type DType } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { broadcastInDim } from "../primitives/shape/broadcast-in-dim.js";
import { convertElementType } from "../primitives/shape/convert-element-type.js";
import { normalizeAxis } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { checkDtype, checkElementCount, fullLike, type DTypeOption } from "./creation.js";
import { broadcastArrays } from "./manipulation.js";

function isOptions(x: unknown): x is DTypeOption {
  return typeof x === "object" && x !== null;
}

/**
 * `jnp.arange(stop)`, `arange(start, stop, step?)`, each optionally followed by `{ dtype }`.
 * Integers give int32, any float gives float32.
 */
export function arange(
  start: number,
  stop?: number | null | DTypeOption,
  step?: number | DTypeOption,
  options?: DTypeOption,
): JaxArray {
  const args: number[] = [];
  let opts: DTypeOption = {};
  for (const a of [start, stop, step, options]) {
    if (isOptions(a)) opts = a;
    else if (typeof a === "number") args.push(a);
    else if (a !== undefined && a !== null) throw new ValueError(`arange: expected numbers, got ${String(a)}`);
  }
  checkDtype("arange", opts.dtype);
  if (args.length === 0) throw new ValueError("arange: needs at least a stop value");
  const [lo, hi, by] = args.length === 1 ? [0, args[0]!, 1] : [args[0]!, args[1]!, args[2] ?? 1];
  if (![lo, hi, by].every(Number.isFinite))
    throw new ValueError(`arange: start, stop and step must be finite, got ${lo}, ${hi}, ${by}`);
  if (by === 0) {
    throw new ValueError("arange: step must be nonzero, got 0; use a positive step to count up or a negative one to count down");
  }
  const dtype: DType = opts.dtype ?? ([lo, hi, by].every(Number.isInteger) ? "int32" : "float32");
  const n = Math.max(0, Math.ceil((hi - lo) / by));
  checkElementCount("arange", [n]);
  // As in JAX, counting up from zero is an iota (one op under jit, no constant), on the default
  // device; a dtype that lives elsewhere (float64 beside WebGPU, see deviceFor) is counted on the host.
  if (lo === 0 && by === 1 && dtype !== "bool" && deviceFor(dtype) === defaultDevice()) return lax.iota(dtype, n);
  return arrayFromHost(
    Array.from({ length: n }, (_, i) => lo + i * by),
    [n],
    dtype,
  );
}

export interface LinspaceOptions extends DTypeOption {
  endpoint?: boolean;
  /** Position of the samples axis when start/stop are arrays. */
  axis?: number;
}

function checkNum(op: string, num: number): void {
  if (!Number.isInteger(num) || num < 0) throw new ValueError(`${op}: num must be a non-negative integer, got ${num}`);
  checkElementCount(op, [num]);
}

/** Fractions t_i = i / div of the way from start to stop. */
function fractions(num: number, endpoint: boolean): number[] {
  const div = endpoint ? num - 1 : num;
  return Array.from({ length: num }, (_, i) => (div === 0 ? 0 : i / div));
}

/** Host samples start + t_i (stop - start), with the end point exact. */
function hostLinspace(start: number, stop: number, num: number, endpoint: boolean): number[] {
  const t = fractions(num, endpoint);
  return t.map((f, i) => (endpoint && i === num - 1 && num > 1 ? stop : start + f * (stop - start)));
}

/**
 * Traced samples for array bounds: start (1 - t) + stop t along a new axis, exact at both ends
 * (and linear in start and stop, so gradients flow to both).
 */
function tracedLinspace(
  op: string,
  start: ArrayLike,
  stop: ArrayLike,
  num: number,
  endpoint: boolean,
  axis: number,
  dtype: DType,
): JaxArray {
  const [s, e] = broadcastArrays(asArray(start, op), asArray(stop, op)) as [JaxArray, JaxArray];
  const outShape = [...s.shape];
  const ax = normalizeAxis(axis, s.ndim + 1, op);
  outShape.splice(ax, 0, num);
  const kept = s.shape.map((_, i) => (i < ax ? i : i + 1));
  const t = fractions(num, endpoint);
  const along = (values: number[]) => broadcastInDim(arrayFromHost(values, [num], dtype), outShape, [ax]);
  const spread = (x: JaxArray) => broadcastInDim(convertElementType(x, dtype), outShape, kept);
  return lax.add(lax.mul(spread(s), along(t.map((f) => 1 - f))), lax.mul(spread(e), along(t)));
}

function inexactDtype(op: string, start: ArrayLike, stop: ArrayLike): DType {
  const [a, b] = [asArray(start, op), asArray(stop, op)];
  return toInexact(
    promoteTypes({ dtype: a.dtype, weakType: a.weakType }, { dtype: b.dtype, weakType: b.weakType }).dtype,
  );
}

/** Rounds down to integers when an integer dtype is asked for, as numpy and JAX do. */
function finish(x: number[], shape: number[], dtype: DType): JaxArray {
  return arrayFromHost(isInteger(dtype) ? x.map(Math.floor) : x, shape, dtype);
}

/** `jnp.linspace(start, stop, num = 50, { endpoint, dtype, axis })`. */
export function linspace(start: ArrayLike, stop: ArrayLike, num?: number, options?: LinspaceOptions): JaxArray;
/** With `{ retstep: true }`: `[samples, step]`. */
export function linspace(
  start: ArrayLike,
  stop: ArrayLike,
  num: number,
  options: LinspaceOptions & { retstep: true },
): [JaxArray, JaxArray];
export function linspace(
  start: ArrayLike,
  stop: ArrayLike,
  num = 50,
  options: LinspaceOptions & { retstep?: boolean } = {},
): JaxArray | [JaxArray, JaxArray] {
  checkNum("linspace", num);
  checkDtype("linspace", options.dtype);
  const endpoint = options.endpoint ?? true;
  const computeDtype = inexactDtype("linspace", start, stop);
  const dtype = options.dtype ?? computeDtype;
  const div = endpoint ? num - 1 : num;
  let samples: JaxArray;
  let step: JaxArray;
  if (typeof start === "number" && typeof stop === "number") {
    samples = finish(hostLinspace(start, stop, num, endpoint), [num], dtype);
    step = scalar(div > 0 ? (stop - start) / div : NaN, computeDtype, false);
  } else {
    const traced = tracedLinspace("linspace", start, stop, num, endpoint, options.axis ?? 0, computeDtype);
    samples = convertElementType(isInteger(dtype) ? lax.floor(traced) : traced, dtype);
    const [s, e] = broadcastArrays(asArray(start, "linspace"), asArray(stop, "linspace")) as [JaxArray, JaxArray];
    const delta = lax.sub(convertElementType(e, computeDtype), convertElementType(s, computeDtype));
    step = div > 0 ? lax.div(delta, fullLike(delta, div)) : fullLike(delta, NaN);
  }
  return options.retstep ? [samples, step] : samples;
}

export interface LogspaceOptions extends LinspaceOptions {
  base?: number;
}

/** `jnp.logspace(start, stop, num = 50, { endpoint, base = 10, dtype, axis })`: base ** linspace. */
export function logspace(start: ArrayLike, stop: ArrayLike, num = 50, options: LogspaceOptions = {}): JaxArray {
  checkNum("logspace", num);
  checkDtype("logspace", options.dtype);
  const endpoint = options.endpoint ?? true;
  const base = options.base ?? 10;
  const computeDtype = inexactDtype("logspace", start, stop);
  const dtype = options.dtype ?? computeDtype;
  if (typeof start === "number" && typeof stop === "number") {
    return arrayFromHost(
      hostLinspace(start, stop, num, endpoint).map((v) => base ** v),
      [num],
      dtype,
    );
  }
  const exponents = tracedLinspace("logspace", start, stop, num, endpoint, options.axis ?? 0, computeDtype);
  const out = lax.exp(lax.mul(exponents, fullLike(exponents, Math.log(base))));
  return convertElementType(out, dtype);
}

/** `jnp.geomspace(start, stop, num = 50, { endpoint, dtype })`: a geometric progression (JS-number bounds). */
export function geomspace(start: number, stop: number, num = 50, options: LinspaceOptions = {}): JaxArray {
  checkNum("geomspace", num);
  checkDtype("geomspace", options.dtype);
  if (typeof start !== "number" || typeof stop !== "number") {
    throw new ValueError(
      "geomspace: start and stop must be JS numbers; for array bounds use jnp.exp(jnp.linspace(jnp.log(start), jnp.log(stop), num))",
    );
  }
  if (start === 0 || stop === 0)
    throw new ValueError(`geomspace: a geometric sequence cannot include zero (got start ${start}, stop ${stop})`);
  if (Math.sign(start) !== Math.sign(stop)) {
    throw new ValueError(
      `geomspace: start ${start} and stop ${stop} have opposite signs; a real geometric sequence needs one sign`,
    );
  }
  const endpoint = options.endpoint ?? true;
  const sign = Math.sign(start);
  const logs = hostLinspace(Math.log10(start * sign), Math.log10(stop * sign), num, endpoint);
  const values = logs.map((v) => sign * 10 ** v);
  // numpy pins both ends to the exact inputs.
  if (num > 0) values[0] = start;
  if (num > 1 && endpoint) values[num - 1] = stop;
  const dtype = options.dtype ?? "float32";
  return arrayFromHost(isFloat(dtype) ? values : values.map(Math.trunc), [num], dtype);
}
