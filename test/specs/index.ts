// All primitive specs, one file per family.
import type { PrimitiveSpec } from "./spec.js";
import { unarySpecs } from "./unary.js";
import { binarySpecs } from "./binary.js";
import { reductionSpecs } from "./reductions.js";
import { shapeSpecs } from "./shape.js";
import { indexingSpecs } from "./indexing.js";
import { linalgSpecs } from "./linalg.js";
import { randomSpecs } from "./random.js";
import { controlSpecs } from "./control.js";

export const allSpecs: PrimitiveSpec[] = [
  ...unarySpecs,
  ...binarySpecs,
  ...reductionSpecs,
  ...shapeSpecs,
  ...indexingSpecs,
  ...linalgSpecs,
  ...randomSpecs,
  ...controlSpecs,
];
