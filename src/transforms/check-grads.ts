// jax.checkGrads: checks forward mode against central differences and reverse mode against
// forward mode through the inner-product identity <t, vjp(u)> == <jvp(t), u>, up to `order`.
import { arrayFromHost, ArrayImpl } from "../array.js";
import type { Device } from "../backend/device.js";
import type { DType } from "../dtypes.js";
import { GradientCheckError, ValueError } from "../errors.js";
import { add, mul } from "../primitives/elementwise/binary.js";
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

/** Where new arrays shaped like `like` go: beside it, so checks of arrays pinned to a device stay there. */
function deviceOf(like: JaxArray): Device | undefined {
  return like instanceof ArrayImpl ? like.device : undefined;
}

/** An array of `like`'s shape, dtype and device holding `values` (a function of the flat index). */
function hostLike(like: JaxArray, value: (i: number) => number): JaxArray {
  return arrayFromHost(Array.from({ length: like.size }, (_, i) => value(i)), like.shape, like.dtype, false, deviceOf(like));
}

/** A random normal pytree shaped like `tree` (JAX's rand_like). */
function randLike(tree: unknown, rand: () => number): unknown {
  return treeMap(
    (x: never) => hostLike(x as JaxArray, () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())),
    tree,
  );
}

function scaleAdd(x: unknown, t: unknown, s: number): unknown {
  return treeMap((a: never, b: never) => {
    const tb = b as JaxArray;
    return add(a as JaxArray, mul(tb, hostLike(tb, () => s)));
  }, x, t);
}

function numericalJvp(f: AnyFn, args: unknown[], tangents: unknown[], eps: number): unknown {
  const plus: unknown = f(...(scaleAdd(args, tangents, eps) as unknown[]));
  const minus: unknown = f(...(scaleAdd(args, tangents, -eps) as unknown[]));
  return treeMap((p: never, m: never) => {
    const pa = p as JaxArray;
    const diff = add(pa, mul(m, hostLike(pa, () => -1)));
    return mul(diff, hostLike(pa, () => 0.5 / eps));
  }, plus, minus);
}

/** The values of a leaf, read from whichever device holds it (GPU reads are asynchronous). */
async function read(x: unknown): Promise<ArrayLike<number>> {
  return (x as ArrayImpl).data();
}

/** <a, b> over all leaves, the products taken on the device and summed on the host in float64. */
async function innerProd(a: unknown, b: unknown): Promise<number> {
  const [la] = flatten<JaxArray>(a);
  const [lb] = flatten<JaxArray>(b);
  let total = 0;
  for (const [i, x] of la.entries()) {
    for (const v of Array.from(await read(mul(x, lb[i]!)))) total += v;
  }
  return total;
}

async function checkClose(actual: unknown, expected: unknown, atol: number | undefined, rtol: number | undefined, what: string): Promise<void> {
  const [la] = flatten<unknown>(actual);
  const [lb] = flatten<unknown>(expected);
  if (la.length !== lb.length) throw new GradientCheckError(`checkGrads: ${what}: ${la.length} outputs vs ${lb.length} expected`);
  for (const [i, x] of la.entries()) {
    const xa = x as ArrayImpl;
    const tol = DEFAULT_TOL[xa.dtype] ?? 0;
    const at = atol ?? tol;
    const rt = rtol ?? tol;
    const xd = await read(xa);
    const yd = await read(lb[i]);
    for (let k = 0; k < xd.length; k++) {
      const err = Math.abs(xd[k]! - yd[k]!);
      if (!(err <= at + rt * Math.abs(yd[k]!)) && !(Number.isNaN(xd[k]!) && Number.isNaN(yd[k]!))) {
        throw new GradientCheckError(
          `checkGrads: ${what} mismatch at output ${i} ${xa.aval.str()}, element ${k}: got ${xd[k]}, expected ${yd[k]} ` +
            `(|diff| ${err.toExponential(3)} > atol ${at} + rtol ${rt} * |expected|)`,
        );
      }
    }
  }
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

/**
 * `await jax.checkGrads(f, args, { order, modes, atol, rtol, eps })`; rejects with GradientCheckError
 * on a mismatch. Asynchronous because it reads values back, and reads of GPU memory are.
 */
export async function checkGrads(f: AnyFn, args: readonly unknown[], options: CheckGradsOptions = {}): Promise<void> {
  const order = options.order ?? 1;
  const modes = options.modes ?? ["fwd", "rev"];
  const eps = options.eps ?? 1e-4;
  if (!Number.isInteger(order) || order < 1) throw new ValueError(`checkGrads: order must be a positive integer, got ${order}`);
  for (const a of flatten(args)[0]) {
    if (!(a instanceof JaxArray)) throw new ValueError(`checkGrads: arguments must be arrays (or pytrees of arrays); got ${typeof a}`);
  }
  const rand = rng(0);

  const checkJvp = async (g: AnyFn, gArgs: unknown[], msg: string) => {
    const tangents = randLike(gArgs, rand) as unknown[];
    const [out, tOut] = jvp(g, gArgs, tangents);
    await checkClose(out, g(...gArgs), options.atol, options.rtol, `${msg} primal output`);
    await checkClose(tOut, numericalJvp(g, gArgs, tangents, eps), options.atol, options.rtol, `${msg} tangent (vs central differences)`);
  };

  const checkVjp = async (g: AnyFn, gArgs: unknown[], msg: string) => {
    const [out, vjpFn] = vjp(g, ...gArgs);
    await checkClose(out, g(...gArgs), options.atol, options.rtol, `${msg} primal output`);
    const tangents = randLike(gArgs, rand) as unknown[];
    const tOut = numericalJvp(g, gArgs, tangents, eps);
    const ct = randLike(out, rand);
    const ctOut = vjpFn(ct);
    const tol = DEFAULT_TOL[leafDtype(gArgs)] ?? 1e-5;
    checkScalarClose(await innerProd(tangents, ctOut), await innerProd(tOut, ct), options.atol ?? tol, options.rtol ?? tol, msg);
  };

  const recurse = async (g: AnyFn, gArgs: unknown[], ord: number, msg: string): Promise<void> => {
    if (modes.includes("fwd")) {
      const m = msg ? `JVP of ${msg}` : "JVP";
      await checkJvp(g, gArgs, m);
      if (ord > 1) await recurse((primals: unknown[], tangents: unknown[]) => jvp(g, primals, tangents), [gArgs, gArgs], ord - 1, m);
    }
    if (modes.includes("rev")) {
      const m = msg ? `VJP of ${msg}` : "VJP";
      await checkVjp(g, gArgs, m);
      if (ord > 1) {
        const gVjp = (...xs: unknown[]) => {
          const [out, pullback] = vjp(g, ...xs);
          return pullback(out);
        };
        await recurse(gVjp, gArgs, ord - 1, m);
      }
    }
  };
  await recurse(f, [...args], order, "");
}
