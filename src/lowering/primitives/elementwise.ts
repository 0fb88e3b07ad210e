// Lowerings of the elementwise primitives: unary and binary arithmetic, comparisons, bitwise ops,
// select_n, clamp, convert_element_type and bitcast_convert_type. Each maps onto kernel IR ops,
// whose semantics are the CPU kernels' (see kernel-ir.ts).
import type { RoundParams, IntegerPowParams } from "../../primitives/elementwise/unary.js";
import type { BitcastConvertTypeParams } from "../../primitives/shape/bitcast-convert-type.js";
import {
  binary,
  bitcast,
  constant,
  convert,
  div,
  mul,
  scalarType,
  select,
  unary,
  type BinaryOp,
  type Expr,
  type UnaryOp,
} from "../kernel-ir.js";
import type { Lowering, LoweringInput } from "../lowering.js";
import { elementwiseProgram } from "./elementwise-kernel.js";

const unaryOps: Record<string, UnaryOp> = {
  neg: "neg",
  sign: "sign",
  abs: "abs",
  floor: "floor",
  ceil: "ceil",
  is_finite: "is_finite",
  exp: "exp",
  exp2: "exp2",
  log: "log",
  log1p: "log1p",
  expm1: "expm1",
  tanh: "tanh",
  logistic: "logistic",
  sin: "sin",
  cos: "cos",
  tan: "tan",
  asin: "asin",
  acos: "acos",
  atan: "atan",
  sinh: "sinh",
  cosh: "cosh",
  asinh: "asinh",
  acosh: "acosh",
  atanh: "atanh",
  sqrt: "sqrt",
  rsqrt: "rsqrt",
  cbrt: "cbrt",
  population_count: "popcount",
  clz: "clz",
  not: "not",
  erf: "erf",
  erfc: "erfc",
  erf_inv: "erf_inv",
  lgamma: "lgamma",
  digamma: "digamma",
};

const binaryOps: Record<string, BinaryOp> = {
  add: "add",
  sub: "sub",
  mul: "mul",
  div: "div",
  rem: "rem",
  max: "max",
  min: "min",
  atan2: "atan2",
  nextafter: "nextafter",
  polygamma: "polygamma",
  and: "and",
  or: "or",
  xor: "xor",
  shift_left: "shl",
  shift_right_logical: "shr_logical",
  shift_right_arithmetic: "shr_arith",
  eq: "eq",
  ne: "ne",
  lt: "lt",
  le: "le",
  gt: "gt",
  ge: "ge",
};

/** x^y by repeated squaring, as the CPU kernel (and JAX's lowering) computes it. */
function integerPower(x: Expr, y: number): Expr {
  const one = constant(1, x.type);
  if (y === 0) return one;
  let n = Math.abs(y);
  let base = x;
  let acc: Expr | null = null;
  while (n > 0) {
    if (n % 2 === 1) acc = acc === null ? base : mul(acc, base);
    n = Math.floor(n / 2);
    if (n > 0) base = mul(base, base);
  }
  return y < 0 ? div(one, acc!) : acc!;
}

/**
 * nextafter on float16 values held in f32 registers: one float16 step, as the CPU steps the
 * float16 bit pattern (the f32 op would step by an f32 ulp, which rounds back to x). The step is
 * the float16 spacing at |x| (2^-24 below the normal range), halved when stepping toward zero
 * from a power of two; an infinity steps to the largest finite value, 65504.
 */
function nextafterF16(x: Expr, y: Expr): Expr {
  const u = (n: number) => constant(n, "u32");
  const bits = bitcast(unary("abs", x), "u32");
  const exponent = binary("shr_logical", bits, u(23)); // biased by 127
  const spacingExponent = binary("max", exponent, u(127 - 14)); // float16 subnormals: 2^-14 spacing scale
  const spacing = bitcast(binary("shl", binary("sub", spacingExponent, u(10)), u(23)), "f32");
  const powerOfTwo = binary("and", binary("eq", binary("and", bits, u(0x7fffff)), u(0)), binary("gt", exponent, u(127 - 14)));
  const towardZero = binary("or", binary("gt", unary("abs", x), unary("abs", y)), binary("ne", binary("lt", x, constant(0, "f32")), binary("lt", y, constant(0, "f32"))));
  const step = select(binary("and", towardZero, powerOfTwo), mul(spacing, constant(0.5, "f32")), spacing);
  const magnitude = select(towardZero, binary("sub", unary("abs", x), step), binary("add", unary("abs", x), step));
  const signed = select(binary("lt", x, constant(0, "f32")), unary("neg", magnitude), magnitude);
  const fromZero = select(binary("lt", y, constant(0, "f32")), constant(-(2 ** -24), "f32"), constant(2 ** -24, "f32"));
  const fromInfinity = select(binary("lt", x, constant(0, "f32")), constant(-65504, "f32"), constant(65504, "f32"));
  const isZero = binary("eq", x, constant(0, "f32"));
  const general = select(isZero, fromZero, select(unary("is_finite", x), signed, fromInfinity));
  // Equal values give y; NaN in either gives NaN (the f32 op's own rules for those cases).
  const special = binary("or", binary("or", unary("is_nan", x), unary("is_nan", y)), binary("eq", x, y));
  return select(special, binary("nextafter", x, y), general);
}

/** select_n: which is bool (two cases) or an integer clamped to the case range. */
function selectCases(which: Expr, cases: readonly Expr[]): Expr {
  if (which.type === "bool") return select(which, cases[1] ?? cases[0]!, cases[0]!);
  let result = cases[cases.length - 1]!;
  for (let k = cases.length - 2; k >= 0; k--) {
    result = select(binary("le", which, constant(k, which.type)), cases[k]!, result);
  }
  return result;
}

/**
 * An elementwise primitive as a function of its operands' values at one position: what fusion
 * inlines into a kernel, and what the primitive's own kernel applies at every position.
 */
export type ScalarLowering = (xs: readonly Expr[], input: LoweringInput) => Expr;

export const scalarLowerings: Record<string, ScalarLowering> = {
  ...Object.fromEntries(Object.entries(unaryOps).map(([name, op]) => [name, ([x]: readonly Expr[]) => unary(op, x!)])),
  ...Object.fromEntries(
    Object.entries(binaryOps).map(([name, op]) => [name, ([a, b]: readonly Expr[]) => binary(op, a!, b!)]),
  ),
  nextafter: ([a, b], { inAvals }) => (inAvals[0]!.dtype === "float16" ? nextafterF16(a!, b!) : binary("nextafter", a!, b!)),
  square: ([x]) => mul(x!, x!),
  round: ([x], { params }) => unary((params as RoundParams).roundingMethod === 1 ? "round_even" : "round_away", x!),
  integer_pow: ([x], { params }) => integerPower(x!, (params as IntegerPowParams).y),
  // An integer exponent converts to the base's type first, as the CPU kernel and JAX do.
  pow: ([x, y]) => binary("pow", x!, convert(y!, x!.type)),
  select_n: ([which, ...cases]) => selectCases(which!, cases),
  clamp: ([lo, x, hi]) => binary("min", binary("max", x!, lo!), hi!),
  convert_element_type: ([x], { outAvals }) => convert(x!, scalarType(outAvals[0]!.dtype)),
  bitcast_convert_type: ([x], { params }) => bitcast(x!, scalarType((params as BitcastConvertTypeParams).newDtype)),
};

export const elementwiseLowerings: Record<string, Lowering> = Object.fromEntries(
  Object.entries(scalarLowerings).map(([name, f]) => [
    name,
    (input: LoweringInput) => elementwiseProgram(name, input.inAvals, input.outAvals[0]!, (xs) => f(xs, input)),
  ]),
);
