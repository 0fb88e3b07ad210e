// The runtime on the default device: jit's executables (dead code dropped, literals hoisted,
// donated buffers taken over) and host programs run synchronously on the CPU.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { lax, numpy as jnp } from "../src/index.js";
import type { ArrayImpl } from "../src/array.js";
import { DisposedError } from "../src/errors.js";
import { executableFor } from "../src/runtime/executable.js";
import type { JaxArray } from "../src/tracing/array.js";
import { values } from "./util/read.js";

describe("jit executables", () => {
  it("drop dead equations", () => {
    const f = jax.jit((x: JaxArray) => {
      jnp.exp(x).sum(); // unused
      return jnp.sin(x);
    });
    const x = jnp.ones([4]);
    const exe = executableFor(f.trace(x).jaxpr, (x as ArrayImpl).device);
    expect(exe.steps.map((s) => (s.kind === "eqn" ? s.eqn.primitive.name : "fused"))).toEqual(["sin"]);
  });

  it("donateArgnums: the donated array is invalid afterwards with an error naming the call; results are right", async () => {
    const step = jax.jit(function sgd(p: JaxArray, g: JaxArray) {
      return [p.sub(g.mul(0.5)), jnp.sum(p)];
    }, { donateArgnums: 0 });
    const p0 = jnp.array([1, 2, 3]).astype("float32");
    const g = jnp.ones([3]);
    const [p1, s] = step(p0, g) as JaxArray[];
    expect(await values(p1!)).toEqual([0.5, 1.5, 2.5]);
    expect(await values(s!)).toEqual([6]);
    expect(() => p0.add(1)).toThrow(DisposedError);
    expect(() => p0.add(1)).toThrow(/donated to jit\(sgd\) \(donateArgnums\).*use the arrays the call returned/);
    // The undonated argument stays valid; passing the same array twice donates neither copy's use.
    expect(await values(g.add(1))).toEqual([2, 2, 2]);
    const [p2] = step(p1!, p1!) as JaxArray[];
    expect(await values(p2!)).toEqual([0.25, 0.75, 1.25]);
  });

  it("donation is ignored under transforms (nothing runs now)", async () => {
    const f = jax.jit((p: JaxArray) => jnp.sum(jnp.square(p)), { donateArgnums: 0 });
    const p = jnp.array([1, 2]).astype("float32");
    expect(await values(jax.grad(f)(p) as JaxArray)).toEqual([2, 4]);
    expect(await values(p)).toEqual([1, 2]);
  });

  it("while loops and conds run through host programs on the CPU, eagerly and under jit", async () => {
    const f = (n: JaxArray) => lax.whileLoop<JaxArray[]>(([k]) => jnp.less(k!, n), ([k, acc]) => [k!.add(1), acc!.mul(2)], [jnp.array(0), jnp.array(1)]);
    expect(await values(f(jnp.array(10))[1]!)).toEqual([1024]);
    expect(await values((jax.jit(f)(jnp.array(5)) as JaxArray[])[1]!)).toEqual([32]);
  });
});
