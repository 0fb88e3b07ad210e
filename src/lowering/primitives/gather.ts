// gather: one invocation per output element. Its non-offset axes pick the index vector, its
// offset axes the position inside the window; the window start is clamped as the CPU kernel
// clamps it, and "fill" mode stores the fill value for windows that left the operand.
import { castScalar } from "../../dtypes.js";
import { stridesOf } from "../../shape.js";
import type { GatherParams } from "../../primitives/indexing/gather-shape.js";
import { linearIndex, ravel } from "../indexing.js";
import { add, constant, load, scalarType, select, u32, type Expr } from "../kernel-ir.js";
import type { Lowering } from "../lowering.js";
import { perOutputProgram } from "./gather-kernel.js";
import { windowStart } from "./window-start.js";

export const gatherLowering: Lowering = ({ inAvals: [operand, indices], outAvals: [out], params }) => {
  const p = params as GatherParams;
  const dn = p.dimensionNumbers;
  const batchShape = indices!.shape.slice(0, -1);
  const batchAxes = out!.shape.map((_, i) => i).filter((i) => !dn.offsetDims.includes(i));
  const type = scalarType(out!.dtype);
  return perOutputProgram("gather", [operand!, indices!], out!, (idx) => {
    const batchIndex = batchAxes.map((a) => idx[a]!);
    const start = windowStart(
      1,
      indices!,
      ravel(batchIndex, batchShape),
      batchIndex,
      {
        operandShape: operand!.shape,
        windowSizes: p.sliceSizes,
        startMap: dn.startIndexMap,
        operandBatchingDims: dn.operandBatchingDims,
        indicesBatchingDims: dn.startIndicesBatchingDims,
      },
      "start",
    );
    // Window axes of the operand (neither collapsed nor batching) follow the offset axes in order.
    let offsetAxis = 0;
    const position: Expr[] = operand!.shape.map((_, d) => {
      const windowAxis = !dn.collapsedSliceDims.includes(d) && !dn.operandBatchingDims.includes(d);
      const within = windowAxis ? idx[dn.offsetDims[offsetAxis++]!]! : u32(0);
      return add(start.starts[d]!, within);
    });
    const value = load(0, linearIndex(position, stridesOf(operand!.shape)), type);
    if (p.mode !== "fill") return { stmts: start.stmts, value };
    const fill = constant(castScalar(p.fillValue ?? 0, out!.dtype), type);
    return { stmts: start.stmts, value: select(start.inBounds, value, fill) };
  });
};
