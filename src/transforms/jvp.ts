// Forward mode: a JVP tracer carries a primal and a tangent; each primitive's JVP rule maps both.
// Symbolic zeros make unused inputs cost nothing.
import { isFloat } from "../dtypes.js";
import { UnsupportedError, ValueError } from "../errors.js";
import { Zero, type Params, type Primitive, type Tangent } from "../primitives/primitive.js";
import { instantiate } from "../primitives/rules.js";
import { shapesEqual } from "../shape.js";
import type { ShapedArray } from "../tracing/aval.js";
import { JaxArray, Tracer } from "../tracing/array.js";
import { bind, fullRaise, Trace, withMainTrace } from "../tracing/trace.js";
import { treedefEqual, treedefString, unflatten } from "../tree/pytree.js";
import { flattenDiffArgs, flattenFun, flattenLike, type AnyFn } from "./api-util.js";

export class JVPTracer extends Tracer {
  constructor(
    trace: Trace,
    readonly primal: JaxArray,
    readonly tangent: Tangent,
  ) {
    super(trace);
  }
  get aval(): ShapedArray {
    return this.primal.aval;
  }
}

export class JVPTrace extends Trace {
  pure(x: JaxArray): Tracer {
    return new JVPTracer(this, x, new Zero(x.aval.withWeak(false)));
  }

  processPrimitive<P extends Params>(prim: Primitive<P>, tracers: Tracer[], params: P): JaxArray[] {
    const jts = tracers as JVPTracer[];
    const primals = jts.map((t) => t.primal);
    const tangents = jts.map((t) => t.tangent);
    if (tangents.every((t) => t instanceof Zero)) {
      // Nothing to differentiate: run the primal computation one level down.
      return bind(prim, primals, params).map((o) => new JVPTracer(this, o, new Zero(o.aval.withWeak(false))));
    }
    if (!prim.jvp) throw new UnsupportedError(`${prim.name}: differentiation is not supported (no JVP rule)`);
    const [outs, outTangents] = prim.jvp(primals, tangents, params);
    return outs.map((o, i) => new JVPTracer(this, o, nonFloatZero(o, outTangents[i]!)));
  }
}

/** Integer and bool values carry zero tangents (JAX's float0), whatever a rule returns. */
function nonFloatZero(primal: JaxArray, t: Tangent): Tangent {
  return isFloat(primal.dtype) ? t : new Zero(primal.aval.withWeak(false));
}

/**
 * JVP of a flat function: returns primal outputs and tangent outputs (tangents may be Zero).
 * Tangent inputs may be Zero to mark inputs that are not differentiated.
 */
export function jvpFlat(
  f: (...xs: JaxArray[]) => JaxArray[],
  primals: readonly JaxArray[],
  tangents: readonly Tangent[],
): [JaxArray[], Tangent[]] {
  return withMainTrace(JVPTrace, null, (main) => {
    const trace = main.makeTrace();
    const inTracers = primals.map((p, i) => new JVPTracer(trace, p, nonFloatZero(p, tangents[i]!)));
    const outs = f(...inTracers).map((o) => fullRaise(trace, o) as JVPTracer);
    return [outs.map((o) => o.primal), outs.map((o) => o.tangent)];
  });
}

function checkTangent(op: string, p: JaxArray, t: JaxArray): void {
  if (!shapesEqual(p.shape, t.shape) || (isFloat(p.dtype) && p.dtype !== t.dtype)) {
    throw new ValueError(
      `${op}: tangent ${t.aval.str()} does not match its primal ${p.aval.str()}; ` +
        `a tangent must have the primal's shape and (for float primals) dtype`,
    );
  }
}

/** `jax.jvp(f, primals, tangents)` returns `[primalsOut, tangentsOut]` as pytrees. */
export function jvp(f: AnyFn, primals: readonly unknown[], tangents: readonly unknown[]): [unknown, unknown] {
  if (!Array.isArray(primals) || !Array.isArray(tangents)) {
    throw new ValueError("jvp: primals and tangents must be JS arrays of arguments, e.g. jvp(f, [x], [t])");
  }
  const [pLeaves, inTree] = flattenDiffArgs(primals, "jvp");
  const [tLeaves, tTree] = flattenLike(tangents, pLeaves, "jvp");
  if (!treedefEqual(inTree, tTree)) {
    throw new ValueError(`jvp: primals have structure ${treedefString(inTree)} but tangents have ${treedefString(tTree)}; they must have the same structure`);
  }
  const ps = pLeaves;
  const ts = tLeaves;
  ps.forEach((p, i) => checkTangent("jvp", p, ts[i]!));
  const flat = flattenFun(f, inTree, "jvp");
  const [outs, outTangents] = jvpFlat(flat.fn, ps, ts);
  const tree = flat.outTree();
  return [unflatten(tree, outs), unflatten(tree, outTangents.map(instantiate))];
}
