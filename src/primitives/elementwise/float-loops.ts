// Whole-array loops for the most used elementwise kernels on float operands. The generic path
// calls the scalar kernel once per element through a call site shared by every primitive, which
// V8 cannot inline; here each operation has a loop of its own that it can compile tightly.
// Each loop computes exactly what its scalar kernel does (in float64, rounded by the store).
import { roundToFloat16, type AnyTypedArray } from "../../dtypes.js";
import { logisticKernel } from "./unary-kernels.js";

export type FloatArray = Float32Array | Float64Array;
export type UnaryLoop = (x: FloatArray, out: FloatArray) => void;
export type BinaryLoop = (a: FloatArray, b: FloatArray, out: FloatArray) => void;
export type CompareLoop = (a: FloatArray, b: FloatArray, out: Uint8Array) => void;

/** float16 values live in Float32Arrays: results are rounded to float16 after the loop. */
export function roundFloat16InPlace(out: AnyTypedArray): void {
  for (let i = 0; i < out.length; i++) out[i] = roundToFloat16(out[i]!);
}

export function isFloatArray(x: unknown): x is FloatArray {
  return x instanceof Float32Array || x instanceof Float64Array;
}

/** Keyed by the scalar kernel itself, so a loop is only used where the kernel is that very function. */
const MATH_LOOPS = new Map<unknown, UnaryLoop>([
  [
    Math.exp,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.exp(x[i]!);
    },
  ],
  [
    Math.log,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.log(x[i]!);
    },
  ],
  [
    Math.log1p,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.log1p(x[i]!);
    },
  ],
  [
    Math.expm1,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.expm1(x[i]!);
    },
  ],
  [
    Math.tanh,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]!);
    },
  ],
  [
    Math.sin,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.sin(x[i]!);
    },
  ],
  [
    Math.cos,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.cos(x[i]!);
    },
  ],
  [
    Math.tan,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.tan(x[i]!);
    },
  ],
  [
    Math.sqrt,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.sqrt(x[i]!);
    },
  ],
  [
    Math.abs,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.abs(x[i]!);
    },
  ],
  [
    Math.sign,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.sign(x[i]!);
    },
  ],
  [
    Math.floor,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.floor(x[i]!);
    },
  ],
  [
    Math.ceil,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.ceil(x[i]!);
    },
  ],
  [
    logisticKernel,
    (x, out) => {
      for (let i = 0; i < x.length; i++) out[i] = logisticKernel(x[i]!);
    },
  ],
]);

/**
 * Loops for primitives whose float kernels are lambdas (unary.ts), by primitive name; each
 * repeats its kernel: neg is `-x`, square is `x * x`.
 */
const NAMED_UNARY_LOOPS: Record<string, UnaryLoop> = {
  neg: (x, out) => {
    for (let i = 0; i < x.length; i++) out[i] = -x[i]!;
  },
  square: (x, out) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      out[i] = v * v;
    }
  },
};

/** The loop for a unary primitive's float kernel `f`, if there is one. */
export function unaryFloatLoop(name: string, f: unknown): UnaryLoop | undefined {
  return MATH_LOOPS.get(f) ?? NAMED_UNARY_LOOPS[name];
}

/**
 * Loops for binary primitives on float operands, by primitive name; each repeats the float
 * kernel of binary.ts (add `a + b`, sub `a - b`, mul `a * b`, div `a / b`, max/min Math.max/min).
 */
const BINARY_LOOPS: Record<string, BinaryLoop> = {
  add: (a, b, out) => {
    for (let i = 0; i < a.length; i++) out[i] = a[i]! + b[i]!;
  },
  sub: (a, b, out) => {
    for (let i = 0; i < a.length; i++) out[i] = a[i]! - b[i]!;
  },
  mul: (a, b, out) => {
    for (let i = 0; i < a.length; i++) out[i] = a[i]! * b[i]!;
  },
  div: (a, b, out) => {
    for (let i = 0; i < a.length; i++) out[i] = a[i]! / b[i]!;
  },
  max: (a, b, out) => {
    for (let i = 0; i < a.length; i++) out[i] = Math.max(a[i]!, b[i]!);
  },
  min: (a, b, out) => {
    for (let i = 0; i < a.length; i++) out[i] = Math.min(a[i]!, b[i]!);
  },
};

/**
 * The comparisons of compare.ts on float operands (IEEE: NaN compares false except under ne).
 * `+(a < b)` compiles without a branch, which random data would mispredict half the time.
 */
const COMPARE_LOOPS: Record<string, CompareLoop> = {
  eq: (a, b, out) => {
    for (let i = 0; i < a.length; i++) out[i] = +(a[i] === b[i]);
  },
  ne: (a, b, out) => {
    for (let i = 0; i < a.length; i++) out[i] = +(a[i] !== b[i]);
  },
  lt: (a, b, out) => {
    for (let i = 0; i < a.length; i++) out[i] = +(a[i]! < b[i]!);
  },
  le: (a, b, out) => {
    for (let i = 0; i < a.length; i++) out[i] = +(a[i]! <= b[i]!);
  },
  gt: (a, b, out) => {
    for (let i = 0; i < a.length; i++) out[i] = +(a[i]! > b[i]!);
  },
  ge: (a, b, out) => {
    for (let i = 0; i < a.length; i++) out[i] = +(a[i]! >= b[i]!);
  },
};

export function binaryFloatLoop(name: string): BinaryLoop | undefined {
  return BINARY_LOOPS[name];
}

export function compareFloatLoop(name: string): CompareLoop | undefined {
  return COMPARE_LOOPS[name];
}
