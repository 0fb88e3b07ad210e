// Evaluation of a primitive on concrete arrays: check the shape rule (so eager code reports the
// same errors as traced code), then run the kernel on the operands' device.
import { ArrayImpl, arrayFromBuffer } from "../array.js";
import { defaultDevice } from "../backend/devices.js";
import type { Device } from "../backend/device.js";
import { ValueError } from "../errors.js";
import type { Params, Primitive } from "../primitives/primitive.js";
import type { JaxArray } from "./array.js";
import { setEvalPrimitive } from "./trace.js";

function pickDevice(prim: string, args: readonly ArrayImpl[]): Device {
  const first = args[0]?.device ?? defaultDevice();
  for (const a of args) {
    if (a.device !== first) {
      throw new ValueError(
        `${prim}: operands live on different devices (${String(first)} and ${String(a.device)}); ` +
          `move one with jax.devicePut(x, device)`,
      );
    }
  }
  return first;
}

export function evalPrimitive(prim: Primitive<Params>, args: JaxArray[], params: Params): JaxArray[] {
  const outAvals = prim.abstractEval(
    args.map((a) => a.aval),
    params,
  );
  if (prim.evalRule) return prim.evalRule(args, params);
  const concrete = args as ArrayImpl[];
  const device = pickDevice(prim.name, concrete);
  const buffers = device.execute(
    prim,
    concrete.map((a) => a.buffer),
    concrete.map((a) => a.aval),
    params,
    outAvals,
  );
  return buffers.map((b, i) => arrayFromBuffer(outAvals[i]!, device, b));
}

setEvalPrimitive(evalPrimitive);
