// scan: a loop over the leading axis of `xs` threading a carry, collecting per-step outputs `ys`.
// Every transform works: JVP (fixpoint on which carries have tangents), vmap (fixpoint on which
// carries are batched), partial evaluation (residuals are stacked as extra ys) and transpose (a
// reverse scan of the transposed body), so reverse mode runs through loops.
import { arrayFromBuffer, arrayFromHost, type ArrayImpl } from "../../array.js";
import { devicePut } from "../../backend/device-put.js";
import { ShapeError } from "../../errors.js";
import { ShapedArray } from "../../tracing/aval.js";
import type { JaxArray } from "../../tracing/array.js";
import type { Jaxpr } from "../../tracing/jaxpr.js";
import { bind } from "../../tracing/trace.js";
import {
  jvpJaxpr,
  partialEvalJaxpr,
  runJaxpr,
  traceClosed,
  transposeJaxpr,
  vmapJaxpr,
} from "../../transforms/jaxpr-transforms.js";
import { registerPartialEvalRule, type PETracer } from "../../transforms/partial-eval.js";
import { add } from "../elementwise/binary.js";
import {
  definePrimitive,
  UndefinedPrimal,
  Zero,
  type BDim,
  type Params,
  type Primitive,
  type Tangent,
} from "../primitive.js";
import { batchSize, instantiate, moveBatchAxis, zerosLikeAval } from "../rules.js";
import { concatenate } from "../shape/concatenate.js";
import { dynamicIndexInDim } from "../shape/dynamic-slice.js";
import { reshape } from "../shape/reshape.js";
import { carryFixpoint, split, splitN } from "./split.js";

export interface ScanParams {
  jaxpr: Jaxpr;
  numConsts: number;
  numCarry: number;
  length: number;
  reverse: boolean;
  unroll: number;
}

const stacked = (a: ShapedArray, length: number) => new ShapedArray([length, ...a.shape], a.dtype, a.weakType);

/** Collects a scan's per-step outputs `ys` (step i at row i) into stacked arrays. */
interface StackSink {
  put(i: number, ys: readonly ArrayImpl[]): void;
  stacked(): JaxArray[];
}

/** Copies each step's outputs into preallocated stacked buffers at their row: linear in the length. */
function copySink(yAvals: readonly ShapedArray[], length: number): StackSink {
  let stacks: { device: ArrayImpl["device"]; buffer: unknown }[] = [];
  return {
    put(i, ys) {
      if (stacks.length === 0) stacks = ys.map((y, j) => ({ device: y.device, buffer: y.device.allocate(stacked(yAvals[j]!, length)) }));
      ys.forEach((y, j) => {
        const { device, buffer } = stacks[j]!;
        const yOnDevice = y.device === device ? y : devicePut(y, device);
        device.copy((yOnDevice as ArrayImpl).buffer, buffer, y.aval, i * y.size);
      });
    },
    stacked: () => stacks.map((s, j) => arrayFromBuffer(stacked(yAvals[j]!, length), s.device, s.buffer)),
  };
}

/** Keeps each step's outputs and concatenates them once at the end (any number of operands). */
function concatSink(yAvals: readonly ShapedArray[]): StackSink {
  const rows: ArrayImpl[][] = [];
  return {
    put(i, ys) {
      rows[i] = [...ys];
    },
    stacked: () => yAvals.map((a, j) => concatenate(rows.map((y) => reshape(y[j]!, [1, ...a.shape])), 0)),
  };
}
const sliced = (a: ShapedArray) => new ShapedArray(a.shape.slice(1), a.dtype, a.weakType);

export const scanP: Primitive<ScanParams> = definePrimitive<ScanParams>({
  name: "scan",
  abstractEval(avals, { jaxpr, numConsts, numCarry, length }) {
    const [, carry, xs] = split(avals, numConsts, numCarry);
    xs.forEach((x) => {
      if (x.ndim === 0 || x.shape[0] !== length) {
        throw new ShapeError(`scan: every xs leaf needs a leading axis of the scan length ${length}, got ${x.str()}`);
      }
    });
    const ins = jaxpr.inAvals;
    const want = [...avals.slice(0, numConsts), ...carry, ...xs.map(sliced)];
    if (ins.length !== want.length || ins.some((a, i) => !a.equals(want[i]!))) {
      throw new ShapeError(
        `scan: the body takes (${ins.map((a) => a.str()).join(", ")}) but is given (${want.map((a) => a.str()).join(", ")})`,
      );
    }
    const outs = jaxpr.outAvals;
    const carryOut = outs.slice(0, numCarry);
    if (carryOut.some((a, i) => !a.equals(carry[i]!))) {
      throw new ShapeError(
        `scan: the body must return a carry of the same types as the initial carry: got (${carryOut.map((a) => a.str()).join(", ")}) ` +
          `for (${carry.map((a) => a.str()).join(", ")}); cast the initial carry or the body's result so they agree`,
      );
    }
    return [
      ...carry.map((a, i) => (carryOut[i]!.weakType && a.weakType ? a : a.withWeak(false))),
      ...outs.slice(numCarry).map((a) => stacked(a, length)),
    ];
  },
  printParams: ({ jaxpr, numConsts, numCarry, length, reverse, unroll }) => [
    ["_split_transpose", false],
    ["jaxpr", jaxpr],
    ["length", length],
    ["linear", Array<boolean>(jaxpr.invars.length).fill(false)],
    ["num_carry", numCarry],
    ["num_consts", numConsts],
    ["reverse", reverse],
    ["unroll", unroll],
  ],
  evalRule(args, { jaxpr, numConsts, numCarry, length, reverse }) {
    const [consts, init, xs] = split(args, numConsts, numCarry);
    const yAvals = jaxpr.outAvals.slice(numCarry);
    if (length === 0) return [...init, ...yAvals.map((a) => zerosLikeAval(stacked(a, 0)))];
    // float16 is stored as 16-bit halves in 32-bit words, and devices copy whole words: an odd
    // count per step is stacked by one concatenate at the end instead of by copies.
    const sink = yAvals.some((a) => a.dtype === "float16" && a.size % 2 === 1) ? concatSink(yAvals) : copySink(yAvals, length);
    let carry = init;
    for (let t = 0; t < length; t++) {
      const i = reverse ? length - 1 - t : t;
      // The index lives where the operand does, which need not be the default device.
      const xi = xs.map((x) =>
        dynamicIndexInDim(x, arrayFromHost([i], [], "int32", false, (x as ArrayImpl).device), 0, false),
      );
      const outs = runJaxpr(jaxpr, [...consts, ...carry, ...xi]);
      carry = outs.slice(0, numCarry);
      sink.put(i, outs.slice(numCarry) as ArrayImpl[]);
    }
    return [...carry, ...sink.stacked()];
  },
  jvp(primals, tangents, params) {
    const { jaxpr, numConsts, numCarry } = params;
    const [consts, init, xs] = split(primals, numConsts, numCarry);
    const [constT, initT, xsT] = split(tangents, numConsts, numCarry);
    const nz = (t: Tangent) => !(t instanceof Zero);
    const constNz = constT.map(nz);
    const xsNz = xsT.map(nz);
    const numYs = jaxpr.outs.length - numCarry;
    const carryNz = carryFixpoint(
      initT.map(nz),
      (k) => jvpJaxpr(jaxpr, [...constNz, ...k, ...xsNz], false).outNonzeros,
    );
    const { jaxpr: jj, outNonzeros } = jvpJaxpr(
      jaxpr,
      [...constNz, ...carryNz, ...xsNz],
      [...carryNz, ...Array<boolean>(numYs).fill(false)],
    );
    const ysNz = outNonzeros.slice(numCarry);
    const cT = constT.filter(nz).map(instantiate);
    const iT = initT.filter((_, i) => carryNz[i]).map(instantiate);
    const xT = xsT.filter(nz).map(instantiate);
    const nj = jj.consts.length;
    // Reorder to scan's convention: consts [jj consts, consts, const tangents], carry [carry,
    // carry tangents], xs [xs, xs tangents]; outputs [carry, carry tangents, ys, ys tangents].
    const body = traceClosed(
      (...a) => {
        const [jc, c, ct, k, kt, x, xt] = splitN(a, [nj, numConsts, cT.length, numCarry, iT.length, xs.length]);
        const outs = runJaxpr(jj.jaxpr, [...jc, ...c, ...k, ...x, ...ct, ...kt, ...xt]);
        const [ko, yo, kto, yto] = splitN(outs, [numCarry, numYs, iT.length]);
        return [...ko, ...kto, ...yo, ...yto];
      },
      [
        ...jj.consts.map((c) => c.aval),
        ...consts.map((c) => c.aval),
        ...cT.map((t) => t.aval),
        ...init.map((c) => c.aval),
        ...iT.map((t) => t.aval),
        ...xs.map((x) => sliced(x.aval)),
        ...xT.map((t) => sliced(t.aval)),
      ],
    );
    const outs = bind(scanP, [...body.consts, ...jj.consts, ...consts, ...cT, ...init, ...iT, ...xs, ...xT], {
      ...params,
      jaxpr: body.jaxpr,
      numConsts: body.consts.length + nj + numConsts + cT.length,
      numCarry: numCarry + iT.length,
    });
    const [ko, kto, yo, yto] = splitN(outs, [numCarry, iT.length, numYs]);
    let a = 0;
    let b = 0;
    const carryTangents: Tangent[] = init.map((c, i) => (carryNz[i] ? kto[a++]! : new Zero(c.aval.withWeak(false))));
    const yTangents: Tangent[] = yo.map((y, i) => (ysNz[i] ? yto[b++]! : new Zero(y.aval.withWeak(false))));
    return [
      [...ko, ...yo],
      [...carryTangents, ...yTangents],
    ];
  },
  batch(args, dims, params) {
    const { jaxpr, numConsts, numCarry } = params;
    const size = batchSize(args, dims);
    const [cD, kD, xD] = split(dims, numConsts, numCarry);
    const [consts, init, xs] = split(args, numConsts, numCarry);
    const constB = cD.map((d) => d !== null);
    const xsB = xD.map((d) => d !== null);
    const inDims = (kb: boolean[]): BDim[] => [...constB, ...kb, ...xsB].map((b) => (b ? 0 : null));
    const carryB = carryFixpoint(
      kD.map((d) => d !== null),
      (k) => vmapJaxpr(jaxpr, size, inDims(k), (bs) => bs.map((b) => (b ? 0 : null))).outDims.map((d) => d !== null),
    );
    const { jaxpr: bv, outDims } = vmapJaxpr(jaxpr, size, inDims(carryB), (bs) => [
      ...carryB.map((b) => (b ? 0 : null)),
      ...bs.slice(numCarry).map((b) => (b ? 0 : null)),
    ]);
    const movedConsts = consts.map((c, i) => (cD[i] === null ? c : moveBatchAxis(c, cD[i]!, 0, size)));
    const movedInit = init.map((c, i) => (carryB[i] ? moveBatchAxis(c, kD[i]!, 0, size) : c));
    const movedXs = xs.map((x, i) => (xD[i] === null ? x : moveBatchAxis(x, xD[i]!, 1, size)));
    const outs = bind(scanP, [...bv.consts, ...movedConsts, ...movedInit, ...movedXs], {
      ...params,
      jaxpr: bv.jaxpr,
      numConsts: bv.consts.length + numConsts,
    });
    const resultDims: BDim[] = [
      ...carryB.map((b) => (b ? 0 : null)),
      ...outDims.slice(numCarry).map((d) => (d === null ? null : 1)),
    ];
    return [outs, resultDims];
  },
  transpose(cts, args, params) {
    const { jaxpr, numConsts, numCarry, length, reverse } = params;
    const isLin = (a: unknown) => a instanceof UndefinedPrimal;
    const [consts, init, xs] = split(args, numConsts, numCarry);
    // The carry is linear even where its initial value is a known constant (an instantiated zero
    // tangent); those positions simply get no cotangent.
    const constLin = consts.map(isLin);
    const xsLin = xs.map(isLin);
    const nlConsts = consts.filter((c): c is JaxArray => !isLin(c));
    const nlXs = xs.filter((x): x is JaxArray => !isLin(x));
    const linConstAvals = consts.filter(isLin).map((c) => c.aval);
    const [ctCarry, ctYs] = split(cts.map(instantiate), numCarry);
    const bt = transposeJaxpr(jaxpr, [...constLin, ...init.map(() => true), ...xsLin]);
    const nb = bt.consts.length;
    const nL = linConstAvals.length;
    const body = traceClosed(
      (...a) => {
        const [tc, nlc, acc, ctk, cty, nlx] = splitN(a, [nb, nlConsts.length, nL, numCarry, ctYs.length]);
        const outs = runJaxpr(bt.jaxpr, [...tc, ...nlc, ...nlx, ...ctk, ...cty]);
        const [ctLinConsts, ctCarryIn, ctLinXs] = splitN(outs, [nL, numCarry]);
        return [...acc.map((x, i) => add(x, ctLinConsts[i]!)), ...ctCarryIn, ...ctLinXs];
      },
      [
        ...bt.consts.map((c) => c.aval),
        ...nlConsts.map((c) => c.aval),
        ...linConstAvals.map((a) => a.withWeak(false)),
        ...ctCarry.map((c) => c.aval),
        ...ctYs.map((c) => sliced(c.aval)),
        ...nlXs.map((x) => sliced(x.aval)),
      ],
    );
    const res = bind(
      scanP,
      [
        ...body.consts,
        ...bt.consts,
        ...nlConsts,
        ...linConstAvals.map((a) => zerosLikeAval(a.withWeak(false))),
        ...ctCarry,
        ...ctYs,
        ...nlXs,
      ],
      {
        ...params,
        jaxpr: body.jaxpr,
        numConsts: body.consts.length + nb + nlConsts.length,
        numCarry: nL + numCarry,
        length,
        reverse: !reverse,
      },
    );
    const [accOut, ctInit, ctLinXs] = splitN(res, [nL, numCarry]);
    let a = 0;
    let b = 0;
    return [
      ...consts.map((c) => (isLin(c) ? accOut[a++]! : null)),
      ...ctInit.map((ct, i) => (isLin(init[i]) ? ct : null)),
      ...xs.map((x) => (isLin(x) ? ctLinXs[b++]! : null)),
    ];
  },
});

// Linearize through scan: the known scan computes the primal carry and ys and stacks every
// residual as an extra ys; the unknown scan reads those residuals step by step.
registerPartialEvalRule("scan", (trace, tracers: PETracer[], params: Params) => {
  const p = params as ScanParams;
  const { jaxpr, numConsts, numCarry, length } = p;
  const [consts, init, xs] = split(tracers, numConsts, numCarry);
  const uk = (t: PETracer) => !t.pval.isKnown;
  const constUk = consts.map(uk);
  const xsUk = xs.map(uk);
  const carryUk = carryFixpoint(
    init.map(uk),
    (k) => partialEvalJaxpr(jaxpr, [...constUk, ...k, ...xsUk], false).outUnknowns,
  );
  const numYs = jaxpr.outs.length - numCarry;
  const pe = partialEvalJaxpr(
    jaxpr,
    [...constUk, ...carryUk, ...xsUk],
    [...carryUk, ...Array<boolean>(numYs).fill(false)],
  );
  const ysUk = pe.outUnknowns.slice(numCarry);
  const known = (ts: PETracer[], flags: boolean[]) => ts.filter((_, i) => !flags[i]).map((t) => t.pval.known!);
  const kConsts = known(consts, constUk);
  const kInit = known(init, carryUk);
  const kXs = known(xs, xsUk);
  const knownOuts = bind(scanP, [...pe.known.consts, ...kConsts, ...kInit, ...kXs], {
    ...p,
    jaxpr: pe.known.jaxpr,
    numConsts: pe.known.consts.length + kConsts.length,
    numCarry: kInit.length,
  });
  const nKnownYs = ysUk.filter((u) => !u).length;
  const [kCarryOut, kYs, stackedRes] = splitN(knownOuts, [kInit.length, nKnownYs]);
  const unknown = (ts: PETracer[], flags: boolean[]) =>
    ts.filter((_, i) => flags[i]).map((t) => trace.instantiateConst(t));
  const uConsts = unknown(consts, constUk);
  const uInit = unknown(init, carryUk);
  const uXs = unknown(xs, xsUk);
  const body = traceClosed(
    (...a) => {
      const [c, k, r, x] = splitN(a, [uConsts.length, uInit.length, pe.numResiduals]);
      return runJaxpr(pe.unknown, [...r, ...c, ...k, ...x]);
    },
    [
      ...uConsts.map((t) => t.aval),
      ...uInit.map((t) => t.aval),
      ...pe.residualAvals,
      ...uXs.map((t) => sliced(t.aval)),
    ],
  );
  const lift = (x: JaxArray) => trace.instantiateConst(trace.pure(x) as PETracer);
  const unknownOuts = trace.recordEqn(
    scanP,
    [...body.consts.map(lift), ...uConsts, ...uInit, ...stackedRes.map(lift), ...uXs],
    {
      ...p,
      jaxpr: body.jaxpr,
      numConsts: body.consts.length + uConsts.length,
      numCarry: uInit.length,
      length,
    } satisfies ScanParams,
    [...uInit.map((t) => t.aval), ...body.jaxpr.outAvals.slice(uInit.length).map((a) => stacked(a, length))],
  );
  const [uCarryOut, uYs] = splitN(unknownOuts, [uInit.length]);
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  return [
    ...carryUk.map((u) => (u ? uCarryOut[a++]! : kCarryOut[b++]!)),
    ...ysUk.map((u) => (u ? uYs[c++]! : kYs[d++]!)),
  ];
});
