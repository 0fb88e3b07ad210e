// Random programs through jit on WebGPU (fused kernels, reductions absorbing their producers,
// views) against the same programs run eagerly on the CPU, op by op: values and gradients.
import fc from "fast-check";
import { beforeAll, describe, it } from "vitest";
import * as jax from "../../src/index.js";
import { numpy as jnp } from "../../src/index.js";
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import type { JaxArray } from "../../src/tracing/array.js";
import { expectClose } from "../util/close.js";
import { cpuDevice, onDeviceAsync, openWebGpu, skipWebGpu } from "./webgpu-env.js";

let gpu: WebGpuDevice | null = null;

/** One instruction: combines values from the stack (all of shape [rows, cols]) into a new one. */
type Op =
  | { kind: "unary"; f: "tanh" | "sin" | "abs" | "square" | "neg" | "softplus"; a: number }
  | { kind: "binary"; f: "add" | "sub" | "mul" | "max" | "where"; a: number; b: number }
  | { kind: "scale"; c: number; a: number }
  | { kind: "reduce"; f: "sum" | "max" | "mean"; axis: 0 | 1; a: number }
  | { kind: "reshape"; a: number }
  | { kind: "transpose"; a: number };

const opArb = (k: number): fc.Arbitrary<Op> => {
  const idx = fc.nat({ max: 1000 }).map((n) => n % k);
  return fc.oneof(
    fc.record({ kind: fc.constant("unary" as const), f: fc.constantFrom("tanh", "sin", "abs", "square", "neg", "softplus" as const), a: idx }),
    fc.record({ kind: fc.constant("binary" as const), f: fc.constantFrom("add", "sub", "mul", "max", "where" as const), a: idx, b: idx }),
    fc.record({ kind: fc.constant("scale" as const), c: fc.constantFrom(-1.5, 0.5, 2, 3.25), a: idx }),
    fc.record({ kind: fc.constant("reduce" as const), f: fc.constantFrom("sum", "max", "mean" as const), axis: fc.constantFrom(0 as const, 1 as const), a: idx }),
    fc.record({ kind: fc.constant("reshape" as const), a: idx }),
    fc.record({ kind: fc.constant("transpose" as const), a: idx }),
  );
};

interface Program {
  rows: number;
  cols: number;
  inputs: number;
  ops: Op[];
  outputs: number[];
}

const programArb: fc.Arbitrary<Program> = fc
  .record({ rows: fc.integer({ min: 1, max: 6 }), cols: fc.integer({ min: 1, max: 7 }), inputs: fc.integer({ min: 1, max: 3 }), length: fc.integer({ min: 1, max: 9 }) })
  .chain(({ rows, cols, inputs, length }) =>
    fc
      .tuple(...Array.from({ length }, (_, i) => opArb(inputs + i)), fc.array(fc.nat(), { minLength: 1, maxLength: 3 }))
      .map((xs) => {
        const ops = xs.slice(0, length) as Op[];
        const picks = xs[length] as number[];
        return { rows, cols, inputs, ops, outputs: picks.map((p) => p % (inputs + length)) };
      }),
  );

const UNARY: Record<Extract<Op, { kind: "unary" }>["f"], (a: JaxArray) => JaxArray> = {
  tanh: (a) => jnp.tanh(a),
  sin: (a) => jnp.sin(a),
  abs: (a) => jnp.abs(a),
  square: (a) => jnp.square(a),
  neg: (a) => jnp.negative(a),
  softplus: (a) => jax.nn.softplus(a),
};

/** The program as a function of its inputs; every value keeps the shape [rows, cols]. */
function build(p: Program): (...xs: JaxArray[]) => JaxArray[] {
  return (...xs) => {
    const vals = [...xs];
    for (const op of p.ops) {
      const a = vals[op.a]!;
      let v: JaxArray;
      switch (op.kind) {
        case "unary":
          v = UNARY[op.f](a);
          break;
        case "binary": {
          const b = vals[op.b]!;
          v = op.f === "where" ? jnp.where(jnp.greater(a, b), a, b.mul(0.5)) : op.f === "max" ? jnp.maximum(a, b) : jnp[op.f === "add" ? "add" : op.f === "sub" ? "subtract" : "multiply"](a, b);
          break;
        }
        case "scale":
          v = a.mul(op.c).add(0.25);
          break;
        case "reduce": {
          const r = op.f === "sum" ? jnp.sum(a, op.axis, { keepdims: true }) : op.f === "max" ? jnp.max(a, op.axis, { keepdims: true }) : jnp.mean(a, op.axis, { keepdims: true });
          v = jnp.broadcastTo(r, [p.rows, p.cols]).mul(0.5);
          break;
        }
        case "reshape":
          v = a.reshape([p.rows * p.cols]).mul(1.25).reshape([p.rows, p.cols]);
          break;
        case "transpose":
          v = jnp.transpose(jnp.transpose(a).add(1));
          break;
      }
      vals.push(v);
    }
    return p.outputs.map((k) => vals[k]!);
  };
}

const inputsFor = (p: Program, seed: number) =>
  Array.from({ length: p.inputs }, (_, i) =>
    jnp.sin(jnp.arange(p.rows * p.cols).astype("float32").mul(0.7 + 0.3 * i).add(seed)).mul(2).reshape([p.rows, p.cols]),
  );

async function values(outs: JaxArray[]): Promise<number[][]> {
  return Promise.all(outs.map(async (o) => Array.from(await o.data(), Number)));
}

describe.skipIf(skipWebGpu)("fusion: random programs, jit on WebGPU against eager CPU", () => {
  beforeAll(async () => {
    gpu = await openWebGpu();
  });

  it("values agree", async () => {
    await fc.assert(
      fc.asyncProperty(programArb, fc.integer({ min: 0, max: 5 }), async (p, seed) => {
        const f = build(p);
        const want = await onDeviceAsync(cpuDevice, () => values(f(...inputsFor(p, seed))));
        const got = await onDeviceAsync(gpu!, () => values(jax.jit(f)(...inputsFor(p, seed)) as JaxArray[]));
        want.forEach((w, k) => expectClose(got[k]!, w, 1e-4, 1e-4, `output ${k} of ${JSON.stringify(p)}`));
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it("gradients agree", async () => {
    await fc.assert(
      fc.asyncProperty(programArb, async (p) => {
        const f = build(p);
        const loss = (...xs: JaxArray[]) => f(...xs).reduce((acc, o) => acc.add(jnp.sum(o)), jnp.array(0).astype("float32"));
        const argnums = Array.from({ length: p.inputs }, (_, i) => i);
        const g = jax.grad(loss, { argnums });
        const want = await onDeviceAsync(cpuDevice, () => values(g(...inputsFor(p, 1)) as JaxArray[]));
        const got = await onDeviceAsync(gpu!, () => values(jax.jit(g)(...inputsFor(p, 1)) as JaxArray[]));
        want.forEach((w, k) => expectClose(got[k]!, w, 1e-3, 1e-3, `gradient ${k} of ${JSON.stringify(p)}`));
      }),
      { numRuns: 25, seed: 11 },
    );
  });
});
