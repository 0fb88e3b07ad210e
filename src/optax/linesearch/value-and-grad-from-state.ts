// optax.value_and_grad_from_state: reuse the value and gradient a line search computed at the
// step it accepted, instead of evaluating the objective again at the new params.
import { ValueError } from "../../errors.js";
import * as lax from "../../lax/index.js";
import * as jnp from "../../numpy/index.js";
import { JaxArray } from "../../tracing/array.js";
import { valueAndGrad } from "../../transforms/vjp.js";

/** Every value stored under `key` in the state tree (not looking inside a match). */
function findAll(tree: unknown, key: string, out: unknown[] = []): unknown[] {
  if (tree === null || tree === undefined || tree instanceof JaxArray || typeof tree !== "object") return out;
  if (Array.isArray(tree)) {
    for (const child of tree) findAll(child, key, out);
    return out;
  }
  for (const [k, v] of Object.entries(tree)) {
    if (k === key) out.push(v);
    else findAll(v, key, out);
  }
  return out;
}

function findOne(state: unknown, key: string): unknown {
  const found = findAll(state, key).filter((v) => v !== null && v !== undefined);
  if (found.length === 0) {
    throw new ValueError(
      `valueAndGradFromState: no ${key} found in the state; chain a line search that stores it (scaleByZoomLinesearch, or scaleByBacktrackingLinesearch with storeGrad: true)`,
    );
  }
  if (found.length > 1)
    throw new ValueError(`valueAndGradFromState: the state holds ${found.length} entries named ${key}; expected one`);
  return found[0];
}

export interface FromStateOptions {
  /** The optimizer state holding a line search's `value` and `grad`. */
  state: unknown;
}

/**
 * Like `jax.valueAndGrad(valueFn)`, called as `(params, ...fnArgs, { state })`: returns the
 * `value` and `grad` stored in `state` when the value is finite (it is +inf before the first
 * update), and otherwise evaluates `valueFn(params, ...fnArgs)` and its gradient. Branches with
 * lax.cond, so it jits.
 */
export function valueAndGradFromState<P>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  valueFn: (params: P, ...fnArgs: any[]) => JaxArray | number,
): (...args: [params: P, ...rest: unknown[]]) => [JaxArray, P] {
  return (...args) => {
    const last = args[args.length - 1];
    if (
      args.length < 2 ||
      last === null ||
      typeof last !== "object" ||
      last instanceof JaxArray ||
      !("state" in last)
    ) {
      throw new ValueError("valueAndGradFromState: call it as (params, ...fnArgs, { state })");
    }
    const { state } = last;
    const params = args[0];
    const fnArgs = args.slice(1, -1);
    const value = jnp.asarray(findOne(state, "value") as JaxArray);
    const grad = findOne(state, "grad");
    const stored = jnp.logicalAnd(jnp.logicalNot(jnp.isinf(value)), jnp.logicalNot(jnp.isnan(value)));
    return lax.cond(
      stored,
      () => [value, grad],
      (p: P) => {
        const [v, g] = valueAndGrad((q: P) => valueFn(q, ...fnArgs))(p) as [JaxArray, P];
        return [v.astype(value.dtype), g];
      },
      params,
    ) as [JaxArray, P];
  };
}
