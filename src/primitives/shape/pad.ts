// pad: low/high padding per axis (negative values crop) plus interior padding between elements.
// The padding value is a scalar operand, so pad is linear in the operand and the value jointly.
import { scalar } from "../../array.js";
import { allocTyped, isBool, isFloat } from "../../dtypes.js";
import { DTypeError, ShapeError, ValueError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import { JaxArray } from "../../tracing/array.js";
import { bind1 } from "../../tracing/trace.js";
import { range, stridesOf } from "../../shape.js";
import { asArray, type ArrayLike } from "../../coerce.js";
import { copyBox } from "../cpu-util.js";
import { definePrimitive, type Primitive, UndefinedPrimal, Zero } from "../primitive.js";
import { batchSize, linearJvp, moveBatchAxis } from "../rules.js";
import { sub } from "../elementwise/binary.js";
import { select } from "../elementwise/select.js";
import { reduceSum } from "../reductions/reduce-sum.js";
import { broadcastInDim } from "./broadcast-in-dim.js";
import { convertElementType } from "./convert-element-type.js";
import { isIntList } from "./params-check.js";
import { slice } from "./slice.js";

/** Per axis: [low, high, interior]. */
export type PaddingConfig = readonly (readonly [number, number, number])[];

export interface PadParams {
  paddingConfig: PaddingConfig;
}

function configStr(config: PaddingConfig): string {
  return `(${config.map((c) => `(${c.join(", ")})`).join(", ")}${config.length === 1 ? "," : ""})`;
}

function isPaddingConfig(config: unknown): config is PaddingConfig {
  return Array.isArray(config) && (config as unknown[]).every((c) => isIntList(c) && c.length === 3);
}

function total(a: JaxArray): JaxArray {
  return reduceSum(a, range(a.ndim));
}

/** Size of an axis of `n` elements with `interior` padding between neighbours. */
function dilatedSize(n: number, interior: number): number {
  return n === 0 ? 0 : n + (n - 1) * interior;
}

export const padP: Primitive<PadParams> = definePrimitive<PadParams>({
  name: "pad",
  abstractEval([x, v], { paddingConfig: config }) {
    const head = `pad: operand ${x!.str()}, padding_value ${v!.str()}, padding_config ${configStr(config)}`;
    if (v!.ndim !== 0)
      throw new ShapeError(`${head}: the padding value must be a scalar; index or reshape it to shape []`);
    if (v!.dtype !== x!.dtype) {
      throw new DTypeError(
        `${head}: the operand and padding value must have the same dtype; convert the value with astype(${x!.dtype})`,
      );
    }
    if (!isPaddingConfig(config)) {
      throw new ValueError(`${head}: each axis needs an integer triple [low, high, interior]`);
    }
    if (config.length !== x!.ndim)
      throw new ShapeError(`${head}: needs one [low, high, interior] triple per axis (${x!.ndim})`);
    if (config.some((c) => c[2] < 0))
      throw new ValueError(`${head}: interior padding must be non-negative (low and high may be negative to crop)`);
    const shape = config.map(([lo, hi, interior], d) => lo + hi + dilatedSize(x!.shape[d]!, interior));
    if (shape.some((s) => s < 0)) {
      throw new ShapeError(
        `${head}: the padded shape [${shape.join(",")}] has a negative size; crop less (make low/high less negative)`,
      );
    }
    return [new ShapedArray(shape, x!.dtype, x!.weakType && v!.weakType)];
  },
  impl([x, v], { paddingConfig: config }, [out]) {
    const res = allocTyped(out!.dtype, out!.size).fill(v!.data[0]!);
    const inStrides = stridesOf(x!.shape);
    const outStrides = stridesOf(out!.shape);
    // Per axis: the operand indices whose padded position lo + i * (interior + 1) lies inside
    // the output (negative low/high padding crops the others), and where they land.
    const box: number[] = [];
    const steps: number[] = [];
    let from = 0;
    let to = 0;
    config.forEach(([lo, , interior], d) => {
      const gap = interior + 1;
      const size = out!.shape[d]!;
      const first = lo >= 0 ? 0 : Math.ceil(-lo / gap);
      const end = size - 1 - lo >= 0 ? Math.min(x!.shape[d]!, Math.floor((size - 1 - lo) / gap) + 1) : 0;
      box.push(Math.max(0, end - first));
      steps.push(gap * outStrides[d]!);
      from += first * inStrides[d]!;
      to += (lo + first * gap) * outStrides[d]!;
    });
    copyBox(x!.data, from, inStrides, res, to, steps, box);
    return [res];
  },
  jvp: (primals, tangents, params) => linearJvp(padP)(primals, tangents, params),
  transpose([ct], [x, v], { paddingConfig: config }) {
    const xUndef = x instanceof UndefinedPrimal;
    const vUndef = v instanceof UndefinedPrimal;
    if (ct instanceof Zero) return [xUndef ? new Zero(x.aval) : null, vUndef ? new Zero(v.aval) : null];
    // Undo low/high padding (padding the cropped parts back with zeros), then skip the interior.
    const uncropped = pad(
      ct!,
      scalar(0, ct!.dtype, false),
      config.map(([lo, hi]) => [-lo, -hi, 0]),
    );
    const ctOperand = slice(
      uncropped,
      config.map(() => 0),
      uncropped.shape,
      config.map(([, , interior]) => interior + 1),
    );
    // Every output element is either an operand element or a copy of the padding value.
    return [xUndef ? ctOperand : null, vUndef ? sub(total(ct!), total(ctOperand)) : null];
  },
  batch([x, v], [xDim, vDim], { paddingConfig: config }) {
    const size = batchSize([x!, v!], [xDim ?? null, vDim ?? null]);
    const b = xDim ?? 0;
    const operand = moveBatchAxis(x!, xDim ?? null, b, size);
    const batchedConfig = [...config.slice(0, b), [0, 0, 0] as const, ...config.slice(b)];
    if (vDim === null) return [[pad(operand, v!, batchedConfig)], [b]];
    // One padding value per batch element: pad with a placeholder, then select by a mask that
    // marks where operand elements landed (JAX's rule).
    const padded = pad(operand, scalar(0, operand.dtype, false), batchedConfig);
    const ones = broadcastInDim(scalar(true), operand.shape, []);
    const mask = pad(ones, scalar(false), batchedConfig);
    const values = broadcastInDim(v!, padded.shape, [b]);
    return [[select(mask, padded, values)], [b]];
  },
});

/**
 * `lax.pad(x, paddingValue, config)` with config [low, high, interior] per axis. A JS value as
 * padding value is weakly typed, as a Python scalar in JAX: it takes the operand's dtype when it
 * fits that dtype's kind (booleans for bool, integers for numbers, fractions for floats).
 */
export function pad(x: JaxArray, paddingValue: ArrayLike, paddingConfig: readonly (readonly number[])[]): JaxArray {
  const value = paddingValue instanceof JaxArray ? paddingValue : weakScalarLike(x, paddingValue);
  const config = paddingConfig.map((c) => [...c] as unknown as readonly [number, number, number]);
  return bind1(padP, [x, value], { paddingConfig: config });
}

function weakScalarLike(x: JaxArray, v: number | boolean): JaxArray {
  const fits = typeof v === "boolean" ? isBool(x.dtype) : !isBool(x.dtype) && (isFloat(x.dtype) || Number.isInteger(v));
  if (!fits) {
    throw new DTypeError(
      `pad: padding value ${String(v)} does not fit the dtype of operand ${x.aval.str()}; pass an array of dtype ${x.dtype}`,
    );
  }
  return convertElementType(asArray(v, "pad"), x.dtype, true);
}
