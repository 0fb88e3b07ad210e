// Fusion: groups a jaxpr's elementwise work into kernels. Elementwise operations, reshapes and
// conversions over arrays of one size are computed at the same linear position, so a chain of them
// becomes one kernel that loads its inputs once and stores only the values used outside it;
// broadcasts and transposes join as loads of their operand at a remapped position. Everything else
// (reductions, matmuls, indexing, control flow) runs as its own primitive.
//
// A group is closed as soon as anything outside it consumes one of its values, and it runs at the
// position where it closes. Everything a member reads was computed before that position, and
// whatever reads a group's values comes after it, so the order of the steps is a valid schedule.
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
  invocation,
  letS,
  load,
  ref,
  scalarType,
  storageType,
  store,
  u32,
  unary,
  type Expr,
  type Kernel,
  type Stmt,
  type StorageType,
} from "./kernel-ir.js";
import type { LoweringTuning } from "./lowering.js";
import { scalarLowerings } from "./primitives/elementwise.js";

/** A kernel input: a variable computed before the kernel, or the executable's table of literals. */
export type FusedInput =
  | { readonly kind: "var"; readonly v: Var }
  /** The 32-bit patterns of the literals the kernel uses, uploaded once per executable. */
  | { readonly kind: "literals"; readonly values: readonly number[] }
  /**
   * Scalar variables packed into one u32 buffer (copied in before the launch): a kernel binds few
   * buffers (16 on many adapters), and an optimizer's update reads many scalar hyperparameters.
   */
  | { readonly kind: "scalars"; readonly vars: readonly Var[] };

export type PlanStep =
  | { readonly kind: "eqn"; readonly eqn: JaxprEqn }
  | {
      readonly kind: "fused";
      readonly kernel: Kernel;
      readonly inputs: readonly FusedInput[];
      readonly outputs: readonly Var[];
      /** The equations fused, in order (for inspection). */
      readonly eqns: readonly JaxprEqn[];
    };

/** Which dtypes a fused kernel can hold (the device's own rule; float64 never fuses). */
export type FusibleDtype = (aval: ShapedArray) => boolean;

type Role = "elementwise" | "alias" | "remap";

const ALIASES = new Set(["reshape", "squeeze", "expand_dims", "stop_gradient"]);

function roleOf(eqn: JaxprEqn, fusible: FusibleDtype): Role | null {
  const avals = [...eqn.inputs.map((a) => a.aval), ...eqn.outBinders.map((v) => v.aval)];
  if (eqn.outBinders.length !== 1 || !avals.every(fusible)) return null;
  const out = eqn.outBinders[0]!.aval;
  const name = eqn.primitive.name;
  if (scalarLowerings[name]) {
    return eqn.inputs.every((a) => a.aval.ndim === 0 || a.aval.size === out.size) ? "elementwise" : null;
  }
  if (ALIASES.has(name)) return "alias";
  if (name === "broadcast_in_dim") return eqn.inputs[0]!.aval.size === out.size ? "alias" : "remap";
  if (name === "transpose") return "remap";
  return null;
}

class Group {
  readonly members: JaxprEqn[] = [];
  readonly produced = new Set<Var>();
  constructor(readonly size: number) {}
}

/**
 * Splits `eqns` into steps: fused kernels and single equations. `uses` says which equations read
 * each variable; `outputs` are the values the caller needs at the end.
 */
export function planFusion(
  eqns: readonly JaxprEqn[],
  outputs: ReadonlySet<Var>,
  fusible: FusibleDtype,
  tuning: LoweringTuning,
): PlanStep[] {
  const steps: PlanStep[] = [];
  const open: Group[] = [];
  const groupOf = new Map<Var, Group>();
  const readers = new Map<Var, JaxprEqn[]>();
  for (const e of eqns) for (const a of e.inputs) if (!(a instanceof Literal)) readers.set(a, [...(readers.get(a) ?? []), e]);
  // Broadcasts and transposes are loads at a remapped position, and scalar arithmetic is cheap:
  // each waits for its consumers and is inlined into every group that reads it (a scalar broadcast
  // folds into its consumer), and is computed on its own only when something other than a fused
  // kernel reads it.
  const deferred = new Map<Var, JaxprEqn>();
  const emitted = new Set<JaxprEqn>();

  const emitEqn = (eqn: JaxprEqn) => {
    if (emitted.has(eqn)) return;
    emitted.add(eqn);
    steps.push({ kind: "eqn", eqn });
  };
  const close = (g: Group) => {
    const at = open.indexOf(g);
    if (at < 0) return;
    open.splice(at, 1);
    for (const step of emitGroup(g, outputs, readers, tuning)) {
      if (step.kind === "fused") steps.push(step);
      else emitEqn(step.eqn);
    }
  };
  const closeProducersOf = (atoms: readonly Atom[], except?: Group) => {
    for (const a of atoms) {
      if (a instanceof Literal) continue;
      const remap = deferred.get(a);
      if (remap) closeProducersOf(remap.inputs);
      const g = groupOf.get(a);
      if (g && g !== except) close(g);
    }
  };
  const materialize = (atoms: readonly Atom[]) => {
    for (const a of atoms) {
      const d = a instanceof Literal ? undefined : deferred.get(a);
      if (d && !emitted.has(d)) {
        materialize(d.inputs);
        emitEqn(d);
      }
    }
  };

  /** The deferred equations `atoms` need, transitively, producers first. */
  const deferredNeeded = (atoms: readonly Atom[], into: JaxprEqn[] = []): JaxprEqn[] => {
    for (const a of atoms) {
      const d = a instanceof Literal ? undefined : deferred.get(a);
      if (d && !into.includes(d)) {
        deferredNeeded(d.inputs, into);
        into.push(d);
      }
    }
    return into;
  };

  for (const eqn of eqns) {
    const role = roleOf(eqn, fusible);
    if (role === null) {
      closeProducersOf(eqn.inputs);
      materialize(eqn.inputs);
      emitEqn(eqn);
      continue;
    }
    // Remaps, and scalar arithmetic on scalars (an optimizer's bias corrections), are recomputed
    // inside each kernel that reads them instead of costing a launch of their own.
    const scalarOnly = eqn.outBinders[0]!.aval.ndim === 0 && eqn.inputs.every((a) => a.aval.ndim === 0);
    if (role === "remap" || (role === "elementwise" && scalarOnly)) {
      deferred.set(eqn.outBinders[0]!, eqn);
      continue;
    }
    const size = eqn.outBinders[0]!.aval.size;
    // Join the groups that compute operands at the same positions (merging them: open groups
    // never depend on one another), unless an inlined remap must read a group's values from memory.
    const inlined = deferredNeeded(eqn.inputs);
    const readByInlined = new Set(inlined.flatMap((d) => d.inputs.flatMap((a) => (a instanceof Literal ? [] : [groupOf.get(a)]))));
    const joinable = new Set<Group>();
    for (const a of eqn.inputs) {
      const g = a instanceof Literal ? undefined : groupOf.get(a);
      if (g && g.size === size && a.aval.size === size && open.includes(g) && !readByInlined.has(g)) joinable.add(g);
    }
    const [target = new Group(size), ...others] = [...joinable];
    for (const g of others) {
      open.splice(open.indexOf(g), 1);
      for (const m of g.members) if (!target.members.includes(m)) target.members.push(m);
      for (const v of g.produced) {
        target.produced.add(v);
        groupOf.set(v, target);
      }
    }
    closeProducersOf(eqn.inputs, target);
    if (!open.includes(target)) open.push(target);
    for (const d of inlined) if (!target.members.includes(d)) target.members.push(d);
    target.members.push(eqn);
    const out = eqn.outBinders[0]!;
    target.produced.add(out);
    groupOf.set(out, target);
  }
  for (const g of [...open]) close(g);
  materialize([...outputs]);
  return steps;
}

/** The group as one kernel, or as its single equations when fusing would not pay or fit. */
function emitGroup(
  g: Group,
  outputs: ReadonlySet<Var>,
  readers: ReadonlyMap<Var, JaxprEqn[]>,
  tuning: LoweringTuning,
): PlanStep[] {
  const members = new Set(g.members);
  const stored = [...g.produced].filter((v) => outputs.has(v) || (readers.get(v) ?? []).some((e) => !members.has(e)));
  const single = (): PlanStep[] => g.members.map((eqn) => ({ kind: "eqn", eqn }));
  if (stored.length === 0) return [];
  if (g.members.length === 1) return single();
  const built = buildKernel(g, stored, tuning);
  if (built.inputs.length + stored.length > tuning.maxKernelBuffers) return single();
  return [{ kind: "fused", kernel: built.kernel, inputs: built.inputs, outputs: stored, eqns: g.members }];
}

function buildKernel(g: Group, stored: readonly Var[], tuning: LoweringTuning): { kernel: Kernel; inputs: FusedInput[] } {
  const inputs: FusedInput[] = [];
  const inputTypes: StorageType[] = [];
  const inputIndex = new Map<Var | "literals" | "scalars", number>();
  const literals: number[] = [];
  const scalars: Var[] = [];
  const body: Stmt[] = [];
  const names = new Map<Var, Expr>();
  const loads = new Map<string, Expr>();
  let remapped = false;

  const inputSlot = (key: Var | "literals" | "scalars", type: StorageType): number => {
    let k = inputIndex.get(key);
    if (k === undefined) {
      k = inputs.length;
      inputIndex.set(key, k);
      inputs.push(
        key === "literals"
          ? { kind: "literals", values: literals }
          : key === "scalars"
            ? { kind: "scalars", vars: scalars }
            : { kind: "var", v: key },
      );
      inputTypes.push(type);
    }
    return k;
  };
  const named = (key: string, value: Expr): Expr => {
    let r = loads.get(key);
    if (!r) {
      const name = `l${loads.size}`;
      body.push(letS(name, value));
      r = ref(name, value.type);
      loads.set(key, r);
    }
    return r;
  };
  // Literals live in one u32 table (their bits), so they cost one binding and never appear in
  // shader text, where the driver's compiler could fold them (docs/webgpu.md).
  const literal = (l: Literal): Expr => {
    const slot = inputSlot("literals", "u32");
    const k = literals.length;
    literals.push(literalBits(l));
    const bits = load(slot, u32(k), "u32");
    const type = scalarType(l.aval.dtype);
    return named(`lit${k}`, type === "bool" ? convert(bits, "bool") : bitcast(bits, type));
  };
  const packedScalar = (v: Var): Expr => {
    const slot = inputSlot("scalars", "u32");
    let k = scalars.indexOf(v);
    if (k < 0) k = scalars.push(v) - 1;
    const bits = load(slot, u32(k), "u32");
    const type = scalarType(v.aval.dtype);
    return named(`scalar${k}`, type === "bool" ? convert(bits, "bool") : bitcast(bits, type));
  };
  const valueAt = (a: Atom, index: Expr, indexKey: string): Expr => {
    if (a instanceof Literal) return literal(a);
    const own = names.get(a);
    if (own) return own;
    if (a.aval.ndim === 0 && a.aval.dtype !== "float16") return packedScalar(a);
    const slot = inputSlot(a, storageType(a.aval.dtype));
    const at = a.aval.ndim === 0 ? u32(0) : index;
    const key = `${slot}@${a.aval.ndim === 0 ? "0" : indexKey}`;
    return named(key, load(slot, at, scalarType(a.aval.dtype)));
  };

  g.members.forEach((eqn, m) => {
    const out = eqn.outBinders[0]!;
    const role = eqn.primitive.name;
    let value: Expr;
    if (scalarLowerings[role]) {
      const xs = eqn.inputs.map((a) => valueAt(a, invocation, "i"));
      value = scalarLowerings[role](xs, {
        inAvals: eqn.inputs.map((a) => a.aval),
        outAvals: [out.aval],
        params: eqn.params,
        tuning,
      });
    } else if (role === "broadcast_in_dim" || role === "transpose") {
      const x = eqn.inputs[0]!;
      // A scalar operand is read at position 0 whatever the shape, so the kernel stays size-free
      // (one compiled kernel serves every size, e.g. the same optimizer update for every layer).
      if (x.aval.ndim === 0) value = valueAt(x, u32(0), "0");
      else {
        if (x.aval.size !== out.aval.size || role === "transpose") remapped = true;
        value = valueAt(x, remapIndex(eqn, out.aval), `m${m}`);
      }
    } else {
      value = valueAt(eqn.inputs[0]!, invocation, "i");
    }
    // float16 arithmetic rounds every result, as the CPU does, even when it is not stored.
    if (out.aval.dtype === "float16") value = unary("round_f16", value);
    const name = `v${m}`;
    body.push(letS(name, value));
    names.set(out, ref(name, value.type));
  });
  stored.forEach((v, k) => body.push(store(k, invocation, names.get(v)!)));

  const kernel: Kernel = {
    label: `fused(${g.members.map((e) => e.primitive.name).join(",")})`,
    inputs: inputTypes,
    outputs: stored.map((v) => storageType(v.aval.dtype)),
    invocations: g.size,
    body,
    sizeFree: !remapped,
  };
  return { kernel, inputs };
}

/** The operand position a broadcast or transpose reads for output position `invocation`. */
function remapIndex(eqn: JaxprEqn, out: ShapedArray): Expr {
  const x = eqn.inputs[0]!.aval;
  const idx = unravel(invocation, out.shape);
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
