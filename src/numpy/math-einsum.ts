// jnp.einsum: Einstein summation, lowered to diagonal masks, reduce_sum and pairwise
// dot_general contractions (left to right), then one transpose into the output order.
import type { ArrayLike } from "../coerce.js";
import { ShapeError, ValueError } from "../errors.js";
import * as lax from "../lax/index.js";
import { range } from "../shape.js";
import type { JaxArray } from "../tracing/array.js";
import { contract } from "./math-contract.js";
import { fullLike } from "./math-util.js";
import { promoteDtypes } from "./promote.js";

/**
 * A label is a letter's char code; the axes an ellipsis stands for get negative labels, the same
 * for every operand at the same position counted from the right (so they broadcast).
 */
type Label = number;

interface Term {
  labels: Label[];
}

interface ParsedSpec {
  inputs: Term[];
  output: Label[];
}

const ELLIPSIS = "...";

function isLetter(c: string): boolean {
  return /^[A-Za-z]$/.test(c);
}

function labelName(l: Label): string {
  return l >= 0 ? String.fromCharCode(l) : `...[${-l - 1}]`;
}

/** Splits a term into letters and at most one ellipsis marker (null). */
function tokenize(term: string, spec: string): (string | null)[] {
  const out: (string | null)[] = [];
  let sawEllipsis = false;
  for (let i = 0; i < term.length;) {
    if (term.startsWith(ELLIPSIS, i)) {
      if (sawEllipsis) throw new ValueError(`einsum: more than one ellipsis in term "${term}" of "${spec}"`);
      sawEllipsis = true;
      out.push(null);
      i += 3;
    } else if (isLetter(term[i]!)) {
      out.push(term[i]!);
      i++;
    } else {
      throw new ValueError(
        `einsum: invalid character "${term[i]}" in "${spec}"; subscripts are letters, ',', '->' and '...'`,
      );
    }
  }
  return out;
}

function parse(spec: string, operands: readonly JaxArray[]): ParsedSpec {
  const clean = spec.replace(/\s+/g, "");
  const arrow = clean.split("->");
  if (arrow.length > 2) throw new ValueError(`einsum: "${spec}" has more than one "->"`);
  const inputTerms = arrow[0]!.split(",");
  if (inputTerms.length !== operands.length) {
    throw new ValueError(`einsum: "${spec}" names ${inputTerms.length} operands, but ${operands.length} were given`);
  }
  const tokens = inputTerms.map((t) => tokenize(t, spec));
  const ellipsisRanks = tokens.map((toks, k) => {
    const letters = toks.filter((t) => t !== null).length;
    const rank = operands[k]!.ndim;
    const hasEllipsis = toks.includes(null);
    if (hasEllipsis ? letters > rank : letters !== rank) {
      throw new ValueError(
        `einsum: term "${inputTerms[k]}" has ${letters} subscripts but operand ${k} is ${operands[k]!.aval.str()} (rank ${rank})`,
      );
    }
    return hasEllipsis ? rank - letters : 0;
  });
  const broadcastRank = Math.max(0, ...ellipsisRanks);
  const ellipsisLabels = (rank: number): Label[] => range(rank).map((j) => -1 - (broadcastRank - rank + j));
  const inputs = tokens.map((toks, k) => ({
    labels: toks.flatMap((t) => (t === null ? ellipsisLabels(ellipsisRanks[k]!) : [t.charCodeAt(0)])),
  }));
  let output: Label[];
  if (arrow.length === 2) {
    const outToks = tokenize(arrow[1]!, spec);
    output = outToks.flatMap((t) => (t === null ? ellipsisLabels(broadcastRank) : [t.charCodeAt(0)]));
    const all = new Set(inputs.flatMap((t) => t.labels));
    const seen = new Set<Label>();
    for (const l of output) {
      if (seen.has(l)) throw new ValueError(`einsum: output subscript ${labelName(l)} appears twice in "${spec}"`);
      if (!all.has(l))
        throw new ValueError(`einsum: output subscript ${labelName(l)} of "${spec}" is not in any input`);
      seen.add(l);
    }
  } else {
    // Implicit mode: broadcast axes, then the letters used exactly once, in alphabetical order.
    const counts = new Map<Label, number>();
    for (const t of inputs) for (const l of t.labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const once = [...counts].filter(([l, c]) => l >= 0 && c === 1).map(([l]) => l);
    output = [...ellipsisLabels(broadcastRank), ...once.sort((a, b) => a - b)];
  }
  return { inputs, output };
}

/** The size of each label over all operands: sizes must agree, or be 1 (which broadcasts). */
function labelSizes(spec: string, parsed: ParsedSpec, operands: readonly JaxArray[]): Map<Label, number> {
  const sizes = new Map<Label, number>();
  parsed.inputs.forEach((term, k) => {
    term.labels.forEach((l, axis) => {
      const d = operands[k]!.shape[axis]!;
      const prev = sizes.get(l);
      if (prev === undefined || prev === 1) sizes.set(l, d);
      else if (d !== 1 && d !== prev) {
        throw new ShapeError(
          `einsum: subscript ${labelName(l)} of "${spec}" has size ${d} in operand ${k} (${operands[k]!.aval.str()}) but ${prev} before; ` +
            `sizes must match or be 1`,
        );
      }
    });
  });
  return sizes;
}

interface Labeled {
  x: JaxArray;
  labels: Label[];
}

/** Keeps the diagonal of two axes with the same label (x[.., i, .., i, ..] -> x[.., i, ..]). */
function takeDiagonal(op: Labeled, p: number, q: number, spec: string): Labeled {
  const { x } = op;
  if (x.shape[p] !== x.shape[q]) {
    throw new ShapeError(
      `einsum: repeated subscript ${labelName(op.labels[p]!)} of "${spec}" spans axes of sizes ${x.shape[p]} and ${x.shape[q]} in ${x.aval.str()}`,
    );
  }
  const plane = [x.shape[p]!, x.shape[q]!];
  const same = lax.eq(lax.broadcastedIota("int32", plane, 0), lax.broadcastedIota("int32", plane, 1));
  // select, not multiply: off-diagonal infinities must not turn into NaN.
  const masked = lax.select(lax.broadcastInDim(same, x.shape, [p, q]), x, fullLike(x, 0));
  return { x: sumAxes(masked, [q]), labels: op.labels.filter((_, i) => i !== q) };
}

function sumAxes(x: JaxArray, axes: number[]): JaxArray {
  if (axes.length === 0) return x;
  return x.dtype === "bool" ? lax.reduceOr(x, axes) : lax.reduceSum(x, axes);
}

/** Diagonals for repeated labels, then size-1 axes that broadcast against larger ones dropped. */
function prepare(x: JaxArray, labels: Label[], sizes: Map<Label, number>, spec: string): Labeled {
  let op: Labeled = { x, labels };
  for (;;) {
    const q = op.labels.findIndex((l, i) => op.labels.indexOf(l) !== i);
    if (q < 0) break;
    op = takeDiagonal(op, op.labels.indexOf(op.labels[q]!), q, spec);
  }
  const drop = op.labels.map((l, i) => (op.x.shape[i] === 1 && sizes.get(l)! > 1 ? i : -1)).filter((i) => i >= 0);
  if (drop.length === 0) return op;
  return { x: lax.squeeze(op.x, drop), labels: op.labels.filter((_, i) => !drop.includes(i)) };
}

/** Sums out the labels of `op` that no one needs any more. */
function sumUnneeded(op: Labeled, needed: (l: Label) => boolean): Labeled {
  const axes = op.labels.map((l, i) => (needed(l) ? -1 : i)).filter((i) => i >= 0);
  if (axes.length === 0) return op;
  return { x: sumAxes(op.x, axes), labels: op.labels.filter((_, i) => !axes.includes(i)) };
}

function contractPair(a: Labeled, b: Labeled, needed: Set<Label>): Labeled {
  const shared = a.labels.filter((l) => b.labels.includes(l));
  const batch = shared.filter((l) => needed.has(l));
  const summed = shared.filter((l) => !needed.has(l));
  const axesOf = (op: Labeled, ls: Label[]) => ls.map((l) => op.labels.indexOf(l));
  const x = contract(a.x, b.x, axesOf(a, summed), axesOf(b, summed), axesOf(a, batch), axesOf(b, batch));
  const free = (op: Labeled) => op.labels.filter((l) => !shared.includes(l));
  return { x, labels: [...batch, ...free(a), ...free(b)] };
}

/**
 * Einstein summation: `einsum("ij,jk->ik", a, b)`, `einsum("ii", a)` (trace), `einsum("...ij->...ji", x)`.
 * Without "->" the output is the broadcast axes followed by the letters used once, sorted.
 */
export function einsum(subscripts: string, ...operands: ArrayLike[]): JaxArray {
  if (operands.length === 0) throw new ValueError(`einsum: "${subscripts}" needs at least one operand`);
  const arrays = promoteDtypes("einsum", operands);
  const parsed = parse(subscripts, arrays);
  const sizes = labelSizes(subscripts, parsed, arrays);
  const output = new Set(parsed.output);
  const laterLabels = (k: number) => new Set(parsed.inputs.slice(k + 1).flatMap((t) => t.labels));
  let acc = prepare(arrays[0]!, parsed.inputs[0]!.labels, sizes, subscripts);
  for (let k = 1; k < arrays.length; k++) {
    const next = prepare(arrays[k]!, parsed.inputs[k]!.labels, sizes, subscripts);
    const later = laterLabels(k);
    const needed = new Set<Label>([...output, ...later]);
    acc = sumUnneeded(acc, (l) => needed.has(l) || next.labels.includes(l));
    const b = sumUnneeded(next, (l) => needed.has(l) || acc.labels.includes(l));
    acc = contractPair(acc, b, needed);
  }
  acc = sumUnneeded(acc, (l) => output.has(l));
  return lax.transpose(
    acc.x,
    parsed.output.map((l) => acc.labels.indexOf(l)),
  );
}
