// Executables: what a jaxpr becomes to run on one device. Planned once, then run per call:
//   - dead equations are dropped (an unused value costs nothing, and leaks nothing);
//   - on devices that run kernel IR (WebGPU), elementwise chains are fused into kernels
//     (src/lowering/fusion.ts), each compiled once;
//   - literals are uploaded once per executable, not per call;
//   - every intermediate buffer is freed right after the step that reads it last.
// jit calls and the bodies of loops run through here; each of them is one burst of work, which
// the WebGPU device records into one command encoder and submits once.
import { ArrayImpl, arrayFromBuffer } from "../array.js";
import type { Device } from "../backend/device.js";
import { allocTyped, castScalar } from "../dtypes.js";
import { planFusion, type FusedInput, type PlanStep } from "../lowering/fusion.js";
import type { ShapedArray } from "../tracing/aval.js";
import { Literal, type Atom, type Jaxpr, type JaxprEqn, type Var } from "../tracing/jaxpr.js";
import { bind } from "../tracing/trace.js";
import { ShapedArray as Aval } from "../tracing/aval.js";

interface Slot {
  buffer: unknown;
  aval: ShapedArray;
  /** Created by this run and not handed to an array: ours to free. */
  owned: boolean;
  array?: ArrayImpl;
}

/** Equations whose results are needed for `jaxpr`'s outputs, in order. */
export function liveEquations(jaxpr: Jaxpr): JaxprEqn[] {
  const needed = new Set<Var>();
  for (const a of jaxpr.outs) if (!(a instanceof Literal)) needed.add(a);
  const kept: JaxprEqn[] = [];
  for (let i = jaxpr.eqns.length - 1; i >= 0; i--) {
    const eqn = jaxpr.eqns[i]!;
    if (!eqn.outBinders.some((v) => needed.has(v))) continue;
    kept.push(eqn);
    for (const a of eqn.inputs) if (!(a instanceof Literal)) needed.add(a);
  }
  return kept.reverse();
}

export class Executable {
  readonly steps: readonly PlanStep[];
  readonly #device: Device;
  readonly #jaxpr: Jaxpr;
  /** Per step: the compiled kernel of a fused step. */
  readonly #compiled: unknown[];
  /** Per step: the variables read for the last time there (freed after it). */
  readonly #dies: Var[][];
  /** Variables some step reads. */
  readonly #read: ReadonlySet<Var>;
  /** Literal operands, uploaded once; the executable holds their arrays so they are never collected. */
  readonly #literalArrays = new Map<Literal, ArrayImpl>();
  readonly #literalTables = new Map<readonly number[], unknown>();

  constructor(jaxpr: Jaxpr, device: Device) {
    this.#jaxpr = jaxpr;
    this.#device = device;
    const eqns = liveEquations(jaxpr);
    const outputs = new Set(jaxpr.outs.filter((a): a is Var => !(a instanceof Literal)));
    const kernels = device.kernels;
    this.steps = kernels
      ? planFusion(eqns, outputs, (a) => kernels.fusible(a), kernels.tuning)
      : eqns.map((eqn) => ({ kind: "eqn", eqn }));
    this.#compiled = this.steps.map((s) => (s.kind === "fused" ? kernels!.compile(s.kernel) : null));
    this.#dies = lastReads(this.steps, outputs);
    this.#read = new Set(this.steps.flatMap(readsOf).filter((a): a is Var => !(a instanceof Literal)));
  }

  /** Kernel launches per run, not counting those inside nested control flow. */
  get kernelCount(): number {
    return this.steps.length;
  }

  /**
   * Runs on `inputs` (the jaxpr's constvars then invars), all on this executable's device. The
   * buffers of inputs marked in `donated` are taken over (their arrays become invalid) and freed
   * at their last reader, so the outputs made after that reuse them from the pool.
   */
  run(inputs: readonly ArrayImpl[], donated?: { readonly flags: readonly boolean[]; readonly to: string }): ArrayImpl[] {
    const device = this.#device;
    const jaxpr = this.#jaxpr;
    const env = new Map<Var, Slot>();
    const vars = [...jaxpr.constvars, ...jaxpr.invars];
    vars.forEach((v, i) => {
      const a = inputs[i]!;
      // An array passed twice can be donated only if no other position still reads it.
      if (donated?.flags[i] && inputs.indexOf(a) === inputs.lastIndexOf(a) && !a.isDisposed) {
        env.set(v, { buffer: a.donateBuffer(donated.to), aval: a.aval, owned: true });
      } else env.set(v, { buffer: a.buffer, aval: a.aval, owned: false, array: a });
    });
    // A donated input that nothing reads is free at once.
    for (const v of vars) {
      const s = env.get(v)!;
      if (s.owned && !this.#read.has(v) && !jaxpr.outs.includes(v)) {
        device.free(s.buffer);
        s.owned = false;
      }
    }
    const slotOf = (a: Atom): Slot => (a instanceof Literal ? this.#literal(a) : env.get(a)!);
    const asArray = (s: Slot): ArrayImpl => {
      if (!s.array) {
        s.array = arrayFromBuffer(s.aval, device, s.buffer);
        s.owned = false;
      }
      return s.array;
    };
    try {
      this.steps.forEach((step, i) => {
        if (step.kind === "view") {
          const from = env.get(step.from)!;
          device.retain(from.buffer);
          env.set(step.to, { buffer: from.buffer, aval: step.to.aval, owned: true });
        } else if (step.kind === "fused") {
          const temps: unknown[] = [];
          const buffers = step.inputs.map((inp) => this.#fusedInput(inp, env, temps));
          const outs = device.kernels!.launch(step.kernel.label, this.#compiled[i], buffers, step.outputs.map((v) => v.aval));
          for (const t of temps) device.free(t);
          step.outputs.forEach((v, k) => env.set(v, { buffer: outs[k], aval: v.aval, owned: true }));
        } else {
          this.#runEqn(step.eqn, step.eqn.inputs.map(slotOf), env, asArray);
        }
        for (const v of this.#dies[i]!) {
          const s = env.get(v);
          if (s?.owned) {
            device.free(s.buffer);
            s.owned = false;
          }
        }
      });
      return jaxpr.outs.map((a) => (a instanceof Literal ? this.#freshLiteral(a) : asArray(env.get(a)!)));
    } catch (e) {
      for (const s of env.values()) if (s.owned) device.free(s.buffer);
      throw e;
    }
  }

  #runEqn(eqn: JaxprEqn, slots: Slot[], env: Map<Var, Slot>, asArray: (s: Slot) => ArrayImpl): void {
    const prim = eqn.primitive;
    const outAvals = eqn.outBinders.map((v) => v.aval);
    if (prim.impl || !prim.evalRule) {
      const outs = this.#device.execute(prim, slots.map((s) => s.buffer), slots.map((s) => s.aval), eqn.params, outAvals);
      eqn.outBinders.forEach((v, k) => env.set(v, { buffer: outs[k], aval: outAvals[k]!, owned: true }));
      return;
    }
    // Higher-order primitives (control flow, nested jit) evaluate through bind on arrays.
    const outs = bind(prim, slots.map(asArray), eqn.params) as ArrayImpl[];
    eqn.outBinders.forEach((v, k) => env.set(v, { buffer: outs[k]!.buffer, aval: outAvals[k]!, owned: false, array: outs[k] }));
  }

  #fusedInput(inp: FusedInput, env: Map<Var, Slot>, temps: unknown[]): unknown {
    if (inp.kind === "var") return env.get(inp.v)!.buffer;
    if (inp.kind === "scalars") {
      const pack = this.#device.allocate(new Aval([inp.vars.length], "uint32", false));
      inp.vars.forEach((v, k) => {
        const s = env.get(v)!;
        this.#device.copy(s.buffer, pack, s.aval, k);
      });
      temps.push(pack);
      return pack;
    }
    let table = this.#literalTables.get(inp.values);
    if (table === undefined) {
      table = this.#device.upload(Uint32Array.from(inp.values), new Aval([inp.values.length], "uint32", false));
      this.#literalTables.set(inp.values, table);
    }
    return table;
  }

  /** A literal operand: uploaded on first use and kept (never freed by a run). */
  #literal(l: Literal): Slot {
    let array = this.#literalArrays.get(l);
    if (array === undefined) {
      array = arrayFromBuffer(l.aval, this.#device, this.#upload(l));
      this.#literalArrays.set(l, array);
    }
    return { buffer: array.buffer, aval: l.aval, owned: false, array };
  }

  /** A literal output: a new array each call, since the caller owns what it gets. */
  #freshLiteral(l: Literal): ArrayImpl {
    return arrayFromBuffer(l.aval, this.#device, this.#upload(l));
  }

  #upload(l: Literal): unknown {
    const data = allocTyped(l.aval.dtype, 1);
    data[0] = castScalar(l.value, l.aval.dtype);
    return this.#device.upload(data, l.aval);
  }
}

/** What a step reads. */
function readsOf(s: PlanStep): Atom[] {
  if (s.kind === "eqn") return [...s.eqn.inputs];
  if (s.kind === "view") return [s.from];
  return s.inputs.flatMap((i) => (i.kind === "var" ? [i.v] : i.kind === "scalars" ? i.vars : []));
}

/** For each step, the variables it reads for the last time (outputs live to the end). */
function lastReads(steps: readonly PlanStep[], outputs: ReadonlySet<Var>): Var[][] {
  const last = new Map<Var, number>();
  steps.forEach((s, i) => {
    for (const a of readsOf(s)) if (!(a instanceof Literal)) last.set(a, i);
    // A value computed and never read dies where it is made.
    const made = s.kind === "eqn" ? s.eqn.outBinders : s.kind === "view" ? [s.to] : s.outputs;
    for (const v of made) if (!last.has(v)) last.set(v, i);
  });
  const dies: Var[][] = steps.map(() => []);
  for (const [v, i] of last) if (!outputs.has(v)) dies[i]!.push(v);
  return dies;
}

const cache = new WeakMap<Jaxpr, Map<Device, Executable>>();

/** The executable of `jaxpr` on `device`, planned on first use. */
export function executableFor(jaxpr: Jaxpr, device: Device): Executable {
  let perDevice = cache.get(jaxpr);
  if (!perDevice) {
    perDevice = new Map();
    cache.set(jaxpr, perDevice);
  }
  let exe = perDevice.get(device);
  if (!exe) {
    exe = new Executable(jaxpr, device);
    perDevice.set(device, exe);
  }
  return exe;
}
