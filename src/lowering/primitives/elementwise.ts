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
import type { Lowering } from "../lowering.js";
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

function unaryLowering(name: string, op: UnaryOp): Lowering {
  return ({ inAvals, outAvals }) => elementwiseProgram(name, inAvals, outAvals[0]!, ([x]) => unary(op, x!));
}

function binaryLowering(name: string, op: BinaryOp): Lowering {
  return ({ inAvals, outAvals }) => elementwiseProgram(name, inAvals, outAvals[0]!, ([a, b]) => binary(op, a!, b!));
}

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

/** select_n: which is bool (two cases) or an integer clamped to the case range. */
function selectCases(which: Expr, cases: readonly Expr[]): Expr {
  if (which.type === "bool") return select(which, cases[1] ?? cases[0]!, cases[0]!);
  let result = cases[cases.length - 1]!;
  for (let k = cases.length - 2; k >= 0; k--) {
    result = select(binary("le", which, constant(k, which.type)), cases[k]!, result);
  }
  return result;
}

export const elementwiseLowerings: Record<string, Lowering> = {
  ...Object.fromEntries(Object.entries(unaryOps).map(([name, op]) => [name, unaryLowering(name, op)])),
  ...Object.fromEntries(Object.entries(binaryOps).map(([name, op]) => [name, binaryLowering(name, op)])),
  square: ({ inAvals, outAvals }) => elementwiseProgram("square", inAvals, outAvals[0]!, ([x]) => mul(x!, x!)),
  round: ({ inAvals, outAvals, params }) =>
    elementwiseProgram("round", inAvals, outAvals[0]!, ([x]) =>
      unary((params as RoundParams).roundingMethod === 1 ? "round_even" : "round_away", x!),
    ),
  integer_pow: ({ inAvals, outAvals, params }) =>
    elementwiseProgram("integer_pow", inAvals, outAvals[0]!, ([x]) => integerPower(x!, (params as IntegerPowParams).y)),
  // An integer exponent converts to the base's type first, as the CPU kernel and JAX do.
  pow: ({ inAvals, outAvals }) =>
    elementwiseProgram("pow", inAvals, outAvals[0]!, ([x, y]) => binary("pow", x!, convert(y!, x!.type))),
  select_n: ({ inAvals, outAvals }) =>
    elementwiseProgram("select_n", inAvals, outAvals[0]!, ([which, ...cases]) => selectCases(which!, cases)),
  clamp: ({ inAvals, outAvals }) =>
    elementwiseProgram("clamp", inAvals, outAvals[0]!, ([lo, x, hi]) => binary("min", binary("max", x!, lo!), hi!)),
  convert_element_type: ({ inAvals, outAvals }) =>
    elementwiseProgram("convert_element_type", inAvals, outAvals[0]!, ([x]) =>
      convert(x!, scalarType(outAvals[0]!.dtype)),
    ),
  bitcast_convert_type: ({ inAvals, outAvals, params }) =>
    elementwiseProgram("bitcast_convert_type", inAvals, outAvals[0]!, ([x]) =>
      bitcast(x!, scalarType((params as BitcastConvertTypeParams).newDtype)),
    ),
};
