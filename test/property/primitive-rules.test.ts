// The generic rule checks, driven by the primitive spec table and fast-check:
// JVP vs central differences (float64), VJP by the inner-product identity, transposes of linear
// primitives by <T(ct), t> == <ct, L(t)>, vmap vs a loop at random batch axes, jit vs eager, and
// every jaxpr a transform produces typechecks.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import { arrayFromHost } from "../../src/array.js";
import { isFloat } from "../../src/dtypes.js";
import { typecheckJaxpr } from "../../src/tracing/jaxpr.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { allSpecs } from "../specs/index.js";
import type { PrimitiveSpec } from "../specs/spec.js";
import { argValues, makeInputs, rng, specDevice } from "../util/inputs.js";
import type { Device } from "../../src/backend/device.js";
import { expectClose } from "../util/close.js";
import { values as host } from "../util/read.js";

const RUNS = 2;

function outputs(spec: PrimitiveSpec, args: JaxArray[]): JaxArray[] {
  const out = spec.fn(...args);
  return Array.isArray(out) ? out : [out];
}

/** Indices of the arguments that are differentiated (float and not marked nondiff). */
function diffArgs(spec: PrimitiveSpec): number[] {
  return spec.args.map((a, i) => (!a.nondiff && isFloat(a.dtype ?? "float32") ? i : -1)).filter((i) => i >= 0);
}

/** The spec's function of its differentiated arguments only, returning its float outputs. */
function restricted(spec: PrimitiveSpec, args: JaxArray[]) {
  const diff = diffArgs(spec);
  return (...xs: JaxArray[]): JaxArray[] => {
    const full = [...args];
    diff.forEach((d, k) => (full[d] = xs[k]!));
    return outputs(spec, full).filter((o) => isFloat(o.dtype));
  };
}

function randomLike(x: JaxArray, seed: number): JaxArray {
  const r = rng(seed);
  return arrayFromHost(
    Array.from({ length: x.size }, () => r() * 2 - 1),
    x.shape,
    x.dtype,
  );
}

async function dot(a: JaxArray[], b: JaxArray[]): Promise<number> {
  let s = 0;
  for (const [i, x] of a.entries()) {
    const xa = await host(x);
    const yb = await host(b[i]!);
    xa.forEach((v, k) => (s += v * yb[k]!));
  }
  return s;
}

const differentiable = allSpecs.filter((s) => !s.nondiff && diffArgs(s).length > 0);
const hasMode = (s: PrimitiveSpec, m: "fwd" | "rev") => (s.modes ?? ["fwd", "rev"]).includes(m);

/** Central differences of `f` at `primals` along `tangents`, in float64. */
async function finiteDifference(f: (...xs: JaxArray[]) => JaxArray[], primals: JaxArray[], tangents: JaxArray[], eps = 1e-6): Promise<number[][]> {
  const ps = await Promise.all(primals.map(host));
  const ts = await Promise.all(tangents.map(host));
  const shifted = (s: number) => f(...primals.map((p, k) => arrayFromHost(ps[k]!.map((v, j) => v + s * ts[k]![j]!), p.shape, p.dtype)));
  const plus = await Promise.all(shifted(eps).map(host));
  const minus = await Promise.all(shifted(-eps).map(host));
  return plus.map((p, i) => p.map((v, j) => (v - minus[i]![j]!) / (2 * eps)));
}

describe("JVP against central differences (float64)", () => {
  for (const spec of differentiable.filter((s) => hasMode(s, "fwd"))) {
    it(spec.name, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), async (seed) => {
          const { arrays } = makeInputs(spec.args, seed, "float64");
          const f = restricted(spec, arrays);
          const primals = diffArgs(spec).map((d) => arrays[d]!);
          const tangents = primals.map((p, k) => randomLike(p, seed + k));
          const [, touts] = jax.jvp(f, primals, tangents) as [JaxArray[], JaxArray[]];
          const fd = await finiteDifference(f, primals, tangents);
          for (const [i, t] of touts.entries()) expectClose(await host(t), fd[i]!, spec.atol ?? 1e-5, spec.rtol ?? 1e-4, `${spec.name} jvp out ${i}`);
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("VJP by the inner-product identity <vjp(u), t> == <u, J t> (float64, J t by central differences)", () => {
  for (const spec of differentiable.filter((s) => hasMode(s, "rev"))) {
    it(spec.name, async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), async (seed) => {
          const { arrays } = makeInputs(spec.args, seed, "float64");
          const f = restricted(spec, arrays);
          const primals = diffArgs(spec).map((d) => arrays[d]!);
          const tangents = primals.map((p, k) => randomLike(p, seed + 10 + k));
          const [outs, pullback] = jax.vjp(f, ...primals) as [JaxArray[], (ct: unknown) => JaxArray[]];
          const cts = outs.map((o, k) => randomLike(o, seed + 20 + k));
          const lhs = await dot(pullback(cts), tangents);
          const fd = await finiteDifference(f, primals, tangents);
          let rhs = 0;
          for (const [i, ct] of cts.entries()) rhs += (await host(ct)).reduce((s2, v, j) => s2 + v * fd[i]![j]!, 0);
          expect(Math.abs(lhs - rhs), `${spec.name}: ${lhs} vs ${rhs}`).toBeLessThanOrEqual(spec.atol ?? 1e-5 + 1e-4 * Math.abs(rhs));
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe("transposes of linear primitives: <T(ct), t> == <ct, L(t)>", () => {
  for (const spec of allSpecs.filter((s) => s.linear)) {
    it(spec.name, async () => {
      const { arrays } = makeInputs(spec.args, 7, "float64");
      const f = restricted(spec, arrays);
      const primals = diffArgs(spec).map((d) => arrays[d]!);
      const ts = primals.map((p, k) => randomLike(p, 30 + k));
      const outs = f(...ts);
      const cts = outs.map((o, k) => randomLike(o, 40 + k));
      const transposed = jax.linearTranspose(f, ...primals)(cts) as JaxArray[];
      expect(Math.abs(await dot(transposed, ts) - await dot(cts, outs))).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(await dot(cts, outs))));
    });
  }
});

/** Stacks per-example host values along `axis` into one array. */
function stackAt(values: number[][], shape: number[], axis: number, dtype: JaxArray["dtype"], device?: Device): JaxArray {
  const b = values.length;
  const outShape = [...shape];
  outShape.splice(axis, 0, b);
  const outer = shape.slice(0, axis).reduce((x, y) => x * y, 1);
  const inner = shape.slice(axis).reduce((x, y) => x * y, 1);
  const data: number[] = [];
  for (let o = 0; o < outer; o++) for (let k = 0; k < b; k++) for (let i = 0; i < inner; i++) data.push(values[k]![o * inner + i]!);
  return arrayFromHost(data, outShape, dtype, false, device);
}

describe("vmap against a loop over the batch axis", () => {
  // Primitives without operands (iota) have nothing to map over.
  for (const spec of allSpecs.filter((s) => !s.noVmap && s.args.length > 0)) {
    it(spec.name, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 1, max: 1000 }),
          fc.array(fc.integer({ min: -1, max: 8 }), { minLength: spec.args.length, maxLength: spec.args.length }),
          async (seed, rawAxes) => {
            const B = 3;
            // -1 leaves an argument unbatched; at least one argument is batched.
            const axes: (number | null)[] = rawAxes.map((a, i) => (a < 0 ? null : a % (spec.args[i]!.shape.length + 1)));
            if (!axes.some((a) => a !== null)) axes[0] = 0;
            const rand = rng(seed);
            const examples = Array.from({ length: B }, () => spec.args.map((arg) => argValues(arg, rand)));
            const shared = examples[0]!;
            const device = specDevice(spec);
            const batched = spec.args.map((arg, i) =>
              axes[i] === null
                ? arrayFromHost(shared[i]!, arg.shape, arg.dtype ?? "float32", false, device)
                : stackAt(
                    examples.map((e) => e[i]!),
                    arg.shape,
                    axes[i]!,
                    arg.dtype ?? "float32",
                    device,
                  ),
            );
            const vOut = jax.vmap((...xs: JaxArray[]) => outputs(spec, xs), { inAxes: axes })(...batched) as JaxArray[];
            for (let k = 0; k < B; k++) {
              const ex = spec.args.map((arg, i) =>
                arrayFromHost(axes[i] === null ? shared[i]! : examples[k]![i]!, arg.shape, arg.dtype ?? "float32", false, device),
              );
              const want = outputs(spec, ex);
              for (const [j, w] of want.entries()) {
                const v = await host(vOut[j]!);
                const per = w.size;
                expectClose(v.slice(k * per, (k + 1) * per), await host(w), 1e-6, 1e-6, `${spec.name} vmap axes ${JSON.stringify(axes)} example ${k} out ${j}`);
              }
            }
          },
        ),
        { numRuns: RUNS },
      );
    });
  }
});

describe("jit against eager, and transformed jaxprs typecheck", () => {
  for (const spec of allSpecs) {
    it(spec.name, async () => {
      const { arrays } = makeInputs(spec.args, 3, undefined, specDevice(spec));
      const eager = outputs(spec, arrays);
      const jitted = jax.jit((...xs: JaxArray[]) => outputs(spec, xs))(...arrays) as JaxArray[];
      for (const [i, e] of eager.entries()) expectClose(await host(jitted[i]!), await host(e), 0, 0, `${spec.name} jit out ${i}`);
      typecheckJaxpr(jax.makeJaxpr((...xs: JaxArray[]) => outputs(spec, xs))(...arrays).jaxpr);
      if (arrays.length > 0) {
        const stacked = await Promise.all(arrays.map(async (a) => stackAt([await host(a), await host(a)], a.shape, 0, a.dtype, a.device)));
        typecheckJaxpr(jax.makeJaxpr(jax.vmap((...xs: JaxArray[]) => outputs(spec, xs)))(...stacked).jaxpr);
      }
      if (!spec.nondiff && diffArgs(spec).length > 0) {
        const f = restricted(spec, arrays);
        const primals = diffArgs(spec).map((d) => arrays[d]!);
        if (hasMode(spec, "fwd")) typecheckJaxpr(jax.makeJaxpr((...ps: JaxArray[]) => jax.jvp(f, ps, ps))(...primals).jaxpr);
        if (hasMode(spec, "rev")) typecheckJaxpr(
          jax.makeJaxpr((...ps: JaxArray[]) => {
            const [outs, pb] = jax.vjp(f, ...ps);
            return pb(outs);
          })(...primals).jaxpr,
        );
      }
    });
  }
});
