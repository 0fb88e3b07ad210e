// JVP of a bilinear primitive f(x, y) (JAX's defbilinear): f(tx, y) + f(x, ty), skipping zeros.
import type { JaxArray } from "../../tracing/array.js";
import { Zero, type Params, type Tangent } from "../primitive.js";
import { addTangents, isZero } from "../rules.js";

export function bilinearJvp<P extends Params>(apply: (x: JaxArray, y: JaxArray, params: P) => JaxArray) {
  return ([x, y]: readonly JaxArray[], [tx, ty]: readonly Tangent[], params: P): [JaxArray[], Tangent[]] => {
    const out = apply(x!, y!, params);
    let t: Tangent = new Zero(out.aval.withWeak(false));
    if (!isZero(tx)) t = addTangents(t, apply(tx!, y!, params));
    if (!isZero(ty)) t = addTangents(t, apply(x!, ty!, params));
    return [[out], [t]];
  };
}
