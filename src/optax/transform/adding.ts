// Additive terms: decoupled weight decay and annealed gaussian gradient noise.
import * as jnp from "../../numpy/index.js";
import * as random from "../../random/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { flatten, unflatten } from "../../tree/pytree.js";
import {
  isSchedule,
  requireParams,
  type EmptyState,
  type GradientTransformation,
  type Numeric,
  type ScalarOrSchedule,
} from "../base.js";
import { masked, type MaskedState, type MaskOrFn } from "../combine/masked.js";
import { declareFactory } from "../factory.js";
import { safeIncrement, zeroCount } from "../numerics.js";
import { hp, scalarOf } from "../scalars.js";
import { mapLeaves } from "../tree-math.js";

/** With a schedule as the decay rate, the state counts the updates; otherwise it is empty. */
export type AddDecayedWeightsState = { count: JaxArray } | EmptyState;

export interface AddDecayedWeightsOptions {
  /** Booleans (a tree prefixing the params, or a function of them): true where to decay. */
  mask?: MaskOrFn;
}

/** `update + weightDecay * param` (the rate may be a schedule of the step count). */
export function addDecayedWeights(
  weightDecay: ScalarOrSchedule = 0,
  options: AddDecayedWeightsOptions = {},
): GradientTransformation<AddDecayedWeightsState | MaskedState<AddDecayedWeightsState>> {
  const scheduled = isSchedule(weightDecay);
  const inner: GradientTransformation<AddDecayedWeightsState> = {
    init: (): AddDecayedWeightsState => (scheduled ? { count: zeroCount() } : {}),
    update: <U>(updates: U, state: AddDecayedWeightsState, params?: unknown): [U, AddDecayedWeightsState] => {
      const p = requireParams(params, "addDecayedWeights");
      const count = (state as { count?: JaxArray }).count;
      const rate: Numeric = scheduled ? weightDecay(count!) : weightDecay;
      const out = mapLeaves((g, x) => jnp.add(g, jnp.multiply(scalarOf(rate, x.dtype), x)), updates, p);
      // optax leaves the count at 0, so a schedule would never advance; it counts the steps here.
      return [out, scheduled ? { count: safeIncrement(count!) } : state];
    },
  };
  const mask = options.mask ?? null;
  return mask === null ? inner : masked(inner, mask);
}

export interface AddNoiseState {
  count: JaxArray;
  /** A uint32[2] PRNG key. */
  rngKey: JaxArray;
}

export interface AddNoiseOptions {
  /** The PRNG key (uint32[2]) or an integer seed for one. */
  key?: JaxArray | number | null;
}

/** Standard normal noise shaped like each leaf of `tree`, one key per leaf. */
export function treeRandomNormalLike(key: JaxArray, tree: unknown): unknown {
  const [ls, def] = flatten<JaxArray>(tree);
  if (ls.length === 0) return tree;
  const keys = [...random.split(key, ls.length)];
  return unflatten(
    def,
    ls.map((l, i) => random.normal(keys[i]!, l.shape, { dtype: l.dtype })),
  );
}

/**
 * Adds gaussian noise of variance `eta / t ** gamma` at step t (1-based), Neelakantan et al. 2015.
 */
export function addNoise(
  eta: Numeric,
  gamma: Numeric,
  options: AddNoiseOptions = {},
): GradientTransformation<AddNoiseState> {
  const seedOrKey = options.key ?? 0;
  const key = typeof seedOrKey === "number" ? random.key(seedOrKey) : seedOrKey;
  return {
    init: () => ({ count: zeroCount(), rngKey: key }),
    update: <U>(updates: U, state: AddNoiseState): [U, AddNoiseState] => {
      const count = safeIncrement(state.count);
      const [rngKey, sampleKey] = [...random.split(state.rngKey)];
      const noise = treeRandomNormalLike(sampleKey!, updates);
      const out = mapLeaves(
        (g, n) => {
          const t = count.astype(g.dtype);
          const std = jnp.sqrt(jnp.divide(hp(eta, g), jnp.power(t, hp(gamma, g))));
          return jnp.add(g, jnp.multiply(std, n));
        },
        updates,
        noise,
      );
      return [out, { count, rngKey: rngKey! }];
    },
  };
}

declareFactory(addDecayedWeights, { positional: ["weightDecay"], defaults: { weightDecay: 0, mask: null } });
declareFactory(addNoise, { positional: ["eta", "gamma"], defaults: { key: null } });
