// optax's contract: a gradient transformation is a pair of pure functions over pytrees, and its
// state is a pytree of arrays, so a whole training step can be jitted.
import { ValueError } from "../errors.js";
import * as jnp from "../numpy/index.js";
import type { JaxArray } from "../tracing/array.js";
import { mapLeaves } from "./tree-math.js";

/** Extra keyword arguments of optax's `GradientTransformationExtraArgs` (`value`, `grad`, ...). */
export type ExtraArgs = Readonly<Record<string, unknown>>;

/** A step size as a function of the step count (an int32 scalar array); must not read values on the host. */
export type Schedule = (count: JaxArray) => JaxArray | number;

/** A fixed step size or a schedule of it. */
export type ScalarOrSchedule = number | JaxArray | Schedule;

/** A hyperparameter: a JS number, or an array (as injectHyperparams passes them). */
export type Numeric = number | JaxArray;

/**
 * `init(params)` builds the state; `update(updates, state, params?, extra?)` returns the
 * transformed updates (same tree structure as the input ones) and the next state.
 */
export interface GradientTransformation<S = unknown> {
  init(params: unknown): S;
  update<U>(updates: U, state: S, params?: unknown, extra?: ExtraArgs): [U, S];
}

/** The state of a transformation that keeps none: a dict without keys, so no leaves. */
export type EmptyState = Record<string, never>;

/** The state type of a transformation. */
export type StateOf<T> = T extends GradientTransformation<infer S> ? S : never;

export const NO_PARAMS_MSG =
  "you are using a transformation that requires the current value of parameters, but you are not passing `params` when calling `update`";

/** `params`, or optax's error for transformations that need them. */
export function requireParams(params: unknown, op: string): unknown {
  if (params === undefined || params === null) throw new ValueError(`${op}: ${NO_PARAMS_MSG}`);
  return params;
}

export function emptyState(): EmptyState {
  return {};
}

export function isSchedule(x: ScalarOrSchedule | null | undefined): x is Schedule {
  return typeof x === "function";
}

/** Leaves updates and state as they are: the unit of `chain`. */
export function identity(): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: (updates, state) => [updates, state],
  };
}

/** Replaces every update by zeros (used to freeze parameters). */
export function setToZero(): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState): [U, EmptyState] => [mapLeaves((u) => jnp.zerosLike(u), updates), state],
  };
}

/** A transformation without state from `f(updates, params)`. */
export function stateless(f: (updates: unknown, params: unknown) => unknown): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState, params?: unknown): [U, EmptyState] => [
      f(updates, params ?? null) as U,
      state,
    ],
  };
}

/** A transformation without state applying `f(update, param)` leaf by leaf. */
export function statelessWithTreeMap(
  f: (update: JaxArray, param: JaxArray | null) => JaxArray,
): GradientTransformation<EmptyState> {
  return {
    init: emptyState,
    update: <U>(updates: U, state: EmptyState, params?: unknown): [U, EmptyState] => {
      if (params === undefined || params === null) return [mapLeaves((u) => f(u, null), updates), state];
      return [mapLeaves(f, updates, params), state];
    },
  };
}
