// What both line searches share: reading optax's extra arguments (`value`, `grad`, `value_fn` and
// the keyword arguments meant for value_fn), the dtype of their scalars, and keeping the types of
// a while-loop carry fixed from one iteration to the next.
import { asArray, type ArrayLike } from "../../coerce.js";
import { isFloat, type DType } from "../../dtypes.js";
import { ValueError } from "../../errors.js";
import * as lax from "../../lax/index.js";
import type { JaxArray } from "../../tracing/array.js";
import { valueAndGrad } from "../../transforms/vjp.js";
import type { ExtraArgs } from "../base.js";
import { scalarOf } from "../scalars.js";
import { leavesOf, mapLeaves } from "../tree-math.js";

/**
 * The objective a line search evaluates: called as `valueFn(params, fnKwargs)`, where `fnKwargs`
 * holds every extra argument of `update` other than `value`, `grad` and `valueFn` (optax passes
 * those to value_fn as keyword arguments), or as `valueFn(params)` when there are none. Data the
 * objective needs can also simply be closed over.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ValueFn = (params: any, fnKwargs: Readonly<Record<string, unknown>>) => JaxArray | number;

/** The extra arguments of a line search's `update`, as optax's keyword arguments. */
export interface LinesearchExtraArgs {
  /** The objective at the current params. */
  value: ArrayLike;
  /** Its gradient at the current params. */
  grad: unknown;
  valueFn: ValueFn;
  [fnKwarg: string]: unknown;
}

export interface Objective {
  value: JaxArray;
  grad: unknown;
  /** `params -> value` with the keyword arguments bound. */
  fn: (params: unknown) => JaxArray;
  /** `params -> [value, grad]`. */
  valueAndGrad: (params: unknown) => [JaxArray, unknown];
}

/** Reads `value`, `grad` and `valueFn` from `extra`; the remaining entries go to valueFn. */
export function objectiveFrom(op: string, extra: ExtraArgs | undefined, valueDtype: DType): Objective {
  if (extra === undefined) throw new ValueError(`${op}: update needs the extra arguments { value, grad, valueFn }`);
  const { value, grad, valueFn, ...fnKwargs } = extra;
  if (typeof valueFn !== "function")
    throw new ValueError(`${op}: the extra argument valueFn must be the objective function, got ${typeof valueFn}`);
  if (value === undefined || value === null)
    throw new ValueError(`${op}: the extra argument value (the objective at params) is missing`);
  if (grad === undefined || grad === null)
    throw new ValueError(`${op}: the extra argument grad (the gradient at params) is missing`);
  // Without keyword arguments valueFn is called with params alone, so it may have defaults of its own.
  const call =
    Object.keys(fnKwargs).length === 0
      ? (p: unknown) => (valueFn as (p: unknown) => unknown)(p)
      : (p: unknown) => (valueFn as ValueFn)(p, fnKwargs);
  const fn = (p: unknown) => asArray(call(p) as ArrayLike, op);
  return {
    value: lax.convertElementType(asArray(value as ArrayLike, op), valueDtype, false),
    grad,
    fn,
    valueAndGrad: (p) => valueAndGrad(fn)(p) as [JaxArray, unknown],
  };
}

/** The dtype of a line search's scalars: that of the first parameter leaf, as optax does. */
export function valueDtypeOf(params: unknown): DType {
  const first = leavesOf(params)[0];
  return first !== undefined && isFloat(first.dtype) ? first.dtype : "float32";
}

/** `tree` with each leaf converted to the dtype and weak type of the matching leaf of `like`. */
export function matchTypes<T>(tree: T, like: unknown): T {
  return mapLeaves(
    (x, l) => (x.dtype === l.dtype && x.weakType === l.weakType ? x : lax.convertElementType(x, l.dtype, l.weakType)),
    tree,
    like,
  );
}

/** A strongly typed scalar, for state entries whose type must not drift. */
export function scalar(v: number, dtype: DType): JaxArray {
  return scalarOf(v, dtype);
}
