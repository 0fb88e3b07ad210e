// Runs a jaxpr on concrete arrays of one device through its executable (src/runtime/
// executable.ts): planned once per jaxpr and device, with dead code dropped, elementwise chains
// fused where the device runs kernel IR, literals uploaded once, and intermediates freed at their
// last use. This is how `jit` and the bodies of loops evaluate.
import { ArrayImpl } from "../array.js";
import { executableFor } from "../runtime/executable.js";
import type { JaxArray } from "../tracing/array.js";
import type { Jaxpr } from "../tracing/jaxpr.js";
import { currentDynamicTrace } from "../tracing/trace.js";
import type { Device } from "./device.js";

/**
 * Executes `jaxpr` on `args` if they are all concrete arrays on one device and nothing is being
 * traced; returns null otherwise (the caller then interprets the jaxpr with bind).
 */
export function executeJaxpr(
  jaxpr: Jaxpr,
  consts: readonly JaxArray[],
  args: readonly JaxArray[],
  donated?: { readonly flags: readonly boolean[]; readonly to: string },
): JaxArray[] | null {
  if (currentDynamicTrace() !== null) return null;
  const inputs = [...consts, ...args];
  const first = inputs[0];
  if (!(first instanceof ArrayImpl)) return null;
  const device = first.device;
  if (inputs.some((a) => !(a instanceof ArrayImpl) || a.device !== device)) return null;
  return executableFor(jaxpr, device).run(inputs as ArrayImpl[], donated);
}

export type { Device };
