// Sequencing transformations: chain (with its monoid), and namedChain.
import type { Monoid } from "fp-ts/lib/Monoid.js";
import { ValueError } from "../../errors.js";
import { identity, type ExtraArgs, type GradientTransformation, type StateOf } from "../base.js";

/** The states of a chain, one per transformation, in order (optax's tuple). */
export type ChainState<T extends readonly GradientTransformation<unknown>[]> = {
  -readonly [K in keyof T]: StateOf<T[K]>;
};

const chainMembers = new WeakMap<GradientTransformation<unknown>, readonly GradientTransformation<unknown>[]>();

/** Applies the transformations in order; the state is the array of their states. */
export function chain<T extends readonly GradientTransformation<unknown>[]>(
  ...transforms: T
): GradientTransformation<ChainState<T>> {
  const out: GradientTransformation<ChainState<T>> = {
    init: (params) => transforms.map((t) => t.init(params)) as ChainState<T>,
    update: <U>(updates: U, state: ChainState<T>, params?: unknown, extra?: ExtraArgs): [U, ChainState<T>] => {
      const states = state as unknown[];
      if (!Array.isArray(state) || states.length !== transforms.length) {
        throw new ValueError(
          `chain: the state holds ${Array.isArray(state) ? states.length : "no array of"} states for ${transforms.length} transformations; build it with the chain's init`,
        );
      }
      let u = updates;
      const next = transforms.map((t, i) => {
        const [nu, ns] = t.update(u, states[i], params, extra);
        u = nu;
        return ns;
      });
      return [u, next as ChainState<T>];
    },
  };
  chainMembers.set(out, transforms);
  return out;
}

const EMPTY: GradientTransformation<unknown> = identity();

function members(t: GradientTransformation<unknown>): readonly GradientTransformation<unknown>[] {
  if (t === EMPTY) return [];
  return chainMembers.get(t) ?? [t];
}

/**
 * Transformations under `chain` form a monoid whose unit is the identity. `concat` flattens
 * nested chains and drops the unit, so the laws hold for the states too, not only the updates:
 * `concat(empty, a)` is `a`, and both groupings of three give the same flat chain.
 */
export const chainMonoid: Monoid<GradientTransformation<unknown>> = {
  empty: EMPTY,
  concat: (a, b) => {
    const all = [...members(a), ...members(b)];
    if (all.length === 0) return EMPTY;
    if (all.length === 1) return all[0]!;
    return chain(...all);
  },
};

/** The state of a namedChain: each transformation's state under its name. */
export type NamedChainState = Record<string, unknown>;

/** Like chain, with each state kept under a name (`state.adam`, `state.clip`, ...). */
export function namedChain(
  ...transforms: readonly (readonly [string, GradientTransformation<unknown>])[]
): GradientTransformation<NamedChainState> {
  const names = transforms.map(([name]) => name);
  if (new Set(names).size !== names.length) {
    throw new ValueError(`namedChain: transformation names must be unique, got [${names.join(", ")}]`);
  }
  return {
    init: (params) => Object.fromEntries(transforms.map(([name, t]) => [name, t.init(params)])),
    update: <U>(updates: U, state: NamedChainState, params?: unknown, extra?: ExtraArgs): [U, NamedChainState] => {
      let u = updates;
      const next: NamedChainState = {};
      for (const [name, t] of transforms) {
        const [nu, ns] = t.update(u, state[name], params, extra);
        u = nu;
        next[name] = ns;
      }
      return [u, next];
    },
  };
}
