// optax.contrib (the part kept here: reduce-on-plateau).
export { reduceOnPlateau, type ReduceLROnPlateauState, type ReduceOnPlateauOptions } from "./reduce-on-plateau.js";
