// Pytrees: flattening order, structures, custom nodes, and the fp-ts Functor/Traversable instances.
import * as O from "fp-ts/Option";
import * as E from "fp-ts/Either";
import { pipe } from "fp-ts/function";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as jax from "../src/index.js";

const { tree } = jax;

class Point {
  constructor(
    readonly x: unknown,
    readonly y: unknown,
    readonly label: string,
  ) {}
}
tree.registerPytreeNode(
  Point,
  (p) => [[p.x, p.y], p.label],
  (label, [x, y]) => new Point(x, y, label as string),
);

describe("pytrees", () => {
  it("flattens objects with sorted keys, arrays in order, and null as an empty node", () => {
    const [leaves, def] = tree.flatten({ b: 2, a: [1, null, { c: 3 }] });
    expect(leaves).toEqual([1, 3, 2]);
    expect(tree.treedefString(def)).toBe("PyTreeDef({'a': [*, None, {'c': *}], 'b': *})");
    expect(tree.unflatten(def, [10, 30, 20])).toEqual({ a: [10, null, { c: 30 }], b: 20 });
  });

  it("registered classes are nodes with aux data", () => {
    const p = new Point(1, [2, 3], "p");
    const [leaves, def] = tree.flatten(p);
    expect(leaves).toEqual([1, 2, 3]);
    const q = tree.unflatten<Point>(def, [4, 5, 6]);
    expect(q).toBeInstanceOf(Point);
    expect([q.x, q.y, q.label]).toEqual([4, [5, 6], "p"]);
    expect(tree.map((v: never) => (v as number) * 2, p)).toEqual(new Point(2, [4, 6], "p"));
  });

  it("tree.map over several trees checks their structures", () => {
    expect(tree.map((a: never, b: never) => (a as number) + (b as number), { u: 1, v: [2] }, { u: 10, v: [20] })).toEqual({ u: 11, v: [22] });
    expect(() => tree.map((a: never) => a, { u: 1 }, { w: 1 })).toThrow(/structures differ/);
  });

  it("flatten then unflatten is the identity (property)", () => {
    const leaf = fc.oneof(fc.integer(), fc.constant(null));
    const arb = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, fc.array(tie("node"), { maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 3 }), tie("node"), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(arb, (t) => {
        const [ls, def] = tree.flatten(t);
        expect(tree.unflatten(def, ls)).toEqual(t);
      }),
    );
  });

  it("Functor and Traversable instances (fp-ts): map and validate leaves, keeping the structure", () => {
    const { fp } = tree;
    const t = fp.fromTree<number>({ w: [1, 2], b: 3 });
    expect(fp.toTree(fp.Functor.map(t, (x) => x + 1))).toEqual({ w: [2, 3], b: 4 });
    const positive = (x: number) => (x > 0 ? O.some(x) : O.none);
    expect(pipe(fp.Traversable.traverse(O.Applicative)(t, positive), O.map(fp.toTree))).toEqual(O.some({ w: [1, 2], b: 3 }));
    const bad = fp.fromTree<number>({ w: [1, -2], b: 3 });
    expect(fp.Traversable.traverse(O.Applicative)(bad, positive)).toEqual(O.none);
    const checked = fp.Traversable.traverse(E.Applicative)(bad, (x) => (x > 0 ? E.right(x) : E.left(`negative leaf ${x}`)));
    expect(checked).toEqual(E.left("negative leaf -2"));
    expect(fp.Traversable.reduce(t, 0, (acc, x) => acc + x)).toBe(6);
  });
});
