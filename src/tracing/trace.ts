// The trace stack (as in JAX's Autodidax). Every primitive call goes through `bind`, which finds
// the innermost trace among its operands, raises every operand into it, and lets that trace
// interpret the primitive. Traces nest by level, so transforms compose without special cases.
import { TracerLeakError, ValueError } from "../errors.js";
import type { Params, Primitive } from "../primitives/primitive.js";
import { JaxArray, Tracer } from "./array.js";

export abstract class Trace {
  constructor(readonly main: MainTrace) {}
  /** Boxes a concrete array (or a tracer of a lower trace) as a tracer of this trace. */
  abstract pure(x: JaxArray): Tracer;
  lift(x: JaxArray): Tracer {
    return this.pure(x);
  }
  abstract processPrimitive<P extends Params>(prim: Primitive<P>, tracers: Tracer[], params: P): JaxArray[];
}

export type TraceClass = new (main: MainTrace) => Trace;

export class MainTrace {
  active = true;
  constructor(
    readonly level: number,
    readonly traceType: TraceClass,
    /** Per-transform data (the jaxpr builder for staging, the axis size for vmap, ...). */
    readonly globalData: unknown,
  ) {}
  makeTrace(): Trace {
    return new this.traceType(this);
  }
}

/** Level 0 is evaluation: concrete arrays are "values" of it and need no tracer. */
const traceStack: MainTrace[] = [];
/** The staging trace that captures every primitive while `makeJaxpr`/`jit` traces (omnistaging). */
let dynamicTrace: MainTrace | null = null;

export function stackDepth(): number {
  return traceStack.length;
}

/** Runs `body` with a new main trace pushed; the trace is marked dead afterwards, for leak checks. */
export function withMainTrace<T>(traceType: TraceClass, globalData: unknown, body: (main: MainTrace) => T): T {
  const main = new MainTrace(traceStack.length + 1, traceType, globalData);
  traceStack.push(main);
  try {
    return body(main);
  } finally {
    traceStack.pop();
    main.active = false;
  }
}

/** Makes `main` the dynamic trace while `body` runs: even constants are staged into it. */
export function withDynamicTrace<T>(main: MainTrace, body: () => T): T {
  const prev = dynamicTrace;
  dynamicTrace = main;
  try {
    return body();
  } finally {
    dynamicTrace = prev;
  }
}

export function currentDynamicTrace(): MainTrace | null {
  return dynamicTrace;
}

function leakError(t: Tracer, prim: string): TracerLeakError {
  return new TracerLeakError(
    `${prim}: an operand ${t.aval.str()} is a tracer from a transform that has already returned ` +
      `(${t.trace.constructor.name}). A value computed inside jit/grad/vmap escaped, for example ` +
      `through a closure or a global variable; return it from the transformed function instead`,
  );
}

/** The innermost trace among the operands (null for all-concrete operands outside staging). */
export function findTopTrace(args: readonly JaxArray[], primName: string): MainTrace | null {
  let top: MainTrace | null = null;
  for (const x of args) {
    if (x instanceof Tracer) {
      const m = x.main;
      if (!m.active) throw leakError(x, primName);
      if (top === null || m.level > top.level) top = m;
    }
  }
  if (dynamicTrace !== null && (top === null || dynamicTrace.level > top.level)) top = dynamicTrace;
  return top;
}

export function fullRaise(trace: Trace, x: JaxArray): Tracer {
  if (!(x instanceof Tracer)) return trace.pure(x);
  const level = trace.main.level;
  if (x.main === trace.main) return x;
  if (x.main.level < level) return trace.lift(x);
  if (x.main.level > level) {
    throw new TracerLeakError(
      `a tracer of level ${x.main.level} (${x.trace.constructor.name}) reached a trace of lower level ${level}; ` +
        `a value from an inner transform escaped into an outer one`,
    );
  }
  throw new TracerLeakError(`two different traces at the same level ${level}`);
}

export function fullLower(x: JaxArray): JaxArray {
  return x instanceof Tracer ? x.fullLower() : x;
}

/** Evaluates concrete operands; installed by the eval module (keeps this file free of backends). */
let evalPrimitive: (prim: Primitive<Params>, args: JaxArray[], params: Params) => JaxArray[] = () => {
  throw new Error("jax-ts: evaluation backend not loaded");
};
export function setEvalPrimitive(f: typeof evalPrimitive): void {
  evalPrimitive = f;
}

/** Applies a primitive to operands: the one entry point for every operation. */
export function bind<P extends Params>(prim: Primitive<P>, args: readonly JaxArray[], params: P): JaxArray[] {
  for (const a of args) {
    if (!(a instanceof JaxArray)) {
      throw new ValueError(`${prim.name}: operand ${String(a)} is not an array; wrap JS numbers with jnp.array`);
    }
  }
  const top = findTopTrace(args, prim.name);
  if (top === null) return evalPrimitive(prim, [...args], params);
  const trace = top.makeTrace();
  const tracers = args.map((a) => fullRaise(trace, a));
  return trace.processPrimitive(prim, tracers, params).map(fullLower);
}

/** `bind` for single-output primitives. */
export function bind1<P extends Params>(prim: Primitive<P>, args: readonly JaxArray[], params: P): JaxArray {
  return bind(prim, args, params)[0]!;
}
