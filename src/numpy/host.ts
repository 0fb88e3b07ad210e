// jax.deviceGet and jax.blockUntilReady for pytrees of arrays. CPU arrays are computed eagerly,
// so they are ready as soon as they exist; other devices are waited on by reading back.
import { ArrayImpl } from "../array.js";
import { devicePutAsync } from "../backend/device-put.js";
import { ConcretizationError } from "../errors.js";
import { isTracer, JaxArray } from "../tracing/array.js";
import { flatten, unflatten } from "../tree/pytree.js";

function checkConcrete(op: string, x: JaxArray): void {
  if (isTracer(x)) {
    throw new ConcretizationError(
      `${op}: got a traced array ${x.aval.str()}; its value is not known while tracing, so it cannot be fetched. ` +
        `Call ${op} on the result of the transformed function instead`,
    );
  }
}

/**
 * `jax.deviceGet(tree)`: the pytree with every array copied to the host (the CPU device), where
 * `dataSync`, `tolistSync` and `itemSync` work; other leaves are returned as they are.
 */
export async function deviceGet<T>(tree: T): Promise<T> {
  const [leaves, def] = flatten(tree);
  const host = await Promise.all(
    leaves.map(async (leaf) => {
      if (!(leaf instanceof JaxArray)) return leaf;
      checkConcrete("deviceGet", leaf);
      return devicePutAsync(leaf, "cpu");
    }),
  );
  return unflatten<T>(def, host);
}

/**
 * `jax.blockUntilReady(tree)`: resolves to the same pytree once every array in it has been
 * computed, raising any device error its computation hit. Waiting on a device that runs
 * asynchronously reads the array back (the Device interface has no cheaper fence).
 */
export async function blockUntilReady<T>(tree: T): Promise<T> {
  const [leaves] = flatten(tree);
  await Promise.all(
    leaves.map(async (leaf) => {
      if (!(leaf instanceof JaxArray)) return;
      checkConcrete("blockUntilReady", leaf);
      if (leaf instanceof ArrayImpl && leaf.device.platform !== "cpu") await leaf.data();
    }),
  );
  return tree;
}
