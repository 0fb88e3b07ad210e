import type { PrimitiveSpec } from "./spec.js";

export const indexingSpecs: PrimitiveSpec[] = [];
