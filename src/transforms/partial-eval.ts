// Partial evaluation: run a function with some inputs known and some unknown. Known work runs
// now; unknown work is recorded into a jaxpr. Linearize = JVP with unknown tangents, then this.
import type { Params, Primitive } from "../primitives/primitive.js";
import type { ShapedArray } from "../tracing/aval.js";
import { JaxArray, Tracer } from "../tracing/array.js";
import { Jaxpr, JaxprEqn, Var } from "../tracing/jaxpr.js";
import { bind, fullLower, fullRaise, Trace, withMainTrace } from "../tracing/trace.js";

export class PartialVal {
  private constructor(
    readonly aval: ShapedArray,
    readonly known: JaxArray | null,
  ) {}
  static known(x: JaxArray): PartialVal {
    return new PartialVal(x.aval, x);
  }
  static unknown(aval: ShapedArray): PartialVal {
    return new PartialVal(aval, null);
  }
  get isKnown(): boolean {
    return this.known !== null;
  }
}

type Recipe = { kind: "lambda" } | { kind: "const"; value: JaxArray } | { kind: "eqn" };

interface EqnRecipe {
  prim: Primitive<Params>;
  inputs: PETracer[];
  params: Params;
  outs: PETracer[];
}

export class PETracer extends Tracer {
  constructor(
    trace: Trace,
    readonly pval: PartialVal,
    readonly recipe: Recipe | null,
  ) {
    super(trace);
  }
  get aval(): ShapedArray {
    return this.pval.aval;
  }
  override fullLower(): JaxArray {
    return this.pval.known !== null ? fullLower(this.pval.known) : this;
  }
}

/** The equations recorded so far, in creation order (which is already topological). */
export class PEBuilder {
  readonly eqns: EqnRecipe[] = [];
}

/** A rule for higher-order primitives that can split their own work into known and unknown parts. */
export type PartialEvalRule = (trace: PETrace, tracers: PETracer[], params: Params) => JaxArray[];
const partialEvalRules = new Map<string, PartialEvalRule>();
export function registerPartialEvalRule(name: string, rule: PartialEvalRule): void {
  partialEvalRules.set(name, rule);
}

export class PETrace extends Trace {
  get builder(): PEBuilder {
    return this.main.globalData as PEBuilder;
  }

  newArg(pval: PartialVal): PETracer {
    return new PETracer(this, pval, pval.isKnown ? null : { kind: "lambda" });
  }

  pure(x: JaxArray): Tracer {
    return new PETracer(this, PartialVal.known(x), null);
  }

  instantiateConst(t: PETracer): PETracer {
    if (!t.pval.isKnown) return t;
    return new PETracer(this, PartialVal.unknown(t.aval), { kind: "const", value: t.pval.known! });
  }

  /** Records an equation on unknown tracers; used by the default rule and by custom rules. */
  recordEqn(prim: Primitive<Params>, inputs: PETracer[], params: Params, outAvals: readonly ShapedArray[]): PETracer[] {
    const outs = outAvals.map((aval) => new PETracer(this, PartialVal.unknown(aval), { kind: "eqn" }));
    this.builder.eqns.push({ prim, inputs, params, outs });
    return outs;
  }

  processPrimitive<P extends Params>(prim: Primitive<P>, tracers: Tracer[], params: P): JaxArray[] {
    const ts = tracers as PETracer[];
    if (ts.every((t) => t.pval.isKnown)) return bind(prim, ts.map((t) => t.pval.known!), params);
    const rule = partialEvalRules.get(prim.name);
    if (rule) return rule(this, ts, params);
    const inputs = ts.map((t) => this.instantiateConst(t));
    const outAvals = prim.abstractEval(
      inputs.map((t) => t.aval),
      params,
    );
    return this.recordEqn(prim, inputs, params, outAvals);
  }
}

/** Builds the jaxpr that computes `outs` from the unknown inputs, keeping only equations they need. */
export function tracersToJaxpr(inputs: readonly PETracer[], outs: readonly PETracer[], builder: PEBuilder): { jaxpr: Jaxpr; consts: JaxArray[] } {
  const vars = new Map<PETracer, Var>();
  const constvars: Var[] = [];
  const consts: JaxArray[] = [];
  const constVarOf = new Map<JaxArray, Var>();
  const varOf = (t: PETracer): Var => {
    let v = vars.get(t);
    if (v) return v;
    if (t.recipe?.kind === "const") {
      const value = t.recipe.value;
      v = constVarOf.get(value);
      if (!v) {
        v = new Var(t.aval);
        constVarOf.set(value, v);
        constvars.push(v);
        consts.push(value);
      }
    } else {
      v = new Var(t.aval);
    }
    vars.set(t, v);
    return v;
  };
  const invars = inputs.map(varOf);
  // Keep the equations the outputs depend on (dead-code elimination), in their original order.
  const needed = new Set<PETracer>(outs);
  const kept: EqnRecipe[] = [];
  for (let i = builder.eqns.length - 1; i >= 0; i--) {
    const e = builder.eqns[i]!;
    if (e.outs.some((o) => needed.has(o))) {
      kept.push(e);
      e.inputs.forEach((t) => needed.add(t));
    }
  }
  kept.reverse();
  const eqns = kept.map((e) => {
    const ins = e.inputs.map(varOf);
    return new JaxprEqn(e.prim, ins, e.params, e.outs.map(varOf));
  });
  const outVars = outs.map(varOf);
  return { jaxpr: new Jaxpr(constvars, invars, eqns, outVars), consts };
}

/**
 * Partially evaluates a flat function. Outputs with `instantiate[i]` set are forced unknown. Returns
 * the output partial values and a jaxpr from the unknown inputs to the unknown outputs (its consts
 * are the known values, "residuals", that the unknown part reads).
 */
export function partialEvalFlat(
  f: (...xs: JaxArray[]) => JaxArray[],
  pvalsIn: readonly PartialVal[],
  instantiate: (i: number, n: number) => boolean,
): { pvalsOut: PartialVal[]; jaxpr: Jaxpr; consts: JaxArray[] } {
  const builder = new PEBuilder();
  return withMainTrace(PETrace, builder, (main) => {
    const trace = main.makeTrace() as PETrace;
    const ins = pvalsIn.map((p) => trace.newArg(p));
    const rawOuts = f(...ins).map((o) => fullRaise(trace, o) as PETracer);
    const outs = rawOuts.map((o, i) => (instantiate(i, rawOuts.length) ? trace.instantiateConst(o) : o));
    const unknownIns = ins.filter((t) => !t.pval.isKnown);
    const unknownOuts = outs.filter((t) => !t.pval.isKnown);
    const { jaxpr, consts } = tracersToJaxpr(unknownIns, unknownOuts, builder);
    return { pvalsOut: outs.map((o) => o.pval), jaxpr, consts };
  });
}
