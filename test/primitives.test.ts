// CPU values of every primitive spec against its independent float64 reference.
import { describe, expect, it } from "vitest";
import "../src/index.js";
import { getPrimitive } from "../src/primitives/primitive.js";
import type { JaxArray } from "../src/tracing/array.js";
import { allSpecs } from "./specs/index.js";
import type { PrimitiveSpec, RefValue } from "./specs/spec.js";
import { makeInputs, specDevice } from "./util/inputs.js";
import { expectClose } from "./util/close.js";
import { values } from "./util/read.js";

function expected(spec: PrimitiveSpec, refs: RefValue[]): RefValue[] | null {
  if (spec.reference) {
    const r = spec.reference(...refs);
    return Array.isArray(r) ? r : [r];
  }
  if (spec.elementwise) {
    const f = spec.elementwise;
    return [{ shape: refs[0]!.shape, data: refs[0]!.data.map((_, i) => f(...refs.map((r) => r.data[i]!))) }];
  }
  return null;
}

describe("primitive specs: CPU against float64 references", () => {
  it("every spec names a registered primitive", () => {
    for (const spec of allSpecs) expect(getPrimitive(spec.prim), spec.name).toBeDefined();
  });
  for (const spec of allSpecs) {
    const ref = spec.reference ?? spec.elementwise;
    if (!ref) continue;
    it(spec.name, async () => {
      for (const seed of [1, 2, 3]) {
        const { arrays, refs } = makeInputs(spec.args, seed, undefined, specDevice(spec));
        const out = spec.fn(...arrays);
        const outs: JaxArray[] = Array.isArray(out) ? out : [out];
        const want = expected(spec, refs)!;
        expect(outs.length).toBe(want.length);
        for (const [k, o] of outs.entries()) {
          expect(o.shape, `${spec.name} output ${k} shape`).toEqual(want[k]!.shape);
          const tol = o.dtype === "float64" ? 1e-12 : 1e-5;
          expectClose(await values(o), want[k]!.data, spec.atol ?? tol, spec.rtol ?? tol, `${spec.name} seed ${seed} out ${k}`);
        }
      }
    });
  }
});
