// Applying updates to parameters, and the moving-average updates of target networks.
import * as jnp from "../numpy/index.js";
import type { JaxArray } from "../tracing/array.js";
import type { Numeric } from "./base.js";
import { hp, oneMinus } from "./scalars.js";
import { mapLeaves } from "./tree-math.js";

/** `params + updates`, leaf by leaf, each result in its parameter's dtype. */
export function applyUpdates<P>(params: P, updates: unknown): P {
  return mapLeaves(
    (p, u) => {
      const sum = jnp.add(p, u);
      return sum.dtype === p.dtype ? sum : sum.astype(p.dtype);
    },
    params,
    updates,
  );
}

/** `stepSize * new + (1 - stepSize) * old`: Polyak averaging of (target) parameters. */
export function incrementalUpdate<P>(newTensors: P, oldTensors: unknown, stepSize: Numeric): P {
  return mapLeaves(
    (n, o) => jnp.add(jnp.multiply(hp(stepSize, n), n), jnp.multiply(oneMinus(stepSize, n), o)),
    newTensors,
    oldTensors,
  );
}

/** The new tensors every `updatePeriod` steps (where `steps % updatePeriod == 0`), the old ones otherwise. */
export function periodicUpdate<P>(newTensors: P, oldTensors: unknown, steps: JaxArray, updatePeriod: Numeric): P {
  const now = jnp.equal(jnp.remainder(steps, updatePeriod), 0);
  return mapLeaves((n, o) => jnp.where(now, n, o), newTensors, oldTensors);
}
