// The kernel IR: a small closed set of scalar ALU ops over index expressions, which primitive
// lowerings produce and renderers (WGSL today) turn into source text. Each op means what the
// CPU reference kernel computes (JAX's semantics: integer division by zero, NaN-propagating max,
// wrapping float-to-int conversion, ...), so a renderer is correct when it implements the op,
// whatever its target language leaves undefined.
import type { DType } from "../dtypes.js";

/**
 * Types of values in registers. bool is a true boolean; float16 computes in f32. vec4f holds four
 * f32 lanes, for kernels that move and multiply-add four neighbouring elements at once (matmul):
 * it supports only add, sub, mul, select, splat and lane, and loads and stores through vec4f
 * buffers.
 */
export type ScalarType = "f32" | "i32" | "u32" | "bool" | "vec4f";

/**
 * Types of buffer elements: bool is stored as a u32 0/1, f16 loads widen to f32 and stores round.
 * vec4f views an f32 buffer as groups of four (indices count groups); the buffer's length must be
 * a multiple of four elements.
 */
export type StorageType = "f32" | "f16" | "i32" | "u32" | "bool" | "vec4f";

export const UNARY_OPS = [
  "neg",
  "abs",
  "sign",
  "floor",
  "ceil",
  "trunc",
  "round_away",
  "round_even",
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
  "is_finite",
  "is_nan",
  "popcount",
  "clz",
  "not",
  /** Rounds an f32 to the nearest float16 value (kept in f32): float16 arithmetic that does not store at once. */
  "round_f16",
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

export const BINARY_OPS = [
  "add",
  "sub",
  "mul",
  "div",
  "rem",
  "pow",
  "max",
  "min",
  "atan2",
  "nextafter",
  /** polygamma(m, x), m a natural number held as a float. */
  "polygamma",
  "and",
  "or",
  "xor",
  "shl",
  "shr_logical",
  "shr_arith",
  "eq",
  "ne",
  "lt",
  "le",
  "gt",
  "ge",
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

const COMPARISONS: ReadonlySet<BinaryOp> = new Set(["eq", "ne", "lt", "le", "gt", "ge"]);
/** Unary ops whose result is bool whatever the operand type. */
const PREDICATES: ReadonlySet<UnaryOp> = new Set(["is_finite", "is_nan"]);

export type Expr =
  | { readonly kind: "const"; readonly type: ScalarType; readonly value: number }
  /** The invocation's index in [0, Kernel.invocations): u32. */
  | { readonly kind: "invocation"; readonly type: "u32" }
  /** A `let`, `var` or loop index by name. */
  | { readonly kind: "ref"; readonly type: ScalarType; readonly name: string }
  | { readonly kind: "load"; readonly type: ScalarType; readonly input: number; readonly index: Expr }
  | { readonly kind: "unary"; readonly type: ScalarType; readonly op: UnaryOp; readonly x: Expr }
  | { readonly kind: "binary"; readonly type: ScalarType; readonly op: BinaryOp; readonly a: Expr; readonly b: Expr }
  | {
      readonly kind: "select";
      readonly type: ScalarType;
      readonly cond: Expr;
      readonly onTrue: Expr;
      readonly onFalse: Expr;
    }
  /** Value conversion with convert_element_type's semantics (castScalar in src/dtypes.ts). */
  | { readonly kind: "convert"; readonly type: ScalarType; readonly x: Expr }
  /** Reinterprets the 32 bits (f32/i32/u32 only). */
  | { readonly kind: "bitcast"; readonly type: ScalarType; readonly x: Expr }
  /** Four copies of an f32. */
  | { readonly kind: "splat"; readonly type: "vec4f"; readonly x: Expr }
  /** Lane 0-3 of a vec4f. */
  | { readonly kind: "lane"; readonly type: "f32"; readonly x: Expr; readonly lane: number };

export type Stmt =
  | { readonly kind: "let"; readonly name: string; readonly value: Expr }
  | { readonly kind: "var"; readonly name: string; readonly value: Expr }
  | { readonly kind: "assign"; readonly name: string; readonly value: Expr }
  /** `for (index = 0; index < count; index++)`; the index is a u32 ref. */
  | { readonly kind: "loop"; readonly index: string; readonly count: Expr; readonly body: readonly Stmt[] }
  | { readonly kind: "if"; readonly cond: Expr; readonly then: readonly Stmt[]; readonly otherwise: readonly Stmt[] }
  | { readonly kind: "store"; readonly output: number; readonly index: Expr; readonly value: Expr };

/**
 * One compute kernel: `invocations` independent runs of `body`, each with its own invocation
 * index. Inputs and outputs are buffers of the given storage types; outputs are written only
 * through `store`.
 */
export interface Kernel {
  /** For labels and error messages: usually the primitive's name. */
  readonly label: string;
  readonly inputs: readonly StorageType[];
  readonly outputs: readonly StorageType[];
  readonly invocations: number;
  readonly body: readonly Stmt[];
  /**
   * The body is valid for any count of invocations up to the length of output 0 (elementwise
   * kernels): renderers may bound by that length instead of `invocations`, so that one compiled
   * kernel serves every size.
   */
  readonly sizeFree?: boolean;
}

/** A buffer a step of a multi-kernel program binds: the program's inputs, outputs or temporaries. */
export interface BufferRef {
  readonly kind: "input" | "output" | "temp";
  readonly index: number;
}

/** A scratch buffer of a multi-kernel program, live for the program's run only. */
export interface TempBuffer {
  readonly type: StorageType;
  /** Elements (of `type`; vec4f counts groups of four). */
  readonly length: number;
}

/** One launch of a multi-kernel program: the kernel's inputs, then its outputs, bound to `buffers`. */
export interface ProgramStep {
  readonly kernel: Kernel;
  readonly buffers: readonly BufferRef[];
}

/**
 * What a lowering produces: a kernel; a plain byte copy of input 0 into output 0 (reshape); or
 * several kernels run in order over the program's inputs, outputs and temporaries (a tree
 * reduction's passes, a concatenate of more operands than one kernel may bind). Steps may write
 * parts of an output each; later steps see what earlier ones wrote.
 */
export type Program =
  | { readonly kind: "kernel"; readonly kernel: Kernel }
  | { readonly kind: "copy" }
  | { readonly kind: "multi"; readonly temps: readonly TempBuffer[]; readonly steps: readonly ProgramStep[] };

// ---- types ------------------------------------------------------------------------------------

/** The buffer element type of a dtype; float64 has none (callers reject it first). */
export function storageType(dtype: DType): StorageType {
  switch (dtype) {
    case "bool":
      return "bool";
    case "int32":
      return "i32";
    case "uint32":
      return "u32";
    case "float16":
      return "f16";
    case "float32":
      return "f32";
    case "float64":
      throw new Error("kernel IR: float64 has no storage type (internal error: the backend rejects it first)");
  }
}

/** The register type that values of a storage type load as. */
export function registerType(s: StorageType): ScalarType {
  return s === "f16" ? "f32" : s;
}

/** The register type of a dtype's values. */
export function scalarType(dtype: DType): ScalarType {
  return registerType(storageType(dtype));
}

export const isFloatType = (t: ScalarType): boolean => t === "f32";
export const isIntType = (t: ScalarType): boolean => t === "i32" || t === "u32";

// ---- expression builders ----------------------------------------------------------------------
// Index arithmetic folds constants here, so kernels stay short and renderers see plain code.

export function constant(value: number, type: ScalarType): Expr {
  return { kind: "const", type, value };
}
export const u32 = (n: number): Expr => constant(n, "u32");
export const i32 = (n: number): Expr => constant(n, "i32");
export const f32 = (n: number): Expr => constant(n, "f32");
export const bool = (b: boolean): Expr => constant(b ? 1 : 0, "bool");

export const invocation: Expr = { kind: "invocation", type: "u32" };

export function ref(name: string, type: ScalarType): Expr {
  return { kind: "ref", type, name };
}

export function load(input: number, index: Expr, type: ScalarType): Expr {
  return { kind: "load", type, input, index };
}

export function unary(op: UnaryOp, x: Expr): Expr {
  return { kind: "unary", type: PREDICATES.has(op) ? "bool" : x.type, op, x };
}

const isConst = (e: Expr, v?: number): e is Extract<Expr, { kind: "const" }> =>
  e.kind === "const" && (v === undefined || e.value === v);

export function binary(op: BinaryOp, a: Expr, b: Expr): Expr {
  if (a.type !== b.type) {
    throw new Error(`kernel IR: ${op} of ${a.type} and ${b.type} (internal error: lowerings convert first)`);
  }
  const folded = a.type === "u32" || a.type === "i32" ? foldIndexArithmetic(op, a, b) : null;
  if (folded) return folded;
  return { kind: "binary", type: COMPARISONS.has(op) ? "bool" : a.type, op, a, b };
}

/** Constant folding and identities for integer index math (a + 0, a * 1, 0 * a, c1 op c2). */
function foldIndexArithmetic(op: BinaryOp, a: Expr, b: Expr): Expr | null {
  const wrap = (v: number) => constant(a.type === "u32" ? v >>> 0 : v | 0, a.type);
  if (isConst(a) && isConst(b) && b.value !== 0) {
    if (op === "add") return wrap(a.value + b.value);
    if (op === "sub") return wrap(a.value - b.value);
    if (op === "mul") return wrap(Math.imul(a.value, b.value));
    if (op === "div") return wrap(Math.trunc(a.value / b.value));
    if (op === "rem") return wrap(a.value % b.value);
  }
  if (op === "add" && isConst(b, 0)) return a;
  if (op === "add" && isConst(a, 0)) return b;
  if (op === "sub" && isConst(b, 0)) return a;
  if (op === "mul" && (isConst(b, 1) || isConst(a, 0))) return a;
  if (op === "mul" && (isConst(a, 1) || isConst(b, 0))) return b;
  if (op === "div" && isConst(b, 1)) return a;
  if (op === "rem" && isConst(b, 1)) return constant(0, a.type);
  return null;
}

export const add = (a: Expr, b: Expr): Expr => binary("add", a, b);
export const sub = (a: Expr, b: Expr): Expr => binary("sub", a, b);
export const mul = (a: Expr, b: Expr): Expr => binary("mul", a, b);
export const div = (a: Expr, b: Expr): Expr => binary("div", a, b);
export const rem = (a: Expr, b: Expr): Expr => binary("rem", a, b);
export const lt = (a: Expr, b: Expr): Expr => binary("lt", a, b);
export const ge = (a: Expr, b: Expr): Expr => binary("ge", a, b);
export const and = (a: Expr, b: Expr): Expr => binary("and", a, b);

export function select(cond: Expr, onTrue: Expr, onFalse: Expr): Expr {
  if (cond.type !== "bool" || onTrue.type !== onFalse.type) {
    throw new Error(`kernel IR: select(${cond.type}, ${onTrue.type}, ${onFalse.type}) (internal error)`);
  }
  if (isConst(cond)) return cond.value ? onTrue : onFalse;
  return { kind: "select", type: onTrue.type, cond, onTrue, onFalse };
}

export function convert(x: Expr, type: ScalarType): Expr {
  if (x.type === type) return x;
  if (isConst(x) && isIntType(x.type) && isIntType(type))
    return constant(type === "u32" ? x.value >>> 0 : x.value | 0, type);
  return { kind: "convert", type, x };
}

export function bitcast(x: Expr, type: ScalarType): Expr {
  if (x.type === type) return x;
  if (x.type === "bool" || type === "bool" || x.type === "vec4f" || type === "vec4f") {
    throw new Error(`kernel IR: bitcast from ${x.type} to ${type} (internal error)`);
  }
  return { kind: "bitcast", type, x };
}

export function splat(x: Expr): Expr {
  if (x.type !== "f32") throw new Error(`kernel IR: splat of ${x.type} (internal error)`);
  return { kind: "splat", type: "vec4f", x };
}

export function lane(x: Expr, index: number): Expr {
  if (x.type !== "vec4f" || !(index >= 0 && index < 4)) {
    throw new Error(`kernel IR: lane ${index} of ${x.type} (internal error)`);
  }
  return { kind: "lane", type: "f32", x, lane: index };
}

// ---- statement builders -----------------------------------------------------------------------

export const letS = (name: string, value: Expr): Stmt => ({ kind: "let", name, value });
export const varS = (name: string, value: Expr): Stmt => ({ kind: "var", name, value });
export const assign = (name: string, value: Expr): Stmt => ({ kind: "assign", name, value });
export const store = (output: number, index: Expr, value: Expr): Stmt => ({ kind: "store", output, index, value });
export const loop = (index: string, count: Expr, body: readonly Stmt[]): Stmt => ({ kind: "loop", index, count, body });
export const ifS = (cond: Expr, then: readonly Stmt[], otherwise: readonly Stmt[] = []): Stmt => ({
  kind: "if",
  cond,
  then,
  otherwise,
});

export function kernelProgram(kernel: Kernel): Program {
  return { kind: "kernel", kernel };
}
