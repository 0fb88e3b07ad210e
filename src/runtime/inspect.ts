// Looking at what jit makes of a jaxpr on a device without running it: the executable's plan
// (fused kernels and single primitives), a fused kernel's WGSL, and the kernel log that
// JAX_TS_LOG_KERNELS=1 (or `jax.config.update("jaxTsLogKernels", true)`) turns on.
import type { Device } from "../backend/device.js";
import { config } from "../config.js";
import type { Kernel } from "../lowering/kernel-ir.js";
import { planFusion, type PlanStep } from "../lowering/fusion.js";
import { ClosedJaxpr, Jaxpr, Literal, type Var } from "../tracing/jaxpr.js";
import { liveEquations } from "./executable.js";

/**
 * The steps the executable of `jaxpr` on `device` runs, planned as `Executable` plans them but
 * without compiling anything (lowering is cheap; compiling WGSL is not).
 */
export function planSteps(jaxpr: Jaxpr, device: Device): PlanStep[] {
  const eqns = liveEquations(jaxpr);
  const outputs = new Set(jaxpr.outs.filter((a): a is Var => !(a instanceof Literal)));
  const kernels = device.kernels;
  return kernels
    ? planFusion(eqns, outputs, (a) => kernels.fusible(a), kernels.tuning)
    : eqns.map((eqn) => ({ kind: "eqn", eqn }));
}

/** The WGSL of a fused kernel on devices that compile WGSL (WebGPU), else null. */
export function wgslOf(device: Device, kernel: Kernel): string | null {
  // Duck-typed so that this module does not load the WebGPU backend.
  const render = (device as { wgslOfKernel?: (k: Kernel) => string }).wgslOfKernel;
  return typeof render === "function" ? render.call(device, kernel) : null;
}

export function deviceName(device: Device): string {
  return `${device.platform}:${device.id}`;
}

export function kernelLogEnabled(): boolean {
  return config.read("jaxTsLogKernels");
}

const logged = new WeakMap<Jaxpr, Set<Device>>();

/**
 * With the kernel log on, prints the WGSL of each fused kernel of `jaxpr`'s executable on
 * `device` to stderr, once per jaxpr and device, and those of the jaxprs nested in its
 * equations (loop bodies, branches, inner jit calls), which run through executables of their own.
 */
export function logKernels(jaxpr: Jaxpr, device: Device, label: string): void {
  if (!kernelLogEnabled()) return;
  let devices = logged.get(jaxpr);
  if (!devices) logged.set(jaxpr, (devices = new Set()));
  if (devices.has(device)) return;
  devices.add(device);
  const steps = planSteps(jaxpr, device);
  const fused = steps.filter((s) => s.kind === "fused");
  fused.forEach((s, k) => {
    const wgsl = wgslOf(device, s.kernel);
    if (wgsl === null) return;
    console.error(`[jax-ts kernel] ${label}: fused kernel ${k + 1} of ${fused.length}, ${s.kernel.label}, on ${deviceName(device)}\n${wgsl}`);
  });
  for (const s of steps) {
    if (s.kind !== "eqn") continue;
    for (const value of Object.values(s.eqn.params)) {
      for (const inner of nestedJaxprs(value)) logKernels(inner, device, `${label}/${s.eqn.primitive.name}`);
    }
  }
}

function nestedJaxprs(value: unknown): Jaxpr[] {
  if (value instanceof Jaxpr) return [value];
  if (value instanceof ClosedJaxpr) return [value.jaxpr];
  return Array.isArray(value) ? value.flatMap(nestedJaxprs) : [];
}
