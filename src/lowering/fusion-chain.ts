// How a fused group's values are computed at a position: the kernel inputs a group reads (device
// buffers, the literal table, the packed scalars) and the statements that evaluate its members at
// a given linear index. Elementwise kernels evaluate them at their invocation index; a reduction
// that absorbs its producers evaluates them at each element it folds.
import { castScalar } from "../dtypes.js";
import { stridesOf } from "../shape.js";
import type { BroadcastInDimParams } from "../primitives/shape/broadcast-in-dim.js";
import type { TransposeParams } from "../primitives/shape/transpose.js";
import type { ShapedArray } from "../tracing/aval.js";
import { Literal, type Atom, type JaxprEqn, type Var } from "../tracing/jaxpr.js";
import { linearIndex, unravel } from "./indexing.js";
import {
  bitcast,
  convert,
  letS,
  load,
  ref,
  scalarType,
  storageType,
  u32,
  unary,
  type Expr,
  type Stmt,
  type StorageType,
} from "./kernel-ir.js";
import type { LoweringTuning } from "./lowering.js";
import { scalarLowerings } from "./primitives/elementwise.js";

/** A kernel input: a variable computed before the kernel, or one of the tables a fused kernel reads. */
export type FusedInput =
  | { readonly kind: "var"; readonly v: Var }
  /** The 32-bit patterns of the literals the kernel uses, uploaded once per executable. */
  | { readonly kind: "literals"; readonly values: readonly number[] }
  /**
   * Scalar variables packed into one u32 buffer (copied in before the launch): a kernel binds few
   * buffers (16 on many adapters), and an optimizer's update reads many scalar hyperparameters.
   */
  | { readonly kind: "scalars"; readonly vars: readonly Var[] };

/** The inputs a fused kernel binds, and the index-free statements that read its tables. */
export class KernelInputs {
  readonly inputs: FusedInput[] = [];
  readonly types: StorageType[] = [];
  /** `let`s of literals and packed scalars, placed at the top of the kernel. */
  readonly prelude: Stmt[] = [];
  readonly #slots = new Map<Var | "literals" | "scalars", number>();
  readonly #literals: number[] = [];
  readonly #scalars: Var[] = [];
  readonly #named = new Map<string, Expr>();

  slot(key: Var | "literals" | "scalars", type: StorageType): number {
    let k = this.#slots.get(key);
    if (k === undefined) {
      k = this.inputs.length;
      this.#slots.set(key, k);
      this.inputs.push(
        key === "literals"
          ? { kind: "literals", values: this.#literals }
          : key === "scalars"
            ? { kind: "scalars", vars: this.#scalars }
            : { kind: "var", v: key },
      );
      this.types.push(type);
    }
    return k;
  }

  // Literals live in one u32 table (their bits), so they cost one binding and never appear in
  // shader text, where the driver's compiler could fold them (docs/webgpu.md).
  literal(l: Literal): Expr {
    const k = this.#literals.push(literalBits(l)) - 1;
    return this.#unpack(`lit${k}`, load(this.slot("literals", "u32"), u32(k), "u32"), l.aval);
  }

  packedScalar(v: Var): Expr {
    let k = this.#scalars.indexOf(v);
    if (k < 0) k = this.#scalars.push(v) - 1;
    return this.#unpack(`scalar${k}`, load(this.slot("scalars", "u32"), u32(k), "u32"), v.aval);
  }

  #unpack(name: string, bits: Expr, aval: ShapedArray): Expr {
    let r = this.#named.get(name);
    if (!r) {
      const type = scalarType(aval.dtype);
      const value = type === "bool" ? convert(bits, "bool") : bitcast(bits, type);
      this.prelude.push(letS(name, value));
      r = ref(name, value.type);
      this.#named.set(name, r);
    }
    return r;
  }
}

/** Evaluates a group's members (in order) at one position, as `let` statements. */
export function evaluateChain(
  members: readonly JaxprEqn[],
  wanted: readonly Var[],
  index: Expr,
  prefix: string,
  inputs: KernelInputs,
  tuning: LoweringTuning,
): { stmts: Stmt[]; values: Map<Var, Expr>; remapped: boolean } {
  const stmts: Stmt[] = [];
  const values = new Map<Var, Expr>();
  const loads = new Map<string, Expr>();
  let remapped = false;
  const let_ = (name: string, value: Expr): Expr => {
    stmts.push(letS(`${prefix}${name}`, value));
    return ref(`${prefix}${name}`, value.type);
  };
  const valueAt = (a: Atom, at: Expr, atKey: string): Expr => {
    if (a instanceof Literal) return inputs.literal(a);
    const own = values.get(a);
    if (own) return own;
    if (a.aval.ndim === 0 && a.aval.dtype !== "float16") return inputs.packedScalar(a);
    const slot = inputs.slot(a, storageType(a.aval.dtype));
    const scalar = a.aval.ndim === 0;
    const key = `${slot}@${scalar ? "0" : atKey}`;
    let r = loads.get(key);
    if (!r) {
      r = let_(`l${loads.size}`, load(slot, scalar ? u32(0) : at, scalarType(a.aval.dtype)));
      loads.set(key, r);
    }
    return r;
  };

  for (const [m, eqn] of needed(members, wanted).entries()) {
    const out = eqn.outBinders[0]!;
    const name = eqn.primitive.name;
    let value: Expr;
    if (scalarLowerings[name]) {
      const xs = eqn.inputs.map((a) => valueAt(a, index, "i"));
      value = scalarLowerings[name](xs, { inAvals: eqn.inputs.map((a) => a.aval), outAvals: [out.aval], params: eqn.params, tuning });
    } else if (name === "broadcast_in_dim" || name === "transpose") {
      const x = eqn.inputs[0]!;
      // A scalar operand is read at position 0 whatever the shape, so the kernel stays size-free
      // (one compiled kernel serves every size, e.g. the same optimizer update for every layer).
      if (x.aval.ndim === 0) value = valueAt(x, u32(0), "0");
      else {
        if (x.aval.size !== out.aval.size || name === "transpose") remapped = true;
        value = valueAt(x, remapIndex(eqn, out.aval, index), `m${m}`);
      }
    } else {
      value = valueAt(eqn.inputs[0]!, index, "i");
    }
    // float16 arithmetic rounds every result, as the CPU does, even when it is not stored.
    if (out.aval.dtype === "float16") value = unary("round_f16", value);
    values.set(out, let_(`v${m}`, value));
  }
  return { stmts, values, remapped };
}

/** The members that `wanted` depends on, in order. */
function needed(members: readonly JaxprEqn[], wanted: readonly Var[]): JaxprEqn[] {
  const want = new Set<Var>(wanted);
  const keep: JaxprEqn[] = [];
  for (let i = members.length - 1; i >= 0; i--) {
    const eqn = members[i]!;
    if (!eqn.outBinders.some((v) => want.has(v))) continue;
    keep.push(eqn);
    for (const a of eqn.inputs) if (!(a instanceof Literal)) want.add(a);
  }
  return keep.reverse();
}

/** The operand position a broadcast or transpose reads for output position `index`. */
function remapIndex(eqn: JaxprEqn, out: ShapedArray, index: Expr): Expr {
  const x = eqn.inputs[0]!.aval;
  const idx = unravel(index, out.shape);
  const inStrides = stridesOf(x.shape);
  if (eqn.primitive.name === "transpose") {
    const { permutation } = eqn.params as unknown as TransposeParams;
    return linearIndex(idx, permutation.map((p) => inStrides[p]!));
  }
  const { broadcastDimensions } = eqn.params as unknown as BroadcastInDimParams;
  const strides = out.shape.map(() => 0);
  broadcastDimensions.forEach((d, i) => {
    if (x.shape[i] !== 1) strides[d] = inStrides[i]!;
  });
  return linearIndex(idx, strides);
}

/** A literal's 32 bits as its storage holds them. */
function literalBits(l: Literal): number {
  const t = scalarType(l.aval.dtype);
  if (t === "f32") return new Uint32Array(new Float32Array([castScalar(l.value, l.aval.dtype)]).buffer)[0]!;
  if (t === "bool") return l.value ? 1 : 0;
  return l.value >>> 0;
}
