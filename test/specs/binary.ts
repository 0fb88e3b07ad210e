// Specs of the binary, comparison, bitwise and selection primitives. References are closed forms
// from the C/XLA definitions (fmod as x - y*trunc(x/y), nextafter by ordered-integer stepping),
// or hand-computed values for integer edge cases.
import * as lax from "../../src/lax/index.js";
import type { DType } from "../../src/dtypes.js";
import type { ArgSpec, PrimitiveSpec, RefValue } from "./spec.js";

const S = [2, 3];
const two = [{ shape: S }, { shape: S }];
const b01 = (f: (a: number, b: number) => boolean) => (a: number, b: number) => (f(a, b) ? 1 : 0);
const fixed = (shape: number[], dtype: DType, values: number[]): ArgSpec => ({ shape, dtype, values });
const expect = (shape: number[], data: number[]) => (): RefValue => ({ shape, data });

/** nextafter via the monotone map from float bit patterns to integers (negatives mirrored). */
function nextafterRef32(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === y) return y;
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  const key = u[0]! >= 0x80000000 ? -(u[0]! - 0x80000000) : u[0]!;
  const next = key + (y > x ? 1 : -1);
  u[0] = next >= 0 ? next : 0x80000000 + -next;
  return f[0]!;
}

function nextafterRef64(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (x === y) return y;
  const f = new Float64Array([x]);
  const u = new BigUint64Array(f.buffer);
  const signBit = 1n << 63n;
  const key = u[0]! >= signBit ? -(u[0]! - signBit) : u[0]!;
  const next = key + (y > x ? 1n : -1n);
  u[0] = next >= 0n ? next : signBit - next;
  return f[0]!;
}

/** select_n reference: out-of-range indices clamp to the first/last case. */
function selectRef(which: RefValue, ...cases: RefValue[]): RefValue {
  const n = cases[0]!.data.length;
  const data = Array.from({ length: n }, (_, i) => {
    const w = which.data.length === 1 ? which.data[0]! : which.data[i]!;
    return cases[Math.min(Math.max(w, 0), cases.length - 1)]!.data[i]!;
  });
  return { shape: cases[0]!.shape, data };
}

function clampRef(lo: RefValue, x: RefValue, hi: RefValue): RefValue {
  const at = (v: RefValue, i: number) => (v.data.length === 1 ? v.data[0]! : v.data[i]!);
  return { shape: x.shape, data: x.data.map((v, i) => Math.min(Math.max(v, at(lo, i)), at(hi, i))) };
}

const arithmetic: PrimitiveSpec[] = [
  { name: "add", prim: "add", fn: lax.add, args: two, elementwise: (a, b) => a + b, linear: true },
  { name: "sub", prim: "sub", fn: lax.sub, args: two, elementwise: (a, b) => a - b, linear: true },
  { name: "mul", prim: "mul", fn: lax.mul, args: two, elementwise: (a, b) => a * b },
  {
    name: "div",
    prim: "div",
    fn: lax.div,
    args: [{ shape: S }, { shape: S, domain: [0.5, 2] }],
    elementwise: (a, b) => a / b,
  },
  {
    name: "mul int32 wraps",
    prim: "mul",
    fn: lax.mul,
    args: [fixed([2], "int32", [65536, -7]), fixed([2], "int32", [65536, 3])],
    reference: expect([2], [0, -21]),
    nondiff: true,
  },
  {
    name: "div int32 rounds toward zero, x/0 = -1, INT_MIN/-1 wraps",
    prim: "div",
    fn: lax.div,
    args: [fixed([6], "int32", [7, -7, 7, -7, 5, -2147483648]), fixed([6], "int32", [2, 2, -2, -2, 0, -1])],
    reference: expect([6], [3, -3, -3, 3, -1, -2147483648]),
    nondiff: true,
  },
  {
    name: "div uint32 x/0 = 0xFFFFFFFF",
    prim: "div",
    fn: lax.div,
    args: [fixed([3], "uint32", [4294967295, 7, 9]), fixed([3], "uint32", [2, 0, 3])],
    reference: expect([3], [2147483647, 4294967295, 3]),
    nondiff: true,
  },
  // Quotients stay inside (2, 3) and (-3, -2), away from the jumps of trunc(x / y).
  {
    name: "rem quotient in (2, 3)",
    prim: "rem",
    fn: lax.rem,
    args: [
      { shape: S, domain: [2.2, 2.8] },
      { shape: S, domain: [1, 1.05] },
    ],
    elementwise: (a, b) => a - b * Math.trunc(a / b),
  },
  {
    name: "rem negative dividend",
    prim: "rem",
    fn: lax.rem,
    args: [
      { shape: S, domain: [-2.8, -2.2] },
      { shape: S, domain: [1, 1.05] },
    ],
    elementwise: (a, b) => a - b * Math.trunc(a / b),
  },
  {
    name: "rem int32: sign of dividend, x rem 0 = x, INT_MIN rem -1 = 0",
    prim: "rem",
    fn: lax.rem,
    args: [fixed([6], "int32", [7, -7, 7, -7, 5, -2147483648]), fixed([6], "int32", [3, 3, -3, -3, 0, -1])],
    reference: expect([6], [1, -1, 1, -1, 5, 0]),
    nondiff: true,
  },
  {
    name: "pow",
    prim: "pow",
    fn: lax.pow,
    args: [
      { shape: S, domain: [0.5, 2] },
      { shape: S, domain: [-2, 2] },
    ],
    elementwise: Math.pow,
  },
  {
    name: "pow int32 exponent",
    prim: "pow",
    fn: lax.pow,
    // Negative bases: an integer exponent keeps them in the domain.
    args: [
      { shape: S, domain: [-2, -0.5] },
      { shape: S, dtype: "int32", domain: [-3, 3] },
    ],
    elementwise: (a, n) => a ** n,
  },
  { name: "max", prim: "max", fn: lax.max, args: two, elementwise: Math.max },
  { name: "min", prim: "min", fn: lax.min, args: two, elementwise: Math.min },
  {
    name: "max int32 and uint32",
    prim: "max",
    fn: (a, b) => [lax.max(a, b), lax.max(lax.convertElementType(a, "uint32"), lax.convertElementType(b, "uint32"))],
    args: [fixed([3], "int32", [-1, 5, -7]), fixed([3], "int32", [2, 5, -8])],
    reference: () => [
      { shape: [3], data: [2, 5, -7] },
      { shape: [3], data: [4294967295, 5, 4294967289] },
    ],
    nondiff: true,
  },
  // atan2(x, y) is the angle of (y, x); x > 0 keeps the inputs off the branch cut at x = 0, y < 0.
  {
    name: "atan2",
    prim: "atan2",
    fn: lax.atan2,
    args: [
      { shape: S, domain: [0.5, 2] },
      { shape: S, domain: [-2, 2] },
    ],
    elementwise: (x, y) => 2 * Math.atan(x / (Math.hypot(x, y) + y)),
  },
  {
    name: "nextafter float32",
    prim: "nextafter",
    fn: lax.nextafter,
    args: [
      fixed([6], "float32", [1, 1, 0, 0, -1.5, 3.4028234663852886e38]),
      fixed([6], "float32", [2, 0, 1, -1, -1.5, Infinity]),
    ],
    reference: (x, y) => ({ shape: [6], data: x.data.map((v, i) => nextafterRef32(v, y.data[i]!)) }),
    atol: 0,
    rtol: 0,
    nondiff: true,
  },
  {
    name: "nextafter float32 random",
    prim: "nextafter",
    fn: lax.nextafter,
    args: two,
    reference: (x, y) => ({ shape: S, data: x.data.map((v, i) => nextafterRef32(v, y.data[i]!)) }),
    atol: 0,
    rtol: 0,
    nondiff: true,
  },
  {
    name: "nextafter float64",
    prim: "nextafter",
    fn: lax.nextafter,
    args: [
      { shape: S, dtype: "float64" },
      { shape: S, dtype: "float64" },
    ],
    reference: (x, y) => ({ shape: S, data: x.data.map((v, i) => nextafterRef64(v, y.data[i]!)) }),
    atol: 0,
    rtol: 0,
    nondiff: true,
  },
];

const comparisons: PrimitiveSpec[] = (
  [
    ["eq", lax.eq, (a: number, b: number) => a === b],
    ["ne", lax.ne, (a: number, b: number) => a !== b],
    ["lt", lax.lt, (a: number, b: number) => a < b],
    ["le", lax.le, (a: number, b: number) => a <= b],
    ["gt", lax.gt, (a: number, b: number) => a > b],
    ["ge", lax.ge, (a: number, b: number) => a >= b],
  ] as const
).flatMap(([name, fn, test]): PrimitiveSpec[] => [
  // Integer-valued floats make ties common.
  {
    name,
    prim: name,
    fn,
    args: [
      { shape: [4, 3], values: [0, 1, 2, -1, 0, 3, 2, 2, -1, 1, 0, 5] },
      { shape: [4, 3], values: [0, 2, 1, -1, 1, 3, -2, 2, 0, 1, -0, 4] },
    ],
    elementwise: b01(test),
    nondiff: true,
  },
  {
    name: `${name} int32`,
    prim: name,
    fn,
    args: [
      { shape: S, dtype: "int32" },
      { shape: S, dtype: "int32" },
    ],
    elementwise: b01(test),
    nondiff: true,
  },
  {
    name: `${name} bool`,
    prim: name,
    fn,
    args: [fixed([4], "bool", [0, 0, 1, 1]), fixed([4], "bool", [0, 1, 0, 1])],
    elementwise: b01(test),
    nondiff: true,
  },
]);

const bitwise: PrimitiveSpec[] = [
  {
    name: "and / or / xor int32",
    prim: "and",
    fn: (a, b) => [lax.bitwiseAnd(a, b), lax.bitwiseOr(a, b), lax.bitwiseXor(a, b)],
    args: [fixed([3], "int32", [12, -1, -2147483648]), fixed([3], "int32", [10, 5, -1])],
    reference: () => [
      { shape: [3], data: [8, 5, -2147483648] },
      { shape: [3], data: [14, -1, -1] },
      { shape: [3], data: [6, -6, 2147483647] },
    ],
    nondiff: true,
  },
  {
    name: "or uint32",
    prim: "or",
    fn: lax.bitwiseOr,
    args: [fixed([2], "uint32", [0x80000000, 1]), fixed([2], "uint32", [1, 2])],
    reference: expect([2], [2147483649, 3]),
    nondiff: true,
  },
  {
    name: "xor bool",
    prim: "xor",
    fn: lax.bitwiseXor,
    args: [fixed([4], "bool", [0, 0, 1, 1]), fixed([4], "bool", [0, 1, 0, 1])],
    reference: expect([4], [0, 1, 1, 0]),
    nondiff: true,
  },
  {
    name: "not bool, int32, uint32",
    prim: "not",
    fn: (p, i, u) => [lax.bitwiseNot(p), lax.bitwiseNot(i), lax.bitwiseNot(u)],
    args: [fixed([2], "bool", [0, 1]), fixed([2], "int32", [0, -6]), fixed([2], "uint32", [0, 5])],
    reference: () => [
      { shape: [2], data: [1, 0] },
      { shape: [2], data: [-1, 5] },
      { shape: [2], data: [4294967295, 4294967290] },
    ],
    nondiff: true,
  },
  {
    name: "shift_left int32 (amounts >= 32 or negative give 0)",
    prim: "shift_left",
    fn: lax.shiftLeft,
    args: [fixed([5], "int32", [1, 3, 1, 5, -1]), fixed([5], "int32", [31, 2, 32, -1, 4])],
    reference: expect([5], [-2147483648, 12, 0, 0, -16]),
    nondiff: true,
  },
  {
    name: "shift_right_logical int32 and uint32",
    prim: "shift_right_logical",
    fn: (a, s, u, t) => [lax.shiftRightLogical(a, s), lax.shiftRightLogical(u, t)],
    args: [
      fixed([3], "int32", [-1, -8, 64]),
      fixed([3], "int32", [28, 40, 3]),
      fixed([2], "uint32", [0xffffffff, 16]),
      fixed([2], "uint32", [31, 32]),
    ],
    reference: () => [
      { shape: [3], data: [15, 0, 8] },
      { shape: [2], data: [1, 0] },
    ],
    nondiff: true,
  },
  {
    name: "shift_right_arithmetic int32 and uint32 (sign fill past 31)",
    prim: "shift_right_arithmetic",
    fn: (a, s, u, t) => [lax.shiftRightArithmetic(a, s), lax.shiftRightArithmetic(u, t)],
    args: [
      fixed([4], "int32", [-8, -8, 8, -1]),
      fixed([4], "int32", [1, 40, 40, -3]),
      fixed([3], "uint32", [0x80000000, 0x80000000, 16]),
      fixed([3], "uint32", [1, 33, 2]),
    ],
    reference: () => [
      { shape: [4], data: [-4, -1, 0, -1] },
      { shape: [3], data: [0xc0000000, 0xffffffff, 4] },
    ],
    nondiff: true,
  },
];

const selection: PrimitiveSpec[] = [
  {
    name: "select_n bool which",
    prim: "select_n",
    fn: lax.selectN,
    args: [{ shape: S, dtype: "bool" }, { shape: S }, { shape: S }],
    reference: selectRef,
    linear: true,
  },
  {
    name: "select_n int32 which, 3 cases",
    prim: "select_n",
    fn: lax.selectN,
    args: [{ shape: S, dtype: "int32", domain: [0, 2] }, { shape: S }, { shape: S }, { shape: S }],
    reference: selectRef,
    linear: true,
  },
  {
    name: "select_n scalar which",
    prim: "select_n",
    fn: lax.selectN,
    args: [{ shape: [], dtype: "int32", domain: [0, 1] }, { shape: S }, { shape: S }],
    reference: selectRef,
    linear: true,
  },
  {
    name: "select_n out-of-range which clamps",
    prim: "select_n",
    fn: lax.selectN,
    args: [fixed([4], "int32", [-1, 0, 1, 5]), { shape: [4] }, { shape: [4] }],
    reference: selectRef,
    linear: true,
  },
  {
    name: "select_n int32 cases",
    prim: "select_n",
    fn: lax.selectN,
    args: [
      { shape: S, dtype: "bool" },
      { shape: S, dtype: "int32" },
      { shape: S, dtype: "int32" },
    ],
    reference: selectRef,
    nondiff: true,
  },
  {
    name: "select (pred, onTrue, onFalse)",
    prim: "select_n",
    fn: lax.select,
    args: [{ shape: S, dtype: "bool" }, { shape: S }, { shape: S }],
    reference: (p, t, f) => selectRef(p, f, t),
    linear: true,
  },
  {
    name: "clamp scalar bounds",
    prim: "clamp",
    fn: lax.clamp,
    args: [fixed([], "float32", [-0.5]), { shape: S }, fixed([], "float32", [0.75])],
    reference: clampRef,
  },
  {
    name: "clamp array bounds",
    prim: "clamp",
    fn: lax.clamp,
    args: [{ shape: S, domain: [-1.5, -0.5] }, { shape: S }, { shape: S, domain: [0.5, 1.5] }],
    reference: clampRef,
  },
  {
    name: "clamp mixed bounds",
    prim: "clamp",
    fn: lax.clamp,
    args: [{ shape: [], domain: [-1.5, -0.5] }, { shape: S }, { shape: S, domain: [0.5, 1.5] }],
    reference: clampRef,
  },
  {
    name: "clamp int32",
    prim: "clamp",
    fn: lax.clamp,
    args: [fixed([], "int32", [-1]), { shape: S, dtype: "int32", domain: [-3, 3] }, fixed([], "int32", [2])],
    reference: clampRef,
    nondiff: true,
  },
];

export const binarySpecs: PrimitiveSpec[] = [...arithmetic, ...comparisons, ...bitwise, ...selection];
