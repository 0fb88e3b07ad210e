// Evaluation of a primitive on concrete arrays: check the shape rule (so eager code reports the
// same errors as traced code), then run the kernel on the operands' device.
import { ArrayImpl, arrayFromBuffer } from "../array.js";
import { defaultDevice } from "../backend/devices.js";
import type { Device } from "../backend/device.js";
import { ValueError } from "../errors.js";
import type { Params, Primitive } from "../primitives/primitive.js";
import type { JaxArray } from "./array.js";
import { setEvalPrimitive } from "./trace.js";

/**
 * Host scalars (JS numbers, and 0-d CPU arrays made from them) follow the other operands to their
 * device: uploading one value is cheap, and `x.add(1)` should work wherever `x` lives.
 */
function isHostScalar(a: ArrayImpl): boolean {
  return a.ndim === 0 && a.device.platform === "cpu";
}

function onOneDevice(prim: string, args: readonly ArrayImpl[]): [Device, ArrayImpl[]] {
  // Operations on JS numbers alone run on the default device, like array creation does; a 0-d
  // CPU array that is not a JS number (a float64 value, a value put there on purpose) stays there.
  const device =
    args.find((a) => !isHostScalar(a))?.device ?? (args.every((a) => a.weakType) ? defaultDevice() : args[0]!.device);
  const moved = args.map((a) => {
    if (a.device === device) return a;
    if (isHostScalar(a)) return arrayFromBuffer(a.aval, device, device.upload(a.dataSync(), a.aval));
    throw new ValueError(
      `${prim}: operands live on different devices (${String(device)} and ${String(a.device)}); ` +
        `move one with jax.devicePut(x, device) (or await jax.devicePutAsync(x, device) from a GPU)`,
    );
  });
  return [device, moved];
}

export function evalPrimitive(prim: Primitive<Params>, args: JaxArray[], params: Params): JaxArray[] {
  const outAvals = prim.abstractEval(
    args.map((a) => a.aval),
    params,
  );
  if (prim.evalRule) return prim.evalRule(args, params);
  const [device, concrete] = onOneDevice(prim.name, args as ArrayImpl[]);
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
