// The runtime on WebGPU: asynchronous dispatch with host programs (while loops and conds that read
// the device between kernels), errors bound to the operation that failed, and jit's executables
// (dead code dropped, elementwise chains fused into one kernel, one submit per call).
import { beforeAll, describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import { lax, numpy as jnp, random } from "../../src/index.js";
import type { ArrayImpl } from "../../src/array.js";
import type { WebGpuDevice } from "../../src/backend/webgpu/device.js";
import { executableFor } from "../../src/runtime/executable.js";
import type { JaxArray } from "../../src/tracing/array.js";
import * as optax from "../../src/optax/index.js";
import { expectClose } from "../util/close.js";
import { cpuDevice, onDeviceAsync, openWebGpu, skipWebGpu } from "./webgpu-env.js";

let gpu: WebGpuDevice | null = null;
const read = async (x: unknown) => Array.from(await (x as JaxArray).data(), Number);

/** Runs `f` on both devices (default device switched) and returns what each read back. */
async function onBoth(f: () => JaxArray | JaxArray[]): Promise<{ gpu: number[][]; cpu: number[][] }> {
  const run = async (device: WebGpuDevice | typeof cpuDevice) =>
    onDeviceAsync(device, async () => {
      const out = f();
      const outs = Array.isArray(out) ? out : [out];
      for (const o of outs) expect((o as ArrayImpl).device).toBe(device);
      return Promise.all(outs.map(read));
    });
  return { gpu: await run(gpu!), cpu: await run(cpuDevice) };
}

function expectBothClose(r: { gpu: number[][]; cpu: number[][] }, tol = 1e-5): void {
  r.cpu.forEach((want, k) => expectClose(r.gpu[k]!, want, tol, tol, `output ${k}`));
}

describe.skipIf(skipWebGpu)("runtime on WebGPU", () => {
  beforeAll(async () => {
    gpu = await openWebGpu();
  });

  describe("host programs: loops and branches that read the device", () => {
    const collatz = (n: JaxArray) =>
      lax.whileLoop<JaxArray[]>(
        ([k]) => jnp.greater(k!, 1),
        ([k, steps]) => [jnp.where(jnp.equal(jnp.remainder(k!, 2), 0), jnp.floorDivide(k!, 2), k!.mul(3).add(1)), steps!.add(1)],
        [n, jnp.array(0)],
      );

    it("whileLoop runs eagerly and under jit, returning at once with pending results", async () => {
      expectBothClose(await onBoth(() => collatz(jnp.array(27))));
      expectBothClose(await onBoth(() => jax.jit(collatz)(jnp.array(97)) as JaxArray[]));
      const r = await onBoth(() => collatz(jnp.array(27)));
      expect(r.gpu[1]).toEqual([111]);
    });

    it("foriLoop with traced bounds, cond and switch choose on the host, in order with later work", async () => {
      const f = jax.jit((n: JaxArray, x: JaxArray) => lax.foriLoop(0, n, (i, v: JaxArray) => v.mul(1.5).add(i), x));
      expectBothClose(await onBoth(() => f(jnp.array(6), jnp.array([1, 2, 3]).astype("float32")) as JaxArray));
      expectBothClose(
        await onBoth(() => {
          const x = jnp.array([1, -2, 3]).astype("float32");
          const c = lax.cond(jnp.less(jnp.sum(x), 0), (v: JaxArray) => v.mul(10), (v: JaxArray) => v.sub(10), x) as JaxArray;
          return [c, c.mul(2), lax.switch(jnp.array(-4), [(v: JaxArray) => v.add(1), (v: JaxArray) => v], c) as JaxArray];
        }),
      );
    });

    it("nested loops: an inner whileLoop inside the body of an outer one", async () => {
      const f = (x: JaxArray) =>
        lax.whileLoop<JaxArray[]>(
          ([, i]) => jnp.less(i!, 4),
          ([v, i]) => [lax.whileLoop<JaxArray>((u) => jnp.less(jnp.sum(u), 50), (u) => u.mul(2), v!).sub(7), i!.add(1)],
          [x, jnp.array(0)],
        );
      expectBothClose(await onBoth(() => f(jnp.array([1, 2]).astype("float32"))));
      expectBothClose(await onBoth(() => jax.jit(f)(jnp.array([1, 2]).astype("float32")) as JaxArray[]));
    });

    it("an input disposed right after the call stays alive for the queued loop", async () => {
      await onDeviceAsync(gpu!, async () => {
        const x = jnp.array([1, 2, 3]).astype("float32");
        const out = lax.whileLoop<JaxArray>((v) => jnp.less(jnp.max(v), 100), (v) => v.mul(3), x);
        const queued = x.mul(2); // issued behind the loop, reading x after the caller let it go
        x.dispose();
        expect(await read(out)).toEqual([81, 162, 243]);
        expect(await read(queued)).toEqual([2, 4, 6]);
        // A result dropped while work issued on it is still queued stays alive for that work.
        const again = lax.whileLoop<JaxArray>((v) => jnp.less(jnp.max(v), 100), (v) => v.mul(3), jnp.ones([2]));
        const next = again.add(1);
        again.dispose();
        expect(await read(next)).toEqual([244, 244]);
      });
    });

    it("eigh, gamma sampling and L-BFGS (a line search in a whileLoop) run with WebGPU as the default", async () => {
      const a = [
        [4, 1, 0.5],
        [1, 3, 0.2],
        [0.5, 0.2, 2],
      ];
      expectBothClose(await onBoth(() => jnp.linalg.eigh(jnp.array(a).astype("float32"))[0]), 1e-4);
      const g = await onBoth(() => random.gamma(random.key(0), jnp.array([0.5, 2, 7]).astype("float32"), [64, 3]));
      expectBothClose(g, 1e-4);
      const solve = () => {
        const f = (w: JaxArray) => jnp.sum(jnp.square(w.sub(jnp.array([1, -2, 3]).astype("float32"))));
        const opt = optax.lbfgs();
        let w: JaxArray = jnp.zeros([3]);
        let state = opt.init(w);
        const valueAndGrad = optax.valueAndGradFromState(f);
        const step = jax.jit((p: JaxArray, s: unknown) => {
          const [value, grad] = valueAndGrad(p, { state: s });
          const [u, next] = opt.update(grad, s, p, { value, grad, valueFn: f });
          return [jnp.add(p, u), next];
        });
        for (let i = 0; i < 5; i++) [w, state] = step(w, state) as [JaxArray, unknown];
        return w;
      };
      expectBothClose(await onBoth(solve), 1e-4);
    });
  });

  describe("scan and donation", () => {
    it("a scan of 100 steps stacks its outputs in place (no kernel binds one buffer per step)", async () => {
      const f = (xs: JaxArray) =>
        lax.scan<JaxArray, JaxArray, JaxArray>((c, x) => [c.add(x), jnp.stack([c, x.mul(2)])], jnp.array(0).astype("float32"), xs);
      const r = await onBoth(() => f(jnp.arange(100).astype("float32")) as JaxArray[]);
      expectBothClose(r);
      expect(r.gpu[1]!.length).toBe(200);
      const reversed = await onBoth(() => lax.scan<JaxArray, JaxArray, JaxArray>((c, x) => [c.mul(x), c], jnp.array(1).astype("float32"), jnp.linspace(1, 2, 40), { reverse: true }) as JaxArray[]);
      expectBothClose(reversed);
    });

    it("float16 scan outputs stack right, odd sizes (scalars) and even ones", async () => {
      if (!gpu!.hasF16) return;
      const f = (xs: JaxArray) =>
        lax.scan<JaxArray, JaxArray, JaxArray>((c, x) => [c.add(x), [c.mul(x), jnp.stack([x, c])]] as never, jnp.array(0.5).astype("float16"), xs);
      expectBothClose(await onBoth(() => (f(jnp.linspace(0, 1, 7).astype("float16")) as unknown as [JaxArray, JaxArray[]]).flat()), 1e-3);
    });

    it("donateArgnums on WebGPU: results right, donated arrays invalid, buffers flat over steps", async () => {
      await onDeviceAsync(gpu!, async () => {
        const step = jax.jit((p: JaxArray, g: JaxArray) => p.sub(g.mul(0.5)), { donateArgnums: 0 });
        let p: JaxArray = jnp.ones([256]);
        const g = jnp.ones([256]);
        p = step(p, g) as JaxArray;
        await p.data();
        const held = gpu!.liveBuffers;
        const olds: JaxArray[] = [];
        for (let i = 0; i < 10; i++) {
          olds.push(p);
          p = step(p, g) as JaxArray;
        }
        expect((await read(p))[0]).toBeCloseTo(1 - 0.5 * 11);
        expect(gpu!.liveBuffers).toBe(held);
        for (const old of olds) expect(() => old.add(1)).toThrow(/donated to jit/);
      });
    });

    it("concatenate of 40 arrays on WebGPU equals the CPU", async () => {
      expectBothClose(await onBoth(() => jnp.concatenate(Array.from({ length: 40 }, (_, i) => jnp.full([2, 3], i).astype("float32")), 1)));
    });
  });

  describe("errors belong to the operation that failed", () => {
    it("a failure inside a queued loop poisons its results only; the next read succeeds", async () => {
      await onDeviceAsync(gpu!, async () => {
        const x = jnp.ones([4]);
        // 40M floats exceed what the adapter binds: the body's broadcast fails when the loop runs.
        const out = lax.whileLoop<JaxArray>(
          (v) => jnp.less(jnp.sum(v), 10),
          (v) => v.add(jnp.sum(jnp.broadcastTo(v.slice(0), [40_000_000]))),
          x,
        );
        const after = out.add(1);
        const unrelated = jnp.arange(3).astype("float32").mul(2);
        await expect(out.data()).rejects.toThrow(/broadcast_in_dim.*bytes, more than this WebGPU adapter binds/);
        await expect(after.data()).rejects.toThrow(/broadcast_in_dim/);
        expect(await read(unrelated)).toEqual([0, 2, 4]);
      });
    });
  });

  describe("jit executables", () => {
    it("the chain tanh(x*2+1)*x is one fused kernel and one submit per call, equal to the CPU", async () => {
      const f = jax.jit((x: JaxArray) => jnp.tanh(x.mul(2).add(1)).mul(x));
      const r = await onBoth(() => f(jnp.linspace(-3, 3, 1001).astype("float32")) as JaxArray);
      expectBothClose(r, 1e-6);
      await onDeviceAsync(gpu!, async () => {
        const x = jnp.linspace(-3, 3, 1001).astype("float32");
        await (f(x) as JaxArray).data();
        const before = gpu!.counters;
        const y = f(x) as JaxArray;
        const after = gpu!.counters;
        expect(after.dispatches - before.dispatches).toBe(1);
        await y.data();
        const exe = executableFor(f.trace(x).jaxpr, gpu!);
        expect(exe.steps.map((s) => (s.kind === "fused" ? s.kernel.label : s.kind))).toEqual([
          "fused(broadcast_in_dim,mul,broadcast_in_dim,add,tanh,mul)",
        ]);
      });
    });

    it("dead values cost nothing and leak nothing: live buffers stay flat over calls", async () => {
      await onDeviceAsync(gpu!, async () => {
        const f = jax.jit((x: JaxArray) => {
          jnp.exp(x).sum(); // unused
          return [jnp.sin(x), jnp.cos(x).mul(2)];
        });
        const x = jnp.ones([64]);
        for (const o of f(x) as JaxArray[]) o.dispose();
        const held = gpu!.liveBuffers;
        for (let i = 0; i < 20; i++) for (const o of f(x) as JaxArray[]) o.dispose();
        await x.data();
        expect(gpu!.liveBuffers).toBe(held);
        const steps = executableFor(f.trace(x).jaxpr, gpu!).steps;
        expect(steps.some((s) => s.kind === "eqn" && s.eqn.primitive.name === "reduce_sum")).toBe(false);
      });
    });

    it("reductions absorb the elementwise chain that feeds them; reshapes share their operand's buffer", async () => {
      const sumSq = jax.jit((x: JaxArray) => jnp.sum(jnp.square(x.sub(1.5)), 1));
      const softmax = jax.jit((x: JaxArray) => {
        const e = jnp.exp(x.sub(jnp.max(x, 1, { keepdims: true })));
        return e.div(e.sum(1, { keepdims: true }));
      });
      const argmax = jax.jit((x: JaxArray) => jnp.argmax(x.mul(-2).add(jnp.cos(x)), 0));
      const x = () => jnp.linspace(-4, 4, 96).reshape([8, 12]).astype("float32");
      expectBothClose(await onBoth(() => sumSq(x()) as JaxArray), 1e-5);
      expectBothClose(await onBoth(() => softmax(x()) as JaxArray), 1e-5);
      expectBothClose(await onBoth(() => argmax(x()) as JaxArray), 0);
      await onDeviceAsync(gpu!, async () => {
        const labels = executableFor(sumSq.trace(x()).jaxpr, gpu!).steps.map((s) => (s.kind === "fused" ? s.kernel.label : s.kind));
        expect(labels).toEqual(["fused(broadcast_in_dim,sub,square,reduce_sum)"]);
        const view = jax.jit((v: JaxArray) => [v.reshape([12, 8]), jnp.sin(v)]);
        const v = x();
        const kinds = executableFor(view.trace(v).jaxpr, gpu!).steps.map((s) => s.kind);
        expect(kinds).toContain("view");
        const [r] = view(v) as JaxArray[];
        v.dispose();
        expectClose(await read(r), Array.from({ length: 96 }, (_, i) => -4 + (8 * i) / 95), 1e-6, 1e-6, "view");
      });
    });

    it("fused kernels agree with the CPU across dtypes, broadcasts, transposes and float16", async () => {
      const f = (a: JaxArray, b: JaxArray, k: JaxArray) => {
        const t = jnp.transpose(a).mul(b.reshape([1, 3])).add(2.5);
        const i = k.mul(3).sub(1).astype("float32");
        const c = jnp.where(jnp.greater(t, 3), t, i.reshape([1, 3]));
        return [c.astype("float16").mul(1.1).add(0.3), jnp.exp(c).sum(0)];
      };
      const args = () => [
        jnp.arange(6).reshape([2, 3]).astype("float32").div(3).reshape([3, 2]),
        jnp.array([0.5, -1, 2]).astype("float32"),
        jnp.array([1, 2, 3]),
      ];
      // float16 needs shader-f16 (lavapipe has it); only compare when the adapter does.
      if (!gpu!.hasF16) return;
      const jf = jax.jit(f);
      expectBothClose(await onBoth(() => jf(...args()) as JaxArray[]), 2e-3);
    });
  });
});
