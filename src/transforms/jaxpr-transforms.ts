// Transforms applied to whole jaxprs, by tracing a transformed interpreter of the jaxpr. Used by
// the rules of primitives that hold jaxprs (jit, cond, scan, while, custom rules).
import type { BDim, Tangent } from "../primitives/primitive.js";
import { UndefinedPrimal, Zero } from "../primitives/primitive.js";
import { instantiate as instantiateZero, zerosLikeAval } from "../primitives/rules.js";
import { ShapedArray } from "../tracing/aval.js";
import { isTracer, type JaxArray } from "../tracing/array.js";
import { evalJaxpr } from "../tracing/eval-jaxpr.js";
import { executeJaxpr } from "../backend/execute-jaxpr.js";
import { Jaxpr } from "../tracing/jaxpr.js";
import { traceToJaxpr } from "../tracing/staging.js";
import { jvpFlat } from "./jvp.js";
import { partialEvalFlat, PartialVal } from "./partial-eval.js";
import { backwardPass } from "./transpose.js";
import { vmapFlat } from "./vmap.js";

/** A jaxpr with no constvars: its constants become leading inputs (JAX's closure conversion). */
export interface ClosedOver {
  jaxpr: Jaxpr;
  consts: JaxArray[];
}

/** Moves constvars to the front of the inputs. */
export function convertConstvars(jaxpr: Jaxpr): Jaxpr {
  if (jaxpr.constvars.length === 0) return jaxpr;
  return new Jaxpr([], [...jaxpr.constvars, ...jaxpr.invars], jaxpr.eqns, jaxpr.outs);
}

/** Traces `f` to a const-free jaxpr; the captured constants come back to be passed as inputs. */
export function traceClosed(f: (...xs: JaxArray[]) => JaxArray[], inAvals: readonly ShapedArray[]): ClosedOver {
  const { jaxpr, consts } = traceToJaxpr(f, inAvals);
  return { jaxpr: convertConstvars(jaxpr), consts };
}

// Jaxpr-level transforms are pure functions of (jaxpr, flags), and jaxprs are immutable, so their
// results are memoized per jaxpr: a jit, cond or scan called again under the same transform reuses
// the transformed jaxpr instead of retracing it. Results whose constants are tracers (a custom rule
// closing over another transform's values) are only valid inside that transform and aren't kept.
const memo = new WeakMap<Jaxpr, Map<string, unknown>>();

function cached<T>(jaxpr: Jaxpr, key: string): T | undefined {
  return memo.get(jaxpr)?.get(key) as T | undefined;
}

function remember<T>(jaxpr: Jaxpr, key: string, value: T, consts: readonly JaxArray[]): T {
  if (consts.some(isTracer)) return value;
  let entries = memo.get(jaxpr);
  if (!entries) {
    entries = new Map();
    memo.set(jaxpr, entries);
  }
  entries.set(key, value);
  return value;
}

const flags = (xs: readonly boolean[] | boolean): string => (typeof xs === "boolean" ? String(xs) : xs.map((b) => (b ? 1 : 0)).join(""));

/** Runs a jaxpr: at the buffer level on concrete arrays, else by binding each equation (under traces). */
export function runJaxpr(jaxpr: Jaxpr, args: readonly JaxArray[]): JaxArray[] {
  return executeJaxpr(jaxpr, [], args) ?? evalJaxpr(jaxpr, [], args);
}

/**
 * JVP of a jaxpr: inputs are the primals then the tangents of the inputs with `nonzeros[i]`;
 * outputs are the primals then the tangents of the outputs with `outNonzeros[i]` (forced by `instantiate`).
 */
export function jvpJaxpr(
  jaxpr: Jaxpr,
  nonzeros: readonly boolean[],
  instantiate: readonly boolean[] | boolean,
): { jaxpr: ClosedOver; outNonzeros: boolean[] } {
  const key = `jvp|${flags(nonzeros)}|${flags(instantiate)}`;
  const hit = cached<{ jaxpr: ClosedOver; outNonzeros: boolean[] }>(jaxpr, key);
  if (hit) return hit;
  const n = jaxpr.invars.length;
  let outNonzeros: boolean[] = [];
  const tangentAvals = jaxpr.inAvals.filter((_, i) => nonzeros[i]).map((a) => a.withWeak(false));
  const closed = traceClosed((...xs) => {
    const primals = xs.slice(0, n);
    let k = n;
    const tangents: Tangent[] = jaxpr.inAvals.map((a, i) => (nonzeros[i] ? xs[k++]! : new Zero(a.withWeak(false))));
    const [outs, outTangents] = jvpFlat((...ps) => runJaxpr(jaxpr, ps), primals, tangents);
    const inst = (i: number) => (typeof instantiate === "boolean" ? instantiate : instantiate[i]!);
    outNonzeros = outTangents.map((t, i) => !(t instanceof Zero) || inst(i));
    const tOut = outTangents.filter((_, i) => outNonzeros[i]).map(instantiateZero);
    return [...outs, ...tOut];
  }, [...jaxpr.inAvals, ...tangentAvals]);
  return remember(jaxpr, key, { jaxpr: closed, outNonzeros }, closed.consts);
}

/** The aval of a batched value: the axis inserted at `dim`. */
export function batchedAval(aval: ShapedArray, dim: BDim, size: number): ShapedArray {
  if (dim === null) return aval;
  const shape = [...aval.shape];
  shape.splice(dim, 0, size);
  return new ShapedArray(shape, aval.dtype, aval.weakType);
}

/**
 * vmap of a jaxpr. `outDims` gives the wanted batch axis of each output (null: leave unbatched
 * outputs unbatched); outputs that must be batched but come out unbatched are broadcast.
 */
export function vmapJaxpr(
  jaxpr: Jaxpr,
  axisSize: number,
  inDims: readonly BDim[],
  outDims: (outBatched: boolean[]) => BDim[],
): { jaxpr: ClosedOver; outDims: BDim[] } {
  // Which outputs come out batched depends only on the jaxpr and inDims; the wanted axes may
  // depend on that, so the result is keyed by both.
  const base = `vmap|${axisSize}|${inDims.join(",")}`;
  const knownBatched = cached<boolean[]>(jaxpr, base);
  const wantedKey = (dims: readonly BDim[]) => `${base}|${dims.join(",")}`;
  if (knownBatched) {
    const hit = cached<{ jaxpr: ClosedOver; outDims: BDim[] }>(jaxpr, wantedKey(outDims(knownBatched)));
    if (hit) return hit;
  }
  let chosen: BDim[] = [];
  let outBatched: boolean[] = [];
  const inAvals = jaxpr.inAvals.map((a, i) => batchedAval(a, inDims[i]!, axisSize));
  const closed = traceClosed((...xs) => {
    return vmapFlat((...ys) => runJaxpr(jaxpr, ys), axisSize, xs, inDims, (batched) => {
      outBatched = batched;
      chosen = outDims(batched);
      return chosen;
    });
  }, inAvals);
  remember(jaxpr, base, outBatched, closed.consts);
  return remember(jaxpr, wantedKey(chosen), { jaxpr: closed, outDims: chosen }, closed.consts);
}

export interface PartialEvalResult {
  known: ClosedOver;
  unknown: Jaxpr;
  outUnknowns: boolean[];
  numResiduals: number;
  residualAvals: ShapedArray[];
}

/**
 * Splits a jaxpr into a known part (known inputs -> known outputs + residuals) and an unknown
 * part (residuals + unknown inputs -> unknown outputs).
 */
export function partialEvalJaxpr(
  jaxpr: Jaxpr,
  inUnknowns: readonly boolean[],
  instantiate: readonly boolean[] | boolean,
): PartialEvalResult {
  const key = `pe|${flags(inUnknowns)}|${flags(instantiate)}`;
  const hit = cached<PartialEvalResult>(jaxpr, key);
  if (hit) return hit;
  let unknown: Jaxpr | undefined;
  let outUnknowns: boolean[] = [];
  let residualAvals: ShapedArray[] = [];
  const knownAvals = jaxpr.inAvals.filter((_, i) => !inUnknowns[i]);
  const known = traceClosed((...knownIns) => {
    let k = 0;
    const pvals = jaxpr.inAvals.map((a, i) => (inUnknowns[i] ? PartialVal.unknown(a) : PartialVal.known(knownIns[k++]!)));
    const inst = (i: number) => (typeof instantiate === "boolean" ? instantiate : instantiate[i]!);
    const res = partialEvalFlat((...xs) => runJaxpr(jaxpr, xs), pvals, inst);
    unknown = convertConstvars(res.jaxpr);
    outUnknowns = res.pvalsOut.map((p) => !p.isKnown);
    residualAvals = res.consts.map((c) => c.aval);
    const knownOuts = res.pvalsOut.filter((p) => p.isKnown).map((p) => p.known!);
    return [...knownOuts, ...res.consts];
  }, knownAvals);
  return remember(jaxpr, key, { known, unknown: unknown!, outUnknowns, numResiduals: residualAvals.length, residualAvals }, known.consts);
}

/**
 * Transpose of a jaxpr linear in the inputs marked `linear`: the result takes the non-linear
 * inputs then the output cotangents, and returns cotangents of the linear inputs.
 *
 * The jaxpr is partially evaluated first, with the linear inputs unknown: the non-linear work runs
 * forward and only the linear part is transposed. The backward pass's own forward sweep can't do
 * this inside higher-order equations: a jaxpr that recomputes primal values next to tangents (a
 * checkpoint's) may hold a scan whose carry mixes both, and only scan's partial-evaluation rule
 * can split that into a primal scan and a linear one.
 */
export function transposeJaxpr(jaxpr: Jaxpr, linear: readonly boolean[]): ClosedOver {
  const key = `T|${flags(linear)}`;
  const hit = cached<ClosedOver>(jaxpr, key);
  if (hit) return hit;
  const nonlinAvals = jaxpr.inAvals.filter((_, i) => !linear[i]);
  const linAvals = jaxpr.inAvals.filter((_, i) => linear[i]);
  const ctAvals = jaxpr.outAvals.map((a) => a.withWeak(false));
  const split = partialEvalJaxpr(jaxpr, linear, true);
  const closed = traceClosed((...xs) => {
    const knownOuts = runJaxpr(split.known.jaxpr, [...split.known.consts, ...xs.slice(0, nonlinAvals.length)]);
    const residuals = knownOuts.slice(knownOuts.length - split.numResiduals);
    const cts = xs.slice(nonlinAvals.length);
    const args = [...residuals, ...linAvals.map((a) => new UndefinedPrimal(a))];
    const out = backwardPass(split.unknown, [], args, cts).slice(residuals.length);
    return out.map((c, i) => (c === null ? zerosLikeAval(linAvals[i]!) : instantiateZero(c)));
  }, [...nonlinAvals, ...ctAvals]);
  return remember(jaxpr, key, closed, closed.consts);
}
