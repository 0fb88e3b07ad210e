// jax.nn.initializers: functions `(key, shape, dtype?) => array` that fill a fresh parameter,
// and the factories that make them (glorot/he/lecun are variance scaling with fixed settings).
import type { DType } from "../dtypes.js";
import { ValueError } from "../errors.js";
import * as jnp from "../numpy/index.js";
import * as random from "../random/index.js";
import { normalizeAxis } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";

/** JAX's `Initializer` protocol. */
export type Initializer = (key: JaxArray, shape: readonly number[], dtype?: DType) => JaxArray;

export interface DTypeDefault {
  /** The dtype used when the initializer is called without one (default float32). */
  dtype?: DType;
}

export function zeros(_key: JaxArray, shape: readonly number[], dtype: DType = "float32"): JaxArray {
  return jnp.zeros(shape, { dtype });
}

export function ones(_key: JaxArray, shape: readonly number[], dtype: DType = "float32"): JaxArray {
  return jnp.ones(shape, { dtype });
}

/** `constant(value)`: every entry is `value`. */
export function constant(value: number, options: DTypeDefault = {}): Initializer {
  return (_key, shape, dtype = options.dtype ?? "float32") => jnp.full(shape, value, { dtype });
}

/** `uniform(scale = 1e-2)`: uniform on [0, scale). */
export function uniform(scale = 1e-2, options: DTypeDefault = {}): Initializer {
  return (key, shape, dtype = options.dtype ?? "float32") =>
    jnp.multiply(random.uniform(key, shape, { dtype }), jnp.array(scale, { dtype }));
}

/** `normal(stddev = 1e-2)`: centered normal with standard deviation `stddev`. */
export function normal(stddev = 1e-2, options: DTypeDefault = {}): Initializer {
  return (key, shape, dtype = options.dtype ?? "float32") =>
    jnp.multiply(random.normal(key, shape, { dtype }), jnp.array(stddev, { dtype }));
}

export interface TruncatedNormalOptions extends DTypeDefault {
  /** Lower and upper cut-offs, in standard deviations (default -2 and 2). */
  lower?: number;
  upper?: number;
}

/** `truncatedNormal(stddev = 1e-2, { lower, upper })`: a normal cut off at lower/upper standard deviations. */
export function truncatedNormal(stddev = 1e-2, options: TruncatedNormalOptions = {}): Initializer {
  const { lower = -2, upper = 2 } = options;
  return (key, shape, dtype = options.dtype ?? "float32") =>
    jnp.multiply(random.truncatedNormal(key, lower, upper, shape, { dtype }), jnp.array(stddev, { dtype }));
}

export type FanMode = "fan_in" | "fan_out" | "fan_avg";
export type ScalingDistribution = "truncated_normal" | "normal" | "uniform";

export interface FanOptions extends DTypeDefault {
  /** Axis or axes holding the inputs (default -2). */
  inAxis?: number | readonly number[];
  /** Axis or axes holding the outputs (default -1). */
  outAxis?: number | readonly number[];
  /** Axes that index independent weight matrices, excluded from the fans (default none). */
  batchAxis?: number | readonly number[];
}

function sizeAlong(shape: readonly number[], axes: number | readonly number[]): number {
  const list = typeof axes === "number" ? [axes] : axes;
  return list.reduce((n, a) => n * shape[normalizeAxis(a, shape.length, "varianceScaling")]!, 1);
}

/** Input and output sizes of a weight tensor; other axes (a conv's window) multiply both. */
function fans(shape: readonly number[], options: FanOptions): [number, number] {
  if (shape.length < 2) {
    throw new ValueError(
      `varianceScaling: cannot tell input from output size in a weight of shape [${shape.join(",")}]; ` +
        `it needs at least 2 dimensions (use zeros, normal or uniform for biases)`,
    );
  }
  const inSize = sizeAlong(shape, options.inAxis ?? -2);
  const outSize = sizeAlong(shape, options.outAxis ?? -1);
  const batchSize = sizeAlong(shape, options.batchAxis ?? []);
  const receptive = shape.reduce((n, d) => n * d, 1) / inSize / outSize / batchSize;
  return [inSize * receptive, outSize * receptive];
}

// The standard deviation of a unit normal truncated to (-2, 2): dividing by it restores unit variance.
const TRUNCATED_STDDEV = 0.8796256610342398;

/**
 * `varianceScaling(scale, mode, distribution, { inAxis, outAxis, batchAxis, dtype })`: samples
 * with variance `scale / n`, n the fan-in, fan-out or their mean.
 */
export function varianceScaling(
  scale: number,
  mode: FanMode,
  distribution: ScalingDistribution,
  options: FanOptions = {},
): Initializer {
  if (!["fan_in", "fan_out", "fan_avg"].includes(mode)) {
    throw new ValueError(`varianceScaling: mode must be "fan_in", "fan_out" or "fan_avg", got ${String(mode)}`);
  }
  if (!["truncated_normal", "normal", "uniform"].includes(distribution)) {
    throw new ValueError(
      `varianceScaling: distribution must be "truncated_normal", "normal" or "uniform", got ${String(distribution)}`,
    );
  }
  return (key, shape, dtype = options.dtype ?? "float32") => {
    const [fanIn, fanOut] = fans(shape, options);
    const n = mode === "fan_in" ? fanIn : mode === "fan_out" ? fanOut : (fanIn + fanOut) / 2;
    // As JAX does, the variance is rounded to the dtype before the square root.
    const variance = jnp.array(scale / n, { dtype });
    switch (distribution) {
      case "truncated_normal": {
        const stddev = jnp.divide(jnp.sqrt(variance), jnp.array(TRUNCATED_STDDEV, { dtype }));
        return jnp.multiply(random.truncatedNormal(key, -2, 2, shape, { dtype }), stddev);
      }
      case "normal":
        return jnp.multiply(random.normal(key, shape, { dtype }), jnp.sqrt(variance));
      case "uniform":
        return jnp.multiply(
          random.uniform(key, shape, { dtype, minval: -1 }),
          jnp.sqrt(jnp.multiply(jnp.array(3, { dtype }), variance)),
        );
    }
  };
}

export const glorotUniform = (options: FanOptions = {}) => varianceScaling(1, "fan_avg", "uniform", options);
export const glorotNormal = (options: FanOptions = {}) => varianceScaling(1, "fan_avg", "truncated_normal", options);
export const lecunUniform = (options: FanOptions = {}) => varianceScaling(1, "fan_in", "uniform", options);
export const lecunNormal = (options: FanOptions = {}) => varianceScaling(1, "fan_in", "truncated_normal", options);
export const heUniform = (options: FanOptions = {}) => varianceScaling(2, "fan_in", "uniform", options);
export const heNormal = (options: FanOptions = {}) => varianceScaling(2, "fan_in", "truncated_normal", options);
export const xavierUniform = glorotUniform;
export const xavierNormal = glorotNormal;
export const kaimingUniform = heUniform;
export const kaimingNormal = heNormal;
