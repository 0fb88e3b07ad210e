// jax.checkGrads: checks forward mode against central differences and reverse mode against
// forward mode through the inner-product identity <t, vjp(u)> == <jvp(t), u>, up to `order`.
import { arrayFromHost, ArrayImpl } from "../array.js";
import type { DType } from "../dtypes.js";
import { GradientCheckError, ValueError } from "../errors.js";
import { add, mul } from "../primitives/elementwise/binary.js";
import { reduceSum } from "../primitives/reductions/reduce-sum.js";
import { convertElementType } from "../primitives/shape/convert-element-type.js";
import { JaxArray } from "../tracing/array.js";
import { flatten, map as treeMap } from "../tree/pytree.js";
import type { AnyFn } from "./api-util.js";
import { jvp } from "./jvp.js";
import { vjp } from "./vjp.js";

export type GradMode = "fwd" | "rev";

export interface CheckGradsOptions {
  order?: number;
  modes?: readonly GradMode[];
  atol?: number;
  rtol?: number;
  eps?: number;
}

const DEFAULT_TOL: Partial<Record<DType, number>> = { float16: 1, float32: 2e-2, float64: 1e-5 };

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random normal pytree shaped like `tree` (JAX's rand_like). */
function randLike(tree: unknown, rand: () => number): unknown {
  return treeMap((x: never) => {
    const a = x as JaxArray;
    const data = Array.from({ length: a.size }, () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
    return arrayFromHost(data, a.shape, a.dtype);
  }, tree);
}

function scaleAdd(x: unknown, t: unknown, s: number): unknown {
  return treeMap((a: never, b: never) => {
    const xa = a as JaxArray;
    const tb = b as JaxArray;
    return add(xa, mul(tb, arrayFromHost(Array<number>(tb.size).fill(s), tb.shape, tb.dtype)));
  }, x, t);
}

function numericalJvp(f: AnyFn, args: unknown[], tangents: unknown[], eps: number): unknown {
  const plus: unknown = f(...(scaleAdd(args, tangents, eps) as unknown[]));
  const minus: unknown = f(...(scaleAdd(args, tangents, -eps) as unknown[]));
  return treeMap((p: never, m: never) => {
    const pa = p as JaxArray;
    const diff = add(pa, mul(m, arrayFromHost(Array<number>(pa.size).fill(-1), pa.shape, pa.dtype)));
    return mul(diff, arrayFromHost(Array<number>(pa.size).fill(0.5 / eps), pa.shape, pa.dtype));
  }, plus, minus);
}

function innerProd(a: unknown, b: unknown): number {
  const [la] = flatten<JaxArray>(a);
  const [lb] = flatten<JaxArray>(b);
  let total = 0;
  la.forEach((x, i) => {
    const prod = reduceSum(convertElementType(mul(x, lb[i]!), "float64"), x.shape.map((_, k) => k));
    total += Number((prod as ArrayImpl).dataSync()[0]);
  });
  return total;
}

function checkClose(actual: unknown, expected: unknown, atol: number | undefined, rtol: number | undefined, what: string): void {
  const [la] = flatten<unknown>(actual);
  const [lb] = flatten<unknown>(expected);
  if (la.length !== lb.length) throw new GradientCheckError(`checkGrads: ${what}: ${la.length} outputs vs ${lb.length} expected`);
  la.forEach((x, i) => {
    const xa = x as ArrayImpl;
    const ya = lb[i] as ArrayImpl;
    const tol = DEFAULT_TOL[xa.dtype] ?? 0;
    const at = atol ?? tol;
    const rt = rtol ?? tol;
    const xd = xa.dataSync();
    const yd = ya.dataSync();
    for (let k = 0; k < xd.length; k++) {
      const err = Math.abs(xd[k]! - yd[k]!);
      if (!(err <= at + rt * Math.abs(yd[k]!)) && !(Number.isNaN(xd[k]!) && Number.isNaN(yd[k]!))) {
        throw new GradientCheckError(
          `checkGrads: ${what} mismatch at output ${i} ${xa.aval.str()}, element ${k}: got ${xd[k]}, expected ${yd[k]} ` +
            `(|diff| ${err.toExponential(3)} > atol ${at} + rtol ${rt} * |expected|)`,
        );
      }
    }
  });
}

function checkScalarClose(x: number, y: number, atol: number, rtol: number, what: string): void {
  if (!(Math.abs(x - y) <= atol + rtol * Math.abs(y))) {
    throw new GradientCheckError(`checkGrads: ${what}: inner products differ: ${x} vs ${y} (atol ${atol}, rtol ${rtol})`);
  }
}

function leafDtype(tree: unknown): DType {
  const [leaves] = flatten<JaxArray>(tree);
  return leaves[0]?.dtype ?? "float32";
}

/** `jax.checkGrads(f, args, { order, modes, atol, rtol, eps })`; throws GradientCheckError on a mismatch. */
export function checkGrads(f: AnyFn, args: readonly unknown[], options: CheckGradsOptions = {}): void {
  const order = options.order ?? 1;
  const modes = options.modes ?? ["fwd", "rev"];
  const eps = options.eps ?? 1e-4;
  if (!Number.isInteger(order) || order < 1) throw new ValueError(`checkGrads: order must be a positive integer, got ${order}`);
  for (const a of flatten(args)[0]) {
    if (!(a instanceof JaxArray)) throw new ValueError(`checkGrads: arguments must be arrays (or pytrees of arrays); got ${typeof a}`);
  }
  const rand = rng(0);

  const checkJvp = (g: AnyFn, gArgs: unknown[], msg: string) => {
    const tangents = randLike(gArgs, rand) as unknown[];
    const [out, tOut] = jvp(g, gArgs, tangents);
    checkClose(out, g(...gArgs), options.atol, options.rtol, `${msg} primal output`);
    checkClose(tOut, numericalJvp(g, gArgs, tangents, eps), options.atol, options.rtol, `${msg} tangent (vs central differences)`);
  };

  const checkVjp = (g: AnyFn, gArgs: unknown[], msg: string) => {
    const [out, vjpFn] = vjp(g, ...gArgs);
    checkClose(out, g(...gArgs), options.atol, options.rtol, `${msg} primal output`);
    const tangents = randLike(gArgs, rand) as unknown[];
    const tOut = numericalJvp(g, gArgs, tangents, eps);
    const ct = randLike(out, rand);
    const ctOut = vjpFn(ct);
    const tol = DEFAULT_TOL[leafDtype(gArgs)] ?? 1e-5;
    checkScalarClose(innerProd(tangents, ctOut), innerProd(tOut, ct), options.atol ?? tol, options.rtol ?? tol, msg);
  };

  const recurse = (g: AnyFn, gArgs: unknown[], ord: number, msg: string) => {
    if (modes.includes("fwd")) {
      const m = msg ? `JVP of ${msg}` : "JVP";
      checkJvp(g, gArgs, m);
      if (ord > 1) recurse((primals: unknown[], tangents: unknown[]) => jvp(g, primals, tangents), [gArgs, gArgs], ord - 1, m);
    }
    if (modes.includes("rev")) {
      const m = msg ? `VJP of ${msg}` : "VJP";
      checkVjp(g, gArgs, m);
      if (ord > 1) {
        const gVjp = (...xs: unknown[]) => {
          const [out, pullback] = vjp(g, ...xs);
          return pullback(out);
        };
        recurse(gVjp, gArgs, ord - 1, m);
      }
    }
  };
  recurse(f, [...args], order, "");
}
