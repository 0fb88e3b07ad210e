// The IR: typed variables, equations that apply primitives, and nested jaxprs held in params
// (cond branches, scan bodies, jit calls). Printed in JAX's format.
import { ShapeError } from "../errors.js";
import type { Params, Primitive } from "../primitives/primitive.js";
import type { ShapedArray } from "./aval.js";

export class Var {
  constructor(readonly aval: ShapedArray) {}
}

/** A scalar constant inlined into an equation (JAX prints it as `2.0:f32[]`). */
export class Literal {
  constructor(
    readonly value: number,
    readonly aval: ShapedArray,
  ) {}
}

export type Atom = Var | Literal;

export class JaxprEqn {
  constructor(
    readonly primitive: Primitive<Params>,
    readonly inputs: readonly Atom[],
    readonly params: Params,
    readonly outBinders: readonly Var[],
  ) {}
}

export class Jaxpr {
  constructor(
    /** Inputs bound to the closed-over constants of a ClosedJaxpr. */
    readonly constvars: readonly Var[],
    readonly invars: readonly Var[],
    readonly eqns: readonly JaxprEqn[],
    readonly outs: readonly Atom[],
  ) {}

  get inAvals(): ShapedArray[] {
    return this.invars.map((v) => v.aval);
  }
  get outAvals(): ShapedArray[] {
    return this.outs.map((v) => v.aval);
  }

  toString(): string {
    return printJaxpr(this);
  }
}

/** A jaxpr together with the values of its constvars. */
export class ClosedJaxpr {
  constructor(
    readonly jaxpr: Jaxpr,
    readonly consts: readonly unknown[],
  ) {}
  get inAvals(): ShapedArray[] {
    return this.jaxpr.inAvals;
  }
  get outAvals(): ShapedArray[] {
    return this.jaxpr.outAvals;
  }
  toString(): string {
    return printJaxpr(this.jaxpr);
  }
}

// ---- Printing ---------------------------------------------------------------------------------

/** a, b, ..., z, ba, bb, ... as JAX names variables. */
function varName(i: number): string {
  let s = "";
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function formatNumber(v: number, aval: ShapedArray): string {
  if (aval.dtype === "bool") return v ? "True" : "False";
  if (aval.dtype.startsWith("float")) {
    if (Number.isNaN(v)) return "nan";
    if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
    return Number.isInteger(v) ? `${v}.0` : String(v);
  }
  return String(v);
}

/** A literal as the printer shows it: `2.0:f32[]`. */
export function literalText(l: Literal): string {
  return `${formatNumber(l.value, l.aval)}:${l.aval.str()}`;
}

class Namer {
  readonly names = new Map<Var, string>();
  private next = 0;
  name(v: Var): string {
    let n = this.names.get(v);
    if (n === undefined) {
      n = varName(this.next++);
      this.names.set(v, n);
    }
    return n;
  }
  atom(a: Atom): string {
    return a instanceof Literal ? literalText(a) : this.name(a);
  }
}

/** A parameter value as the printer shows it; `nested` prints a nested jaxpr (or elides it). */
export function paramText(value: unknown, nested: (jaxpr: Jaxpr) => string): string {
  if (value instanceof Jaxpr) return nested(value);
  if (value instanceof ClosedJaxpr) return nested(value.jaxpr);
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (Array.isArray(value)) {
    const items = value.map((v) => paramText(v, nested));
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
  }
  if (typeof value === "function") return value.name || "<fn>";
  if (typeof value === "object") {
    if ("name" in value && typeof (value).name === "string") return (value as { name: string }).name;
    return JSON.stringify(value);
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "bigint") return value.toString();
  return typeof value;
}

/** The parameters the printer shows for an equation (snake_case names, sorted), in its order. */
export function paramPairs(eqn: JaxprEqn): [string, unknown][] {
  const custom = eqn.primitive.printParams?.(eqn.params);
  if (custom) return custom;
  return Object.entries(eqn.params)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [snakeCase(k), v] as [string, unknown])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function printEqn(eqn: JaxprEqn, namer: Namer, indent: number): string {
  const lhs = eqn.outBinders.length === 0 ? "_" : eqn.outBinders.map((v) => `${namer.name(v)}:${v.aval.str()}`).join(" ");
  const pairs = paramPairs(eqn);
  const params = pairs.length ? `[${pairs.map(([k, v]) => `${k}=${paramText(v, (j) => printJaxprWith(j, namer, indent + 2))}`).join(" ")}]` : "";
  const args = eqn.inputs.map((a) => namer.atom(a)).join(" ");
  return `${lhs} = ${eqn.primitive.name}${params}${args ? " " + args : ""}`;
}

function printJaxprWith(jaxpr: Jaxpr, namer: Namer, indent: number): string {
  const binders = (vs: readonly Var[]) => vs.map((v) => `${namer.name(v)}:${v.aval.str()}`).join(" ");
  const head = `{ lambda ${binders(jaxpr.constvars)}; ${binders(jaxpr.invars)}. let`;
  const eqns = jaxpr.eqns.map((e) => printEqn(e, namer, indent));
  const outs = jaxpr.outs.map((a) => namer.atom(a));
  const tail = `in (${outs.join(", ")}${outs.length === 1 ? "," : ""}) }`;
  const body = eqns.join("; ");
  const oneLine = `${head} ${body}${body ? " " : ""}${tail}`;
  if (oneLine.length + indent <= 80 && !oneLine.includes("\n")) return oneLine;
  const pad = " ".repeat(indent);
  return [head, ...eqns.map((e) => `${pad}    ${e}`), `${pad}  ${tail}`].join("\n");
}

export function printJaxpr(jaxpr: Jaxpr): string {
  return printJaxprWith(jaxpr, new Namer(), 0);
}

/** The name `printJaxpr` gives each variable (nested jaxprs included), for listings that refer to it. */
export function printedVarNames(jaxpr: Jaxpr): ReadonlyMap<Var, string> {
  const namer = new Namer();
  printJaxprWith(jaxpr, namer, 0);
  return namer.names;
}

// ---- Type checking ----------------------------------------------------------------------------

/** Checks that every variable is bound once before use and that each equation's types follow its rule. */
export function typecheckJaxpr(jaxpr: Jaxpr): void {
  const env = new Set<Var>();
  const bindVar = (v: Var) => {
    if (env.has(v)) throw new ShapeError(`typecheck: variable ${v.aval.str()} is bound twice in\n${printJaxpr(jaxpr)}`);
    env.add(v);
  };
  jaxpr.constvars.forEach(bindVar);
  jaxpr.invars.forEach(bindVar);
  const checkAtom = (a: Atom, where: string) => {
    if (a instanceof Var && !env.has(a)) {
      throw new ShapeError(`typecheck: ${where} uses an unbound variable of type ${a.aval.str()} in\n${printJaxpr(jaxpr)}`);
    }
  };
  jaxpr.eqns.forEach((eqn) => {
    eqn.inputs.forEach((a) => checkAtom(a, eqn.primitive.name));
    const outAvals = eqn.primitive.abstractEval(
      eqn.inputs.map((a) => a.aval),
      eqn.params,
    );
    if (outAvals.length !== eqn.outBinders.length) {
      throw new ShapeError(`typecheck: ${eqn.primitive.name} produces ${outAvals.length} outputs but binds ${eqn.outBinders.length}`);
    }
    outAvals.forEach((aval, i) => {
      const v = eqn.outBinders[i]!;
      if (!aval.equals(v.aval)) {
        throw new ShapeError(`typecheck: ${eqn.primitive.name} output ${i} is ${aval.str()} but is bound as ${v.aval.str()}`);
      }
    });
    for (const value of Object.values(eqn.params)) {
      if (value instanceof Jaxpr) typecheckJaxpr(value);
      if (value instanceof ClosedJaxpr) typecheckJaxpr(value.jaxpr);
      if (Array.isArray(value)) {
        for (const v of value) {
          if (v instanceof Jaxpr) typecheckJaxpr(v);
          if (v instanceof ClosedJaxpr) typecheckJaxpr(v.jaxpr);
        }
      }
    }
    eqn.outBinders.forEach(bindVar);
  });
  jaxpr.outs.forEach((a) => checkAtom(a, "the output"));
}
