// Core: type promotion (JAX's lattice with weak types), jaxpr printing in JAX's format, the
// typechecker, and array basics.
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";
import { arrayFromHost, scalar } from "../src/array.js";
import { promoteTypes, type DType } from "../src/dtypes.js";
import { Jaxpr, JaxprEqn, Var } from "../src/tracing/jaxpr.js";
import { ShapedArray } from "../src/tracing/aval.js";
import { getPrimitive } from "../src/primitives/primitive.js";
import { scalarOf, values } from "./util/read.js";

const { lax, numpy: jnp } = jax;

describe("type promotion", () => {
  const strong = (dtype: DType) => ({ dtype, weakType: false });
  const weak = (dtype: DType) => ({ dtype, weakType: true });
  const table: [string, ReturnType<typeof strong>, ReturnType<typeof strong>, DType, boolean][] = [
    ["bool + bool", strong("bool"), strong("bool"), "bool", false],
    ["bool + int32", strong("bool"), strong("int32"), "int32", false],
    ["bool + float32", strong("bool"), strong("float32"), "float32", false],
    ["int32 + uint32 (int64, canonicalized)", strong("int32"), strong("uint32"), "int32", false],
    ["int32 + float16", strong("int32"), strong("float16"), "float16", false],
    ["uint32 + float32", strong("uint32"), strong("float32"), "float32", false],
    ["float16 + float32", strong("float16"), strong("float32"), "float32", false],
    ["float32 + float64", strong("float32"), strong("float64"), "float64", false],
    ["int32 + weak int", strong("int32"), weak("int32"), "int32", false],
    ["uint32 + weak int", strong("uint32"), weak("int32"), "uint32", false],
    ["float32 + weak int", strong("float32"), weak("int32"), "float32", false],
    ["float16 + weak float", strong("float16"), weak("float32"), "float16", false],
    ["int32 + weak float", strong("int32"), weak("float32"), "float32", true],
    ["bool + weak int", strong("bool"), weak("int32"), "int32", true],
    ["weak int + weak float", weak("int32"), weak("float32"), "float32", true],
    ["float64 + weak float", strong("float64"), weak("float32"), "float64", false],
  ];
  for (const [name, a, b, dtype, weakType] of table) {
    it(name, () => {
      expect(promoteTypes(a, b)).toEqual({ dtype, weakType });
      expect(promoteTypes(b, a)).toEqual({ dtype, weakType });
    });
  }

  it("JS numbers are weak: int32 array + 1.5 is float32, float32 array + 2 stays float32", () => {
    const i = arrayFromHost([1, 2], [2], "int32");
    const f = arrayFromHost([1, 2], [2], "float32");
    const h = arrayFromHost([1, 2], [2], "float16");
    expect(jnp.add(i, 1.5).dtype).toBe("float32");
    expect(jnp.add(f, 2).dtype).toBe("float32");
    expect(jnp.add(i, 2).dtype).toBe("int32");
    expect(jnp.add(h, 2.5).dtype).toBe("float16");
    expect(jnp.add(f, 2).weakType).toBe(false);
    expect(scalar(2).weakType).toBe(true);
  });

  it("JS numbers keep every digit next to float64 arrays", async () => {
    const x = arrayFromHost([1], [1], "float64");
    expect((await values(jnp.subtract(x, Math.LN2)))[0]).toBe(1 - Math.LN2);
  });

  it("logaddexp splits its gradient evenly at a tie (softplus'(0) = 0.5)", async () => {
    const zero = arrayFromHost([0], [], "float32");
    expect(await scalarOf(jax.grad(jax.nn.softplus)(zero))).toBe(0.5);
    expect(await scalarOf(jax.grad((e: jax.Array) => jnp.logaddexp(e, jnp.negative(e)))(zero))).toBe(0);
  });
});

describe("jaxpr printing (JAX's format)", () => {
  const x3 = arrayFromHost([1, 2, 3], [3], "float32");
  it("prints a short jaxpr on one line", () => {
    expect(jax.makeJaxpr((x: jax.Array) => lax.sin(lax.cos(x)))(x3).toString()).toBe(
      "{ lambda ; a:f32[3]. let b:f32[3] = cos a; c:f32[3] = sin b in (c,) }",
    );
  });
  it("prints params in snake_case, literals with their types, and long jaxprs on several lines", () => {
    const text = jax.makeJaxpr((x: jax.Array) => lax.reduceSum(jnp.multiply(x, 2), [0]))(x3).toString();
    expect(text).toBe(
      [
        "{ lambda ; a:f32[3]. let",
        "    b:f32[3] = broadcast_in_dim[broadcast_dimensions=() shape=(3,)] 2.0:f32[]",
        "    c:f32[3] = mul a b",
        "    d:f32[] = reduce_sum[axes=(0,)] c",
        "  in (d,) }",
      ].join("\n"),
    );
  });
  it("captured arrays become constvars", () => {
    const w = arrayFromHost([1, 2, 3], [3], "float32");
    expect(jax.makeJaxpr((x: jax.Array) => lax.mul(x, w))(x3).toString()).toBe("{ lambda a:f32[3]; b:f32[3]. let c:f32[3] = mul b a in (c,) }");
  });
  it("nested jaxprs print inside their equation", () => {
    const text = jax.makeJaxpr(jax.jit(function inner(x: jax.Array) {
      return lax.neg(x);
    }))(x3).toString();
    expect(text).toBe(
      [
        "{ lambda ; a:f32[3]. let",
        "    b:f32[3] = jit[name=inner jaxpr={ lambda ; c:f32[3]. let d:f32[3] = neg c in (d,) }] a",
        "  in (b,) }",
      ].join("\n"),
    );
  });
});

describe("typechecker", () => {
  it("rejects an equation whose output type disagrees with its rule", () => {
    const a = new Var(new ShapedArray([3], "float32"));
    const b = new Var(new ShapedArray([4], "float32"));
    const bad = new Jaxpr([], [a], [new JaxprEqn(getPrimitive("sin")!, [a], {}, [b])], [b]);
    expect(() => jax.typecheckJaxpr(bad)).toThrow(/sin output 0 is f32\[3\] but is bound as f32\[4\]/);
  });
  it("rejects use of an unbound variable", () => {
    const a = new Var(new ShapedArray([3], "float32"));
    const free = new Var(new ShapedArray([3], "float32"));
    const out = new Var(new ShapedArray([3], "float32"));
    const bad = new Jaxpr([], [a], [new JaxprEqn(getPrimitive("add")!, [a, free], {}, [out])], [out]);
    expect(() => jax.typecheckJaxpr(bad)).toThrow(/unbound variable/);
  });
});

describe("arrays", () => {
  // Printing and the synchronous reads are CPU features (GPU memory is read asynchronously).
  const cpu = jax.devices("cpu")[0]!;
  it("have shape, dtype, ndim, size, and print like JAX", () => {
    const x = arrayFromHost([1, 2.5, 3, 4], [2, 2], "float32", false, cpu);
    expect([x.shape, x.dtype, x.ndim, x.size]).toEqual([[2, 2], "float32", 2, 4]);
    expect(String(x)).toBe("Array([[1., 2.5], [3., 4.]], dtype=float32)");
    expect(String(arrayFromHost([1, 0], [2], "bool", false, cpu))).toBe("Array([True, False], dtype=bool)");
  });
  it("read back synchronously on the CPU and asynchronously everywhere", async () => {
    const x = arrayFromHost([1, 2], [2], "int32");
    expect(Array.from(await x.data())).toEqual([1, 2]);
    expect(await x.tolist()).toEqual([1, 2]);
    expect(arrayFromHost([7], [], "float32", false, cpu).itemSync()).toBe(7);
    expect(() => arrayFromHost([1, 2], [2], "int32", false, cpu).itemSync()).toThrow(/size-1/);
  });
  it("list the CPU device; init() says once what it found and picks the default device", async () => {
    const before = jax.defaultBackend();
    expect(jax.devices().map((d) => d.platform)).toContain("cpu");
    const probe = await jax.init({ quiet: true });
    expect(typeof probe.available).toBe("boolean");
    expect(jax.defaultBackend()).toBe(probe.available ? "webgpu" : "cpu");
    jax.setDefaultDevice("cpu");
    try {
      const moved = jax.devicePut(arrayFromHost([1], [1], "float32"), "cpu");
      expect(moved.shape).toEqual([1]);
    } finally {
      jax.setDefaultDevice(before);
    }
  });
});
