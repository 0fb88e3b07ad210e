import type { PrimitiveSpec } from "./spec.js";

export const shapeSpecs: PrimitiveSpec[] = [];
