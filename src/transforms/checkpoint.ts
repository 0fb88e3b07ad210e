// jax.checkpoint (remat): recompute a function's intermediates in the backward pass.
import { checkpointP } from "../primitives/control/checkpoint.js";
import { bind } from "../tracing/trace.js";
import { unflatten } from "../tree/pytree.js";
import { avalOf, flattenArgs, flattenFun, type AnyFn } from "./api-util.js";
import { traceClosed } from "./jaxpr-transforms.js";
import type { JaxArray } from "../tracing/array.js";

export interface CheckpointOptions {
  preventCse?: boolean;
}

/** `jax.checkpoint(f)`: same values; under grad, only the inputs are saved for the backward pass. */
export function checkpoint(f: AnyFn, options: CheckpointOptions = {}): AnyFn {
  return (...args: unknown[]) => {
    const [leaves, inTree] = flattenArgs(args, "checkpoint");
    const flat = flattenFun(f, inTree, "checkpoint");
    const { jaxpr, consts } = traceClosed(flat.fn, leaves.map(avalOf));
    const outs = bind(checkpointP, [...consts, ...(leaves as JaxArray[])], { jaxpr, preventCse: options.preventCse ?? true });
    return unflatten<unknown>(flat.outTree(), outs);
  };
}

export const remat = checkpoint;
