// WGSL text of each kernel IR op, per register type. Ops whose WGSL builtin differs from the CPU
// kernel (NaN handling, integer division by zero, shift amounts, conversions, accuracy) render to
// helper functions of the lib-*.ts files; `need` collects the helpers a kernel calls.
import type { BinaryOp, Expr, ScalarType, StorageType, UnaryOp } from "../kernel-ir.js";

export type Need = (helper: string) => void;

function call(need: Need, helper: string, ...args: string[]): string {
  need(helper);
  return `${helper}(${args.join(", ")})`;
}

function unsupported(op: string, type: ScalarType): never {
  throw new Error(`WGSL renderer: ${op} on ${type} (internal error: the lowering should not produce it)`);
}

const F32_HELPER_OPS: ReadonlySet<UnaryOp> = new Set([
  "sqrt",
  "rsqrt",
  "cbrt",
  "exp",
  "exp2",
  "log",
  "log1p",
  "expm1",
  "tanh",
  "logistic",
  "sin",
  "cos",
  "tan",
  "asin",
  "acos",
  "atan",
  "sinh",
  "cosh",
  "asinh",
  "acosh",
  "atanh",
  "erf",
  "erfc",
  "erf_inv",
  "lgamma",
  "digamma",
  "round_away",
  "is_finite",
  "is_nan",
  "round_f16",
]);

export function unaryText(op: UnaryOp, type: ScalarType, x: string, need: Need): string {
  if (F32_HELPER_OPS.has(op)) {
    if (type !== "f32") unsupported(op, type);
    return call(need, `jx_${op}`, x);
  }
  switch (op) {
    case "neg":
      if (type === "f32") return `(-${x})`;
      if (type === "i32") return `bitcast<i32>(0u - bitcast<u32>(${x}))`;
      if (type === "u32") return `(0u - ${x})`;
      return unsupported(op, type);
    case "abs":
      if (type === "f32") return call(need, "jx_abs_f32", x);
      if (type === "i32") return `abs(${x})`;
      if (type === "u32") return x;
      return unsupported(op, type);
    case "sign":
      if (type === "f32") return call(need, "jx_sign_f32", x);
      if (type === "i32") return `sign(${x})`;
      if (type === "u32") return `select(0u, 1u, ${x} > 0u)`;
      return unsupported(op, type);
    case "floor":
    case "ceil":
    case "trunc":
      return type === "f32" ? `${op}(${x})` : unsupported(op, type);
    case "round_even":
      // WGSL's round() rounds halfway cases to even.
      return type === "f32" ? `round(${x})` : unsupported(op, type);
    case "popcount":
      return type === "i32" || type === "u32" ? `countOneBits(${x})` : unsupported(op, type);
    case "clz":
      return type === "i32" || type === "u32" ? `countLeadingZeros(${x})` : unsupported(op, type);
    case "not":
      if (type === "bool") return `(!${x})`;
      if (type === "i32" || type === "u32") return `(~${x})`;
      return unsupported(op, type);
    default:
      return unsupported(op, type);
  }
}

const ARITHMETIC: Partial<Record<BinaryOp, string>> = { add: "+", sub: "-", mul: "*" };
const BITWISE: Partial<Record<BinaryOp, string>> = { and: "&", or: "|", xor: "^" };
const COMPARE: Partial<Record<BinaryOp, string>> = { eq: "==", ne: "!=", lt: "<", le: "<=", gt: ">", ge: ">=" };

/** A constant divisor that is neither 0 nor -1 needs none of XLA's special cases. */
function plainDivisor(b: Expr): boolean {
  return b.kind === "const" && b.value !== 0 && !(b.type === "i32" && b.value === -1);
}

function boolComparison(op: BinaryOp, a: string, b: string): string {
  switch (op) {
    case "eq":
      return `(${a} == ${b})`;
    case "ne":
      return `(${a} != ${b})`;
    case "lt":
      return `(!${a} && ${b})`;
    case "le":
      return `(!${a} || ${b})`;
    case "gt":
      return `(${a} && !${b})`;
    default:
      return `(${a} || !${b})`;
  }
}

export function binaryText(op: BinaryOp, type: ScalarType, a: string, b: string, bExpr: Expr, need: Need): string {
  if (type === "vec4f") return ARITHMETIC[op] !== undefined ? `(${a} ${ARITHMETIC[op]} ${b})` : unsupported(op, type);
  const isInt = type === "i32" || type === "u32";
  const arith = ARITHMETIC[op];
  if (arith !== undefined) return type === "bool" ? unsupported(op, type) : `(${a} ${arith} ${b})`;
  const bitwise = BITWISE[op];
  if (bitwise !== undefined) {
    if (isInt) return `(${a} ${bitwise} ${b})`;
    if (type === "bool") return op === "xor" ? `(${a} != ${b})` : `(${a} ${bitwise} ${b})`;
    return unsupported(op, type);
  }
  const compare = COMPARE[op];
  if (compare !== undefined) {
    if (type === "f32") return call(need, `jx_${op}_f32`, a, b);
    if (type === "bool") return boolComparison(op, a, b);
    return `(${a} ${compare} ${b})`;
  }
  switch (op) {
    case "div":
      if (type === "f32" || (isInt && plainDivisor(bExpr))) return `(${a} / ${b})`;
      return isInt ? call(need, `jx_div_${type}`, a, b) : unsupported(op, type);
    case "rem":
      if (type === "f32") return call(need, "jx_fmod", a, b);
      if (isInt && plainDivisor(bExpr)) return `(${a} % ${b})`;
      return isInt ? call(need, `jx_rem_${type}`, a, b) : unsupported(op, type);
    case "max":
    case "min":
      if (type === "f32") return call(need, `jx_${op}_f32`, a, b);
      if (isInt) return `${op}(${a}, ${b})`;
      return op === "max" ? `(${a} || ${b})` : `(${a} && ${b})`;
    case "pow":
    case "atan2":
    case "nextafter":
    case "polygamma":
      return type === "f32" ? call(need, `jx_${op}`, a, b) : unsupported(op, type);
    case "shl":
    case "shr_logical":
    case "shr_arith":
      if (!isInt) return unsupported(op, type);
      if (bExpr.kind === "const" && bExpr.value >>> 0 < 32) return constantShift(op, type, a, bExpr.value >>> 0);
      return call(need, `jx_${op}_${type}`, a, b);
    default:
      return unsupported(op, type);
  }
}

/** A shift by a constant below 32 needs none of the out-of-range cases. */
function constantShift(op: "shl" | "shr_logical" | "shr_arith", type: "i32" | "u32", a: string, n: number): string {
  if (op === "shl") return `(${a} << ${n}u)`;
  if (op === "shr_logical") return type === "u32" ? `(${a} >> ${n}u)` : `bitcast<i32>(bitcast<u32>(${a}) >> ${n}u)`;
  return type === "i32" ? `(${a} >> ${n}u)` : `bitcast<u32>(bitcast<i32>(${a}) >> ${n}u)`;
}

export function convertText(from: ScalarType, to: ScalarType, x: string, need: Need): string {
  if (from === to) return x;
  if (from === "vec4f" || to === "vec4f") return unsupported(`convert to ${to}`, from);
  if (from === "bool") {
    const [zero, one] = to === "f32" ? ["0.0f", "1.0f"] : to === "i32" ? ["0i", "1i"] : ["0u", "1u"];
    return `select(${zero}, ${one}, ${x})`;
  }
  if (to === "bool") {
    if (from === "f32") return `(${x} != 0.0f && !${call(need, "jx_is_nan", x)})`;
    return `(${x} != ${from === "i32" ? "0i" : "0u"})`;
  }
  if (from === "f32") {
    const bits = call(need, "jx_f32_to_bits", x);
    return to === "u32" ? bits : `bitcast<i32>(${bits})`;
  }
  if (to === "f32") return call(need, from === "i32" ? "jx_i32_to_f32" : "jx_u32_to_f32", x);
  // Between int32 and uint32 the bits stay (castScalar wraps).
  return `bitcast<${to}>(${x})`;
}

export function wgslType(t: ScalarType): string {
  return t === "vec4f" ? "vec4<f32>" : t;
}

export function storageElement(s: StorageType): string {
  return s === "bool" ? "u32" : s === "vec4f" ? "vec4<f32>" : s;
}

export function loadText(s: StorageType, access: string): string {
  if (s === "bool") return `(${access} != 0u)`;
  if (s === "f16") return `f32(${access})`;
  return access;
}

export function storeValueText(s: StorageType, value: string, need: Need): string {
  if (s === "bool") return `select(0u, 1u, ${value})`;
  if (s === "f16") return `f16(${call(need, "jx_round_f16", value)})`;
  return value;
}

export function constText(value: number, type: ScalarType, need: Need): string {
  switch (type) {
    case "bool":
      return value ? "true" : "false";
    case "u32":
      return `${value >>> 0}u`;
    case "i32": {
      const v = value | 0;
      if (v === -2147483648) return "bitcast<i32>(0x80000000u)";
      return v < 0 ? `(${v}i)` : `${v}i`;
    }
    case "f32":
      return f32Text(Math.fround(value), need);
    case "vec4f":
      return `vec4<f32>(${f32Text(Math.fround(value), need)})`;
  }
}

function f32Text(v: number, need: Need): string {
  if (Number.isNaN(v)) return call(need, "jx_nan");
  if (v === Infinity) return call(need, "jx_inf");
  if (v === -Infinity) return `(-${call(need, "jx_inf")})`;
  if (Object.is(v, -0)) return "bitcast<f32>(0x80000000u)";
  let text: string;
  if (Number.isInteger(v) && Math.abs(v) < 2 ** 24) text = `${Math.abs(v)}.0f`;
  else {
    text = `${Math.abs(v).toPrecision(9)}f`;
    if (Math.fround(Number(text.slice(0, -1))) !== Math.abs(v)) text = `${Math.abs(v).toPrecision(17)}f`;
  }
  return v < 0 ? `(-${text})` : text;
}
