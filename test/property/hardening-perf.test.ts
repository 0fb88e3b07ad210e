// Performance smells, measured deterministically: the work (elements written by kernels) of
// reverse mode through a long scan must grow linearly with its length, and repeated transforms
// of a jitted function must not retrace it.
import { afterEach, describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import { arrayFromHost } from "../../src/array.js";
import { cpuDevice } from "../../src/backend/cpu.js";
import type { JaxArray } from "../../src/tracing/array.js";

const { lax, numpy: jnp } = jax;
const f64 = (xs: number[], shape = [xs.length]) => arrayFromHost(xs, shape, "float64");

const execute = cpuDevice.execute.bind(cpuDevice);
afterEach(() => {
  cpuDevice.execute = execute;
});

/** Kernel launches and elements they write while `run` runs, on the CPU device. */
function work(run: () => unknown): { launches: number; elements: number } {
  const counts = { launches: 0, elements: 0 };
  cpuDevice.execute = (prim, inputs, inAvals, params, outAvals) => {
    counts.launches++;
    for (const a of outAvals) counts.elements += a.size;
    return execute(prim, inputs, inAvals, params, outAvals);
  };
  try {
    run();
  } finally {
    cpuDevice.execute = execute;
  }
  return counts;
}

const loss = (n: number) => (w: JaxArray) => {
  const xs = f64(Array.from({ length: n }, (_, i) => Math.sin(i)));
  const [c, ys] = lax.scan<JaxArray, JaxArray, JaxArray>((c, x) => [jnp.add(jnp.multiply(jnp.sin(c), w), x), jnp.multiply(c, c)], f64([1], []), xs);
  return jnp.add(c, jnp.sum(ys));
};

describe("reverse mode through long scans", () => {
  it("grad, vmap(grad) and jit(grad) through a 200-step scan cost twice a 100-step one (linear, not quadratic)", () => {
    const cases: [string, (n: number) => unknown][] = [
      ["grad", (n) => jax.grad(loss(n))(f64([0.7], [])) as JaxArray],
      ["vmap(grad)", (n) => jax.vmap(jax.grad(loss(n)))(f64([0.7, 0.1])) as JaxArray],
      ["jit(grad)", (n) => jax.jit(jax.grad(loss(n)))(f64([0.7], [])) as JaxArray],
    ];
    for (const [name, run] of cases) {
      const w100 = work(() => run(100));
      const w200 = work(() => run(200));
      // Setup costs a constant, so the ratio is a little under 2; quadratic work would make it 4.
      expect(w200.elements / w100.elements, `${name} elements`).toBeLessThan(2.1);
      expect(w200.launches / w100.launches, `${name} launches`).toBeLessThan(2.1);
    }
  });

  it("a 200-step grad finishes well within interactive time", () => {
    const start = performance.now();
    jax.grad(loss(200))(f64([0.7], []));
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
