// jit's ahead-of-time stages, as JAX has them (jax.stages): `jit(f).trace(...args)` is a Traced
// (the staged jaxpr), `.lower()` a Lowered (the executable's plan on one device, readable with
// `asText()`), `.compile()` a Compiled (the executable, compiled now and callable on arrays of the
// traced types). JAX lowers to StableHLO; here lowering is the plan of fused kernels and single
// primitives that src/runtime/executable.ts runs, and on WebGPU the WGSL of each fused kernel.
import type { Device } from "../backend/device.js";
import { UnsupportedError } from "../errors.js";
import type { FusedInput, PlanStep } from "../lowering/fusion.js";
import { ShapeDtypeStruct } from "../tracing/aval.js";
import { isTracer, type JaxArray } from "../tracing/array.js";
import { literalText, paramPairs, paramText, printedVarNames, Literal, type Atom, type Jaxpr, type JaxprEqn, type Var } from "../tracing/jaxpr.js";
import { unflatten, type TreeDef } from "../tree/pytree.js";
import type { AnyFn } from "../transforms/api-util.js";
import { executableFor, liveEquations } from "./executable.js";
import { deviceName, logKernels, planSteps, wgslOf } from "./inspect.js";

/** One trace of a jitted function, as jit hands it to the stages. */
export interface StagedCall {
  /** `jit(f)`, for messages. */
  readonly label: string;
  readonly jaxpr: Jaxpr;
  readonly consts: readonly JaxArray[];
  readonly outTree: TreeDef;
  /** Where it runs: the arguments' device, else the default device. */
  readonly device: Device;
  /** Runs the trace on a compiled call's arguments (the non-static ones), after checking their types. */
  readonly run: (dynamicArgs: unknown[]) => unknown;
}

/** `jax.stages.Traced`: the function staged out to a jaxpr for these argument types. */
export class Traced {
  readonly #call: StagedCall;
  constructor(call: StagedCall) {
    this.#call = call;
  }
  /** The staged jaxpr; its constvars take the values the function closed over. */
  get jaxpr(): Jaxpr {
    return this.#call.jaxpr;
  }
  /** The outputs' shapes and dtypes, as a pytree of ShapeDtypeStructs (JAX's `out_info`). */
  get outInfo(): unknown {
    return outInfoOf(this.#call);
  }
  lower(): Lowered {
    return new Lowered(this.#call);
  }
}

/** A compiled executable: call it with the non-static arguments of the types it was lowered for. */
export type Compiled = AnyFn & {
  /** The same listing as the Lowered it came from. */
  asText(): string;
  /** The executable's steps: fused kernels and single primitives. */
  readonly kernels: readonly PlanStep[];
  readonly outInfo: unknown;
};

/** `jax.stages.Lowered`: the plan of the executable on one device, not compiled yet. */
export class Lowered {
  readonly #call: StagedCall;
  /** The executable's steps on the device: fused kernels (WebGPU) and single primitives. */
  readonly kernels: readonly PlanStep[];
  constructor(call: StagedCall) {
    this.#call = call;
    this.kernels = planSteps(call.jaxpr, call.device);
  }
  get jaxpr(): Jaxpr {
    return this.#call.jaxpr;
  }
  get outInfo(): unknown {
    return outInfoOf(this.#call);
  }
  get device(): Device {
    return this.#call.device;
  }

  /** A readable listing: the jaxpr, then each step of the executable, with WGSL on WebGPU. */
  asText(): string {
    return listing(this.#call, this.kernels);
  }

  /** Compiles now (every fused kernel's pipeline), returning the callable executable. */
  compile(): Compiled {
    const call = this.#call;
    if (call.consts.some(isTracer)) {
      throw new UnsupportedError(
        `${call.label}: lower(...).compile() on a trace that closed over another transform's values ` +
          `(traced inside grad, vmap, ...); compile outside that transform, or call the jitted function there`,
      );
    }
    const exe = executableFor(call.jaxpr, call.device);
    logKernels(call.jaxpr, call.device, call.label);
    const compiled = (...args: unknown[]): unknown => call.run(args);
    return Object.assign(compiled, { asText: () => this.asText(), kernels: exe.steps, outInfo: this.outInfo }) as Compiled;
  }
}

function outInfoOf(call: StagedCall): unknown {
  return unflatten(call.outTree, call.jaxpr.outAvals.map((a) => ShapeDtypeStruct(a.shape, a.dtype, a.weakType)));
}

function listing(call: StagedCall, steps: readonly PlanStep[]): string {
  const { jaxpr, device } = call;
  const names = printedVarNames(jaxpr);
  const atom = (a: Atom): string => (a instanceof Literal ? literalText(a) : (names.get(a) ?? "?"));
  const binder = (v: Var): string => `${atom(v)}:${v.aval.str()}`;
  const eqnText = (e: JaxprEqn): string => {
    const lhs = e.outBinders.length === 0 ? "_" : e.outBinders.map(binder).join(" ");
    const pairs = paramPairs(e);
    const params = pairs.length ? `[${pairs.map(([k, v]) => `${k}=${paramText(v, () => "{ ... }")}`).join(" ")}]` : "";
    const args = e.inputs.map(atom).join(" ");
    return `${lhs} = ${e.primitive.name}${params}${args ? ` ${args}` : ""}`;
  };
  const inputText = (i: FusedInput): string =>
    i.kind === "var" ? atom(i.v) : i.kind === "literals" ? `literals(${i.values.length})` : `scalars(${i.vars.map(atom).join(" ")})`;

  const fusedCount = steps.filter((s) => s.kind === "fused").length;
  const viewCount = steps.filter((s) => s.kind === "view").length;
  const dead = jaxpr.eqns.length - liveEquations(jaxpr).length;
  const summary = device.kernels
    ? `${count(steps.length, "step")}: ${count(fusedCount, "fused kernel")}, ${count(steps.length - fusedCount - viewCount, "single primitive")}` +
      (viewCount ? `, ${count(viewCount, "view")} (a reshape sharing its operand's buffer)` : "")
    : `${count(steps.length, "step")}, run op by op (this device compiles no kernels, so nothing is fused)`;
  const lines = [
    `${call.label} lowered for ${deviceName(device)}`,
    "jaxpr:",
    ...jaxpr.toString().split("\n").map((l) => `  ${l}`),
    `executable: ${summary}${dead > 0 ? `; ${count(dead, "unused equation")} dropped` : ""}`,
  ];
  steps.forEach((s, k) => {
    if (s.kind === "eqn") {
      lines.push(`  [${k}] ${eqnText(s.eqn)}`);
      return;
    }
    if (s.kind === "view") {
      lines.push(`  [${k}] view ${binder(s.to)} = ${atom(s.from)} (the same buffer, no kernel)`);
      return;
    }
    const writes = s.outputs.map(binder).join(" ");
    lines.push(`  [${k}] kernel ${s.kernel.label} (${count(s.kernel.invocations, "invocation")}): reads ${s.inputs.map(inputText).join(" ")}, writes ${writes}`);
    for (const e of s.eqns) lines.push(`        ${eqnText(e)}`);
    const wgsl = wgslOf(device, s.kernel);
    if (wgsl !== null) lines.push("      WGSL:", ...wgsl.trimEnd().split("\n").map((l) => `        ${l}`));
  });
  return lines.join("\n");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
