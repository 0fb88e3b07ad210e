// fp-ts instances for pytrees. A pytree is a container (its treedef) holding leaves, so it is a
// Functor (tree.map) and a Traversable: effects over the leaves (Option for validation, Either
// for errors, Task for async reads) run in flatten order and rebuild the same structure.
import type { Applicative, Applicative1 } from "fp-ts/lib/Applicative.js";
import type { Functor1 } from "fp-ts/lib/Functor.js";
import type { HKT, Kind, URIS } from "fp-ts/HKT";
import { pipe } from "fp-ts/lib/function.js";
import * as RA from "fp-ts/lib/ReadonlyArray.js";
import type { Traversable1 } from "fp-ts/lib/Traversable.js";
import { flatten, unflatten, type TreeDef } from "./pytree.js";
import { JaxArray } from "../tracing/array.js";

export const URI = "jax-ts/PyTree";
export type URI = typeof URI;

/** A pytree with leaves of type A, kept with its structure so it can be rebuilt after a traversal. */
export interface PyTreeOf<A> {
  readonly treedef: TreeDef;
  readonly leaves: readonly A[];
}

declare module "fp-ts/HKT" {
  interface URItoKind<A> {
    readonly [URI]: PyTreeOf<A>;
  }
}

/** Leaves are arrays, numbers and anything else that isn't a container (JAX's default). */
export function fromTree<A = JaxArray>(tree: unknown): PyTreeOf<A> {
  const [leaves, treedef] = flatten<A>(tree);
  return { treedef, leaves };
}

export function toTree<T = unknown>(t: PyTreeOf<unknown>): T {
  return unflatten<T>(t.treedef, t.leaves);
}

const map = <A, B>(fa: PyTreeOf<A>, f: (a: A) => B): PyTreeOf<B> => ({ treedef: fa.treedef, leaves: fa.leaves.map(f) });

function traverse<F extends URIS>(F: Applicative1<F>): <A, B>(ta: PyTreeOf<A>, f: (a: A) => Kind<F, B>) => Kind<F, PyTreeOf<B>>;
function traverse<F>(F: Applicative<F>): <A, B>(ta: PyTreeOf<A>, f: (a: A) => HKT<F, B>) => HKT<F, PyTreeOf<B>>;
function traverse<F>(F: Applicative<F>) {
  return <A, B>(ta: PyTreeOf<A>, f: (a: A) => HKT<F, B>): HKT<F, PyTreeOf<B>> =>
    F.map(RA.traverse(F)(f)(ta.leaves), (leaves: readonly B[]) => ({ treedef: ta.treedef, leaves }));
}

function sequence<F extends URIS>(F: Applicative1<F>): <A>(ta: PyTreeOf<Kind<F, A>>) => Kind<F, PyTreeOf<A>>;
function sequence<F>(F: Applicative<F>): <A>(ta: PyTreeOf<HKT<F, A>>) => HKT<F, PyTreeOf<A>>;
function sequence<F>(F: Applicative<F>) {
  return <A>(ta: PyTreeOf<HKT<F, A>>): HKT<F, PyTreeOf<A>> => traverse(F)(ta, (x: HKT<F, A>) => x);
}

export const Functor: Functor1<URI> = { URI, map };

export const Traversable: Traversable1<URI> = {
  URI,
  map,
  reduce: (fa, b, f) => pipe(fa.leaves, RA.reduce(b, f)),
  foldMap: (M) => (fa, f) => pipe(fa.leaves, RA.foldMap(M)(f)),
  reduceRight: (fa, b, f) => pipe(fa.leaves, RA.reduceRight(b, f)),
  traverse,
  sequence,
};
