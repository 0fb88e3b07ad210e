// Fusion: groups a jaxpr's elementwise work into kernels. Elementwise operations, reshapes and
// conversions over arrays of one size are computed at the same linear position, so a chain of them
// becomes one kernel that loads its inputs once and stores only the values used outside it;
// broadcasts and transposes join as loads of their operand at a remapped position. Everything else
// (reductions, matmuls, indexing, control flow) runs as its own primitive.
//
// A group is closed as soon as anything outside it consumes one of its values, and it runs at the
// position where it closes. Everything a member reads was computed before that position, and
// whatever reads a group's values comes after it, so the order of the steps is a valid schedule.
import type { ShapedArray } from "../tracing/aval.js";
import { Literal, type Atom, type JaxprEqn, type Var } from "../tracing/jaxpr.js";
import { evaluateChain, KernelInputs, type FusedInput } from "./fusion-chain.js";
import { invocation, storageType, store, type Kernel } from "./kernel-ir.js";
import { substituteLoads } from "./kernel-substitute.js";
import { loweringOf } from "./table.js";
import type { LoweringTuning } from "./lowering.js";
import { scalarLowerings } from "./primitives/elementwise.js";

export type { FusedInput };

export type PlanStep =
  | { readonly kind: "eqn"; readonly eqn: JaxprEqn }
  /** `to` is `from` reshaped (a reshape, squeeze, stop_gradient...): the same buffer, shared. */
  | { readonly kind: "view"; readonly from: Var; readonly to: Var }
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
      if (step.kind === "eqn") emitEqn(step.eqn);
      else steps.push(step);
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
  // Deferred values that something other than a fused kernel reads are computed on their own:
  // the scalar arithmetic among them as one kernel, then the remaps (which may read those scalars).
  const materialize = (atoms: readonly Atom[]) => {
    const needed = deferredNeeded(atoms).filter((d) => !emitted.has(d));
    const scalars = needed.filter((d) => d.outBinders[0]!.aval.ndim === 0);
    if (scalars.length > 1) {
      const g = new Group(1);
      for (const d of scalars) {
        g.members.push(d);
        g.produced.add(d.outBinders[0]!);
        emitted.add(d);
      }
      steps.push(...emitGroup(g, new Set([...outputs, ...atoms.filter((a): a is Var => !(a instanceof Literal))]), readers, tuning));
    }
    for (const d of needed) emitEqn(d);
  };

  // A reduction whose operand is the only value its open group gives out evaluates the group at
  // each element it folds (softmax's exp(x - max) summed, a loss's squares summed): one kernel.
  const absorbIntoReduction = (eqn: JaxprEqn): PlanStep | null => {
    const x = eqn.inputs[0];
    if (!ABSORBING.has(eqn.primitive.name) || eqn.inputs.length !== 1 || x instanceof Literal || !x) return null;
    const g = groupOf.get(x);
    if (!g || !open.includes(g) || g.size !== x.aval.size || outputs.has(x)) return null;
    if (![...eqn.inputs, ...eqn.outBinders].every((a) => fusible(a.aval))) return null;
    const members = new Set(g.members);
    const private_ = (v: Var) => !outputs.has(v) && (readers.get(v) ?? []).every((r) => members.has(r) || (v === x && r === eqn));
    if (!(readers.get(x) ?? []).every((r) => r === eqn) || ![...g.produced].every(private_)) return null;
    const step = fuseReduction(g.members, x, eqn, tuning);
    if (!step || step.inputs.length + eqn.outBinders.length > tuning.maxKernelBuffers) return null;
    open.splice(open.indexOf(g), 1);
    return step;
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
      const absorbed = absorbIntoReduction(eqn);
      if (absorbed) {
        steps.push(absorbed);
        continue;
      }
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

/**
 * A group of reshapes alone computes nothing: each stored value is its root operand's buffer under
 * another shape (arrays are immutable, so sharing it is safe).
 */
function viewsOf(g: Group, stored: readonly Var[]): PlanStep[] | null {
  const sameBuffer = (e: JaxprEqn) =>
    ALIASES.has(e.primitive.name) ||
    (e.primitive.name === "broadcast_in_dim" && e.inputs[0]!.aval.size === e.outBinders[0]!.aval.size);
  if (!g.members.every(sameBuffer)) return null;
  const producer = new Map(g.members.map((e) => [e.outBinders[0]!, e]));
  const root = (v: Var): Var | null => {
    const e = producer.get(v);
    if (!e) return v;
    const x = e.inputs[0]!;
    return x instanceof Literal ? null : root(x);
  };
  const steps: PlanStep[] = [];
  for (const to of stored) {
    const from = root(to);
    if (!from || from.aval.dtype !== to.aval.dtype) return null;
    steps.push({ kind: "view", from, to });
  }
  return steps;
}

/** Reductions that can evaluate their operand's elementwise chain in place of loading it. */
const ABSORBING = new Set(["reduce_sum", "reduce_prod", "reduce_max", "reduce_min", "argmax", "argmin"]);

/** The reduction's own kernel with its operand loads replaced by the chain, or null if it is not one kernel. */
function fuseReduction(
  members: readonly JaxprEqn[],
  x: Var,
  eqn: JaxprEqn,
  tuning: LoweringTuning,
): Extract<PlanStep, { kind: "fused" }> | null {
  const lowering = loweringOf(eqn.primitive.name);
  if (!lowering) return null;
  const program = lowering({ inAvals: [x.aval], outAvals: eqn.outBinders.map((v) => v.aval), params: eqn.params, tuning });
  if (program.kind !== "kernel" || program.kernel.inputs.length !== 1) return null;
  const inputs = new KernelInputs();
  const body = substituteLoads(program.kernel.body, 0, (index, site) => {
    const { stmts, values } = evaluateChain(members, [x], index, `p${site}_`, inputs, tuning);
    return { stmts, value: values.get(x)! };
  });
  const kernel: Kernel = {
    ...program.kernel,
    label: `fused(${[...members, eqn].map((e) => e.primitive.name).join(",")})`,
    inputs: inputs.types,
    body: [...inputs.prelude, ...body],
  };
  return { kind: "fused", kernel, inputs: inputs.inputs, outputs: eqn.outBinders, eqns: [...members, eqn] };
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
  const views = viewsOf(g, stored);
  if (views) return views;
  if (g.members.length === 1) return single();
  const built = buildKernel(g, stored, tuning);
  if (built.inputs.length + stored.length > tuning.maxKernelBuffers) return single();
  return [{ kind: "fused", kernel: built.kernel, inputs: built.inputs, outputs: stored, eqns: g.members }];
}

function buildKernel(g: Group, stored: readonly Var[], tuning: LoweringTuning): { kernel: Kernel; inputs: FusedInput[] } {
  const inputs = new KernelInputs();
  const { stmts, values, remapped } = evaluateChain(g.members, stored, invocation, "", inputs, tuning);
  const kernel: Kernel = {
    label: `fused(${g.members.map((e) => e.primitive.name).join(",")})`,
    inputs: inputs.types,
    outputs: stored.map((v) => storageType(v.aval.dtype)),
    invocations: g.size,
    body: [...inputs.prelude, ...stmts, ...stored.map((v, k) => store(k, invocation, values.get(v)!))],
    sizeFree: !remapped,
  };
  return { kernel, inputs: inputs.inputs };
}
