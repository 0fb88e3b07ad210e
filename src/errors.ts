// Named error classes. Each message leads with the operation, shows operand types and
// parameters, and ends with how to fix it. Documented in docs/errors.md.

export class JaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Operand shapes that don't fit the operation (broadcasting, contraction sizes, ...). */
export class ShapeError extends JaxError {}

/** Operand dtypes that the operation doesn't accept, or that disagree. */
export class DTypeError extends JaxError {}

/** An axis argument out of range or repeated. */
export class AxisError extends JaxError {}

/** A parameter with a bad value (negative size, unknown option, wrong pytree structure, ...). */
export class ValueError extends JaxError {}

/** A traced (abstract) value was used where a concrete JS value is needed. */
export class ConcretizationError extends JaxError {}

/** A tracer escaped the transform that created it. */
export class TracerLeakError extends JaxError {}

/** Use of an array after `dispose()`. */
export class DisposedError extends JaxError {}

/** An operation that the selected backend or transform cannot do. */
export class UnsupportedError extends JaxError {}

/** A derivative check (`checkGrads`) found a JVP or VJP that disagrees with finite differences. */
export class GradientCheckError extends JaxError {}
