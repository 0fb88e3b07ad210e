// jnp.array on nested lists that hold jax arrays: JAX stacks them level by level, promoting
// dtypes across every leaf (JS numbers are weakly typed, so they adopt the arrays' dtype).
import { asArray, describe } from "../coerce.js";
import { promoteTypes } from "../dtypes.js";
import { ShapeError, ValueError } from "../errors.js";
import { concatenate } from "../primitives/shape/concatenate.js";
import { convertElementType } from "../primitives/shape/convert-element-type.js";
import { expandDims } from "../primitives/shape/expand-dims.js";
import { shapesEqual } from "../shape.js";
import { JaxArray } from "../tracing/array.js";

type Nested = number | boolean | JaxArray | readonly Nested[];

function leaves(x: Nested, out: JaxArray[], op: string): void {
  if (Array.isArray(x)) for (const e of x as readonly Nested[]) leaves(e, out, op);
  else if (x instanceof JaxArray || typeof x === "number" || typeof x === "boolean") out.push(asArray(x, op));
  else throw new ValueError(`${op}: cannot convert ${describe(x)} to an array element`);
}

export function stackNested(op: string, x: Nested): JaxArray {
  const all: JaxArray[] = [];
  leaves(x, all, op);
  const { dtype, weakType } = promoteTypes(...all.map((a) => ({ dtype: a.dtype, weakType: a.weakType })));
  const build = (v: Nested): JaxArray => {
    if (!Array.isArray(v)) return convertElementType(asArray(v as number | boolean | JaxArray, op), dtype, weakType);
    const items = (v as readonly Nested[]).map(build);
    if (items.length === 0) {
      throw new ValueError(`${op}: an empty list next to jax arrays has no shape to stack; remove it or use jnp.zeros`);
    }
    const first = items[0]!;
    const bad = items.find((it) => !shapesEqual(it.shape, first.shape));
    if (bad) {
      throw new ShapeError(
        `${op}: ragged nested list: elements of shapes ${first.aval.str()} and ${bad.aval.str()} cannot be stacked; make them equal`,
      );
    }
    return concatenate(
      items.map((it) => expandDims(it, [0])),
      0,
    );
  };
  return build(x);
}
