// The staging trace: runs a function on abstract tracers and records each primitive as a jaxpr
// equation. Used by makeJaxpr, jit and the control-flow primitives that hold jaxprs.
import { ArrayImpl } from "../array.js";
import type { Params, Primitive } from "../primitives/primitive.js";
import { ShapedArray } from "./aval.js";
import { JaxArray, Tracer } from "./array.js";
import { Jaxpr, JaxprEqn, Literal, Var, type Atom } from "./jaxpr.js";
import { Trace, fullRaise, withDynamicTrace, withMainTrace, type MainTrace } from "./trace.js";

export class JaxprTracer extends Tracer {
  constructor(
    trace: Trace,
    readonly avalValue: ShapedArray,
  ) {
    super(trace);
  }
  get aval(): ShapedArray {
    return this.avalValue;
  }
}

/** Collects the equations and constants of one jaxpr while it is traced. */
export class JaxprBuilder {
  readonly eqns: JaxprEqn[] = [];
  readonly tracerToVar = new Map<Tracer, Var>();
  readonly constTracers = new Map<JaxArray, JaxprTracer>();
  readonly constVals = new Map<Var, JaxArray>();

  newTracer(trace: Trace, aval: ShapedArray): JaxprTracer {
    return new JaxprTracer(trace, aval);
  }

  addVar(t: Tracer): Var {
    const v = new Var(t.aval);
    this.tracerToVar.set(t, v);
    return v;
  }

  getVar(t: Tracer): Var {
    const v = this.tracerToVar.get(t);
    if (!v) throw new Error(`internal: tracer ${t.aval.str()} has no variable in this jaxpr`);
    return v;
  }

  constTracer(trace: Trace, value: JaxArray): JaxprTracer {
    let t = this.constTracers.get(value);
    if (!t) {
      t = this.newTracer(trace, value.aval);
      this.constTracers.set(value, t);
      this.constVals.set(this.addVar(t), value);
    }
    return t;
  }

  /**
   * Builds the jaxpr for `inTracers -> outTracers`. Scalar concrete constants on the host are
   * inlined as literals; every other constant becomes a constvar whose value is returned.
   */
  build(inTracers: readonly Tracer[], outTracers: readonly Tracer[]): { jaxpr: Jaxpr; consts: JaxArray[] } {
    const invars = inTracers.map((t) => this.getVar(t));
    const literals = new Map<Var, Literal>();
    const constvars: Var[] = [];
    const consts: JaxArray[] = [];
    for (const [v, value] of this.constVals) {
      if (value instanceof ArrayImpl && value.ndim === 0 && value.device.platform === "cpu") {
        literals.set(v, new Literal(Number(value.dataSync()[0]), value.aval));
      } else {
        constvars.push(v);
        consts.push(value);
      }
    }
    const sub = (a: Var): Atom => literals.get(a) ?? a;
    const eqns = this.eqns.map((e) => new JaxprEqn(e.primitive, e.inputs.map((a) => (a instanceof Var ? sub(a) : a)), e.params, e.outBinders));
    const outs = outTracers.map((t) => sub(this.getVar(t)));
    return { jaxpr: new Jaxpr(constvars, invars, eqns, outs), consts };
  }
}

export class JaxprTrace extends Trace {
  get builder(): JaxprBuilder {
    return this.main.globalData as JaxprBuilder;
  }

  newArg(aval: ShapedArray): JaxprTracer {
    const t = this.builder.newTracer(this, aval);
    this.builder.addVar(t);
    return t;
  }

  pure(x: JaxArray): Tracer {
    return this.builder.constTracer(this, x);
  }

  processPrimitive<P extends Params>(prim: Primitive<P>, tracers: Tracer[], params: P): JaxArray[] {
    const b = this.builder;
    const outAvals = prim.abstractEval(
      tracers.map((t) => t.aval),
      params,
    );
    const outs = outAvals.map((aval) => b.newTracer(this, aval));
    const inputs = tracers.map((t) => b.getVar(t));
    b.eqns.push(new JaxprEqn(prim, inputs, params, outs.map((t) => b.addVar(t))));
    return outs;
  }
}

/**
 * Traces a flat function of arrays to a jaxpr. Everything the function computes is staged, even
 * operations on constants (omnistaging), so the jaxpr is the whole computation.
 */
export function traceToJaxpr(
  f: (...args: JaxArray[]) => JaxArray[],
  inAvals: readonly ShapedArray[],
): { jaxpr: Jaxpr; consts: JaxArray[] } {
  const builder = new JaxprBuilder();
  return withMainTrace(JaxprTrace, builder, (main: MainTrace) =>
    withDynamicTrace(main, () => {
      const trace = main.makeTrace() as JaxprTrace;
      const inTracers = inAvals.map((a) => trace.newArg(a));
      const outs = f(...inTracers);
      const outTracers = outs.map((o) => fullRaise(trace, o));
      return builder.build(inTracers, outTracers);
    }),
  );
}
