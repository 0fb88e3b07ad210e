// Runs a jaxpr on concrete arrays of one device at the buffer level: kernels read and write device
// buffers directly, intermediates are freed right after their last use, and only the outputs become
// arrays. Shape rules already ran when the jaxpr was traced, so they aren't checked again. This is
// how `jit` (and loop bodies) evaluate without per-operation array objects.
import { ArrayImpl, arrayFromBuffer } from "../array.js";
import { allocTyped, castScalar } from "../dtypes.js";
import type { ShapedArray } from "../tracing/aval.js";
import type { JaxArray } from "../tracing/array.js";
import { Literal, type Atom, type Jaxpr, type Var } from "../tracing/jaxpr.js";
import { bind, currentDynamicTrace } from "../tracing/trace.js";
import type { Device } from "./device.js";

interface Slot {
  buffer: unknown;
  aval: ShapedArray;
  /** Created here and not handed to an array: ours to free. */
  owned: boolean;
  array?: ArrayImpl;
}

/** Index of the last equation that reads each variable (outputs live to the end). */
function lastUses(jaxpr: Jaxpr): Map<Var, number> {
  const last = new Map<Var, number>();
  jaxpr.eqns.forEach((e, i) => e.inputs.forEach((a) => a instanceof Literal || last.set(a, i)));
  jaxpr.outs.forEach((a) => a instanceof Literal || last.set(a, Infinity));
  return last;
}
const lastUseCache = new WeakMap<Jaxpr, Map<Var, number>>();

/**
 * Executes `jaxpr` on `args` if they are all concrete arrays on one device and nothing is being
 * traced; returns null otherwise (the caller then interprets the jaxpr with bind).
 */
export function executeJaxpr(jaxpr: Jaxpr, consts: readonly JaxArray[], args: readonly JaxArray[]): JaxArray[] | null {
  if (currentDynamicTrace() !== null) return null;
  const inputs = [...consts, ...args];
  const first = inputs[0];
  if (!(first instanceof ArrayImpl)) return null;
  const device = first.device;
  if (inputs.some((a) => !(a instanceof ArrayImpl) || a.device !== device)) return null;

  let last = lastUseCache.get(jaxpr);
  if (!last) {
    last = lastUses(jaxpr);
    lastUseCache.set(jaxpr, last);
  }
  const env = new Map<Var, Slot>();
  [...jaxpr.constvars, ...jaxpr.invars].forEach((v, i) => {
    const a = inputs[i] as ArrayImpl;
    env.set(v, { buffer: a.buffer, aval: a.aval, owned: false, array: a });
  });
  const literalSlot = (l: Literal): Slot => {
    const data = allocTyped(l.aval.dtype, 1);
    data[0] = castScalar(l.value, l.aval.dtype);
    return { buffer: device.upload(data, l.aval), aval: l.aval, owned: true };
  };
  const asArray = (s: Slot): ArrayImpl => {
    if (!s.array) {
      s.array = arrayFromBuffer(s.aval, device, s.buffer);
      s.owned = false;
    }
    return s.array;
  };

  try {
    jaxpr.eqns.forEach((eqn, i) => {
      const slots = eqn.inputs.map((a: Atom) => (a instanceof Literal ? literalSlot(a) : env.get(a)!));
      const outAvals = eqn.outBinders.map((v) => v.aval);
      if (eqn.primitive.impl || !eqn.primitive.evalRule) {
        const outs = device.execute(
          eqn.primitive,
          slots.map((s) => s.buffer),
          slots.map((s) => s.aval),
          eqn.params,
          outAvals,
        );
        eqn.outBinders.forEach((v, k) => env.set(v, { buffer: outs[k], aval: outAvals[k]!, owned: true }));
      } else {
        // Higher-order primitives evaluate through bind on arrays.
        const outs = bind(eqn.primitive, slots.map(asArray), eqn.params) as ArrayImpl[];
        eqn.outBinders.forEach((v, k) => {
          const o = outs[k]!;
          env.set(v, { buffer: o.buffer, aval: outAvals[k]!, owned: false, array: o });
        });
      }
      // Free literals now and intermediates at their last use.
      slots.forEach((s, k) => {
        const a = eqn.inputs[k]!;
        if (s.owned && (a instanceof Literal || last.get(a) === i)) {
          device.free(s.buffer);
          s.owned = false;
        }
      });
    });
    return jaxpr.outs.map((a) => asArray(a instanceof Literal ? literalSlot(a) : env.get(a)!));
  } catch (e) {
    for (const s of env.values()) if (s.owned) device.free(s.buffer);
    throw e;
  }
}

export type { Device };
