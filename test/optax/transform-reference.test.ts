// Each transformation against an independent float64 reference of its published update
// equation (plain JS loops), over several steps, on a tree with a vector and a matrix leaf.
import { describe, expect, it } from "vitest";
import * as jax from "../../src/index.js";
import type { JaxArray } from "../../src/tracing/array.js";
import * as optax from "../../src/optax/index.js";
import { expectClose } from "../util/close.js";
import { values as host } from "../util/read.js";

const jnp = jax.numpy;
type Leaves = number[][];
type Tree = { a: JaxArray; b: JaxArray };
/** A reference: given the step's gradients, the params and the 1-based step, the expected updates. */
type Reference = (g: Leaves, p: Leaves, t: number) => Leaves;

const SHAPES = [[3], [2, 3]] as const;
const STEPS = 6;

function gradsAt(t: number): Leaves {
  return SHAPES.map((s, l) =>
    Array.from(
      { length: s.reduce((a, b) => a * b, 1) },
      (_, i) => Math.sin(1.7 * i + 0.9 * t + 2.3 * l) * 0.8 + 0.1 * l,
    ),
  );
}
const PARAMS: Leaves = SHAPES.map((s, l) =>
  Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, i) => Math.cos(1.1 * i + l) + 0.2),
);

function toTree(leaves: Leaves): Tree {
  return {
    a: jnp.array(leaves[0]!, { dtype: "float64" }),
    b: jnp.reshape(jnp.array(leaves[1]!, { dtype: "float64" }), [2, 3]),
  };
}
async function fromTree(t: Tree): Promise<Leaves> {
  return [await host(t.a), await host(t.b)];
}

const zeros = (): Leaves => SHAPES.map((s) => new Array<number>(s.reduce((a, b) => a * b, 1)).fill(0));
const full = (v: number): Leaves => zeros().map((l) => l.fill(v));
const each = (xs: Leaves, f: (x: number, l: number, i: number) => number): Leaves =>
  xs.map((l, li) => l.map((x, i) => f(x, li, i)));
const norm = (xs: number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0));

function check(
  name: string,
  tx: optax.GradientTransformation<unknown>,
  ref: Reference,
  extra?: (t: number) => optax.ExtraArgs,
  gradsFor = gradsAt,
): void {
  it(name, async () => {
    const params = toTree(PARAMS);
    let state = tx.init(params);
    for (let t = 1; t <= STEPS; t++) {
      const g = gradsFor(t);
      const [u, s] = tx.update(toTree(g), state, params, extra?.(t));
      state = s;
      const want = ref(g, PARAMS, t);
      (await fromTree(u)).forEach((leaf, l) => expectClose(leaf, want[l]!, 1e-12, 1e-10, `${name} step ${t} leaf ${l}`));
    }
  });
}

/** Adam-family first and second moments, bias corrected. */
function moments(b1: number, b2: number) {
  let m = zeros();
  let v = zeros();
  return (g: Leaves, t: number) => {
    m = each(m, (x, l, i) => b1 * x + (1 - b1) * g[l]![i]!);
    v = each(v, (x, l, i) => b2 * x + (1 - b2) * g[l]![i]! ** 2);
    return { m, v, mh: each(m, (x) => x / (1 - b1 ** t)), vh: each(v, (x) => x / (1 - b2 ** t)) };
  };
}

describe("scaling", () => {
  check("scale", optax.scale(-0.3), (g) => each(g, (x) => -0.3 * x));
  check("scaleByLearningRate", optax.scaleByLearningRate(0.05), (g) => each(g, (x) => -0.05 * x));
  const decayed = (c: JaxArray) =>
    jnp.multiply(
      jnp.array(0.1, { dtype: "float64" }),
      jnp.power(jnp.array(0.9, { dtype: "float64" }), c.astype("float64")),
    );
  check("scaleByLearningRate with a schedule", optax.scaleByLearningRate(decayed), (g, _p, t) =>
    each(g, (x) => -0.1 * 0.9 ** (t - 1) * x),
  );
  check("scaleBySchedule", optax.scaleBySchedule(decayed), (g, _p, t) => each(g, (x) => 0.1 * 0.9 ** (t - 1) * x));
  check("scaleBySign", optax.scaleBySign(), (g) => each(g, Math.sign));
  check("scaleByParamBlockNorm", optax.scaleByParamBlockNorm(), (g, p) =>
    each(g, (x, l) => x * Math.max(norm(p[l]!), 1e-3)),
  );
  check("scaleByParamBlockRms", optax.scaleByParamBlockRms(), (g, p) =>
    each(g, (x, l) => x * Math.max(norm(p[l]!) / Math.sqrt(p[l]!.length), 1e-3)),
  );
  check("centralize", optax.centralize(), (g) =>
    each(g, (x, l, i) => {
      if (l === 0) return x;
      const row = Math.floor(i / 3);
      const mean = g[1]!.slice(row * 3, row * 3 + 3).reduce((a, b) => a + b, 0) / 3;
      return x - mean;
    }),
  );
});

describe("accumulation", () => {
  for (const nesterov of [false, true]) {
    let tr = zeros();
    check(`trace nesterov=${nesterov}`, optax.trace(0.9, { nesterov }), (g, _p, t) => {
      if (t === 1) tr = zeros();
      tr = each(tr, (x, l, i) => g[l]![i]! + 0.9 * x);
      return nesterov ? each(tr, (x, l, i) => g[l]![i]! + 0.9 * x) : tr;
    });
  }
  for (const debias of [true, false]) {
    let e = zeros();
    check(`ema debias=${debias}`, optax.ema(0.8, { debias }), (g, _p, t) => {
      if (t === 1) e = zeros();
      e = each(e, (x, l, i) => 0.8 * x + 0.2 * g[l]![i]!);
      return debias ? each(e, (x) => x / (1 - 0.8 ** t)) : e;
    });
  }
  let acc = zeros();
  check("applyEvery", optax.applyEvery(3), (g, _p, t) => {
    const c = (t - 1) % 3;
    acc = each(g, (x, l, i) => (c !== 0 ? acc[l]![i]! : 0) + x);
    return c === 2 ? acc : zeros();
  });
});

describe("adam family", () => {
  for (const nesterov of [false, true]) {
    let mom = moments(0.9, 0.999);
    check(`scaleByAdam nesterov=${nesterov}`, optax.scaleByAdam({ epsRoot: 1e-9, nesterov }), (g, _p, t) => {
      if (t === 1) mom = moments(0.9, 0.999);
      const { m, vh } = mom(g, t);
      const mh = nesterov
        ? each(m, (x, l, i) => (0.9 * x) / (1 - 0.9 ** (t + 1)) + (0.1 * g[l]![i]!) / (1 - 0.9 ** t))
        : each(m, (x) => x / (1 - 0.9 ** t));
      return each(mh, (x, l, i) => x / (Math.sqrt(vh[l]![i]! + 1e-9) + 1e-8));
    });
  }
  let mom = moments(0.9, 0.99);
  let vmax = zeros();
  check("scaleByAmsgrad", optax.scaleByAmsgrad({ b2: 0.99 }), (g, _p, t) => {
    if (t === 1) [mom, vmax] = [moments(0.9, 0.99), zeros()];
    const { mh, vh } = mom(g, t);
    vmax = each(vmax, (x, l, i) => Math.max(x, vh[l]![i]!));
    return each(mh, (x, l, i) => x / (Math.sqrt(vmax[l]![i]!) + 1e-8));
  });
  let m = zeros();
  let u = zeros();
  check("scaleByAdamax", optax.scaleByAdamax(), (g, _p, t) => {
    if (t === 1) [m, u] = [zeros(), zeros()];
    m = each(m, (x, l, i) => 0.9 * x + 0.1 * g[l]![i]!);
    u = each(u, (x, l, i) => Math.max(Math.abs(g[l]![i]!) + 1e-8, 0.999 * x));
    return each(m, (x, l, i) => x / (1 - 0.9 ** t) / u[l]![i]!);
  });
  let bm = zeros();
  let bs = zeros();
  check("scaleByBelief", optax.scaleByBelief(), (g, _p, t) => {
    if (t === 1) [bm, bs] = [zeros(), zeros()];
    bm = each(bm, (x, l, i) => 0.9 * x + 0.1 * g[l]![i]!);
    bs = each(bs, (x, l, i) => 0.999 * x + 0.001 * (g[l]![i]! - bm[l]![i]!) ** 2 + 1e-16);
    return each(bm, (x, l, i) => x / (1 - 0.9 ** t) / (Math.sqrt(bs[l]![i]! / (1 - 0.999 ** t)) + 1e-16));
  });
  let ym = full(1e-6);
  let yv = full(1e-6);
  check("scaleByYogi", optax.scaleByYogi(), (g, _p, t) => {
    if (t === 1) [ym, yv] = [full(1e-6), full(1e-6)];
    ym = each(ym, (x, l, i) => 0.9 * x + 0.1 * g[l]![i]!);
    yv = each(yv, (x, l, i) => {
      const g2 = g[l]![i]! ** 2;
      return x - 0.001 * Math.sign(x - g2) * g2;
    });
    return each(ym, (x, l, i) => x / (1 - 0.9 ** t) / (Math.sqrt(yv[l]![i]! / (1 - 0.999 ** t)) + 1e-3));
  });
  let rm = moments(0.9, 0.999);
  check("scaleByRadam", optax.scaleByRadam(), (g, _p, t) => {
    if (t === 1) rm = moments(0.9, 0.999);
    const { mh, vh } = rm(g, t);
    const rhoInf = 2 / (1 - 0.999) - 1;
    const b2t = 0.999 ** t;
    const rho = rhoInf - (2 * t * b2t) / (1 - b2t);
    if (rho < 5) return mh;
    const r = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
    return each(mh, (x, l, i) => (r * x) / (Math.sqrt(vh[l]![i]!) + 1e-8));
  });
  for (const mode of ["hard", "smooth", "refined"] as const) {
    let lm = zeros();
    check(`scaleByLion ${mode}`, optax.scaleByLion({ mode, smoothBeta: 2 }), (g, _p, t) => {
      if (t === 1) lm = zeros();
      const c = each(lm, (x, l, i) => 0.9 * x + 0.1 * g[l]![i]!);
      lm = each(lm, (x, l, i) => 0.99 * x + 0.01 * g[l]![i]!);
      return each(c, (x) =>
        mode === "hard" ? Math.sign(x) : mode === "smooth" ? Math.tanh(2 * x) : Math.abs(x) < 1 ? x : Math.sign(x),
      );
    });
  }
});

describe("second moments", () => {
  for (const [epsInSqrt, biasCorrection] of [
    [true, false],
    [false, true],
  ] as const) {
    let v = full(0.5);
    check(
      `scaleByRms epsInSqrt=${epsInSqrt} biasCorrection=${biasCorrection}`,
      optax.scaleByRms({ initialScale: 0.5, epsInSqrt, biasCorrection }),
      (g, _p, t) => {
        if (t === 1) v = full(0.5);
        v = each(v, (x, l, i) => 0.9 * x + 0.1 * g[l]![i]! ** 2);
        const vh = biasCorrection ? each(v, (x) => x / (1 - 0.9 ** t)) : v;
        return each(g, (x, l, i) =>
          epsInSqrt ? x / Math.sqrt(vh[l]![i]! + 1e-8) : x / (Math.sqrt(vh[l]![i]!) + 1e-8),
        );
      },
    );
  }
  let sm = zeros();
  let sv = zeros();
  check("scaleByStddev", optax.scaleByStddev(), (g, _p, t) => {
    if (t === 1) [sm, sv] = [zeros(), zeros()];
    sm = each(sm, (x, l, i) => 0.9 * x + 0.1 * g[l]![i]!);
    sv = each(sv, (x, l, i) => 0.9 * x + 0.1 * g[l]![i]! ** 2);
    return each(g, (x, l, i) => x / Math.sqrt(sv[l]![i]! - sm[l]![i]! ** 2 + 1e-8));
  });
  let ss = full(0.1);
  check("scaleByRss", optax.scaleByRss(), (g, _p, t) => {
    if (t === 1) ss = full(0.1);
    ss = each(ss, (x, l, i) => x + g[l]![i]! ** 2);
    return each(g, (x, l, i) => x / Math.sqrt(ss[l]![i]! + 1e-7));
  });
  let eg = zeros();
  let ex = zeros();
  check("scaleByAdadelta", optax.scaleByAdadelta(), (g, _p, t) => {
    if (t === 1) [eg, ex] = [zeros(), zeros()];
    eg = each(eg, (x, l, i) => 0.9 * x + 0.1 * g[l]![i]! ** 2);
    const u = each(g, (x, l, i) => (Math.sqrt(ex[l]![i]! + 1e-6) / Math.sqrt(eg[l]![i]! + 1e-6)) * x);
    ex = each(ex, (x, l, i) => 0.9 * x + 0.1 * u[l]![i]! ** 2);
    return u;
  });
  let nm = zeros();
  let nv = [0, 0];
  check("scaleByNovograd", optax.scaleByNovograd({ weightDecay: 0.01 }), (g, p, t) => {
    if (t === 1) [nm, nv] = [zeros(), [0, 0]];
    nv = nv.map((x, l) => (t === 1 ? norm(g[l]!) ** 2 : 0.25 * x + 0.75 * norm(g[l]!) ** 2));
    nm = each(nm, (x, l, i) => {
      const add = g[l]![i]! / (Math.sqrt(nv[l]!) + 1e-8) + 0.01 * p[l]![i]!;
      return t === 1 ? add : 0.9 * x + add;
    });
    return nm;
  });
  // SM3 with b2 = 1: the accumulator of each element is g^2 plus the smallest cover of it.
  let rows = [0, 0];
  let cols = [0, 0, 0];
  let vec = [0, 0, 0];
  let sm3Mom = zeros();
  check("scaleBySm3", optax.scaleBySm3(), (g, _p, t) => {
    if (t === 1) [rows, cols, vec, sm3Mom] = [[0, 0], [0, 0, 0], [0, 0, 0], zeros()];
    const accA = g[0]!.map((x, i) => x * x + vec[i]!);
    const accB = g[1]!.map((x, k) => x * x + Math.min(rows[Math.floor(k / 3)]!, cols[k % 3]!));
    vec = accA;
    rows = [0, 1].map((r) => Math.max(...accB.slice(r * 3, r * 3 + 3)));
    cols = [0, 1, 2].map((c) => Math.max(accB[c]!, accB[c + 3]!));
    const acc = [accA, accB];
    sm3Mom = each(
      sm3Mom,
      (x, l, i) => 0.9 * x + 0.1 * (acc[l]![i]! > 0 ? g[l]![i]! / Math.sqrt(acc[l]![i]! + 1e-8) : 0),
    );
    return sm3Mom;
  });
  // Adafactor's statistics, the [2, 3] leaf factored (rows over axis 1, columns over axis 0).
  let fv = [0, 0, 0];
  let fr = [0, 0];
  let fc = [0, 0, 0];
  check("scaleByFactoredRms", optax.scaleByFactoredRms({ minDimSizeToFactor: 2 }), (g, _p, t) => {
    if (t === 1)
      [fv, fr, fc] = [
        [0, 0, 0],
        [0, 0],
        [0, 0, 0],
      ];
    const d = 1 - t ** -0.8;
    const sq = g.map((l) => l.map((x) => x * x + 1e-30));
    fv = fv.map((x, i) => d * x + (1 - d) * sq[0]![i]!);
    fr = fr.map((x, r) => d * x + (1 - d) * ((sq[1]![r * 3]! + sq[1]![r * 3 + 1]! + sq[1]![r * 3 + 2]!) / 3));
    fc = fc.map((x, c) => d * x + (1 - d) * ((sq[1]![c]! + sq[1]![c + 3]!) / 2));
    const rowMean = (fr[0]! + fr[1]!) / 2;
    return [
      g[0]!.map((x, i) => x / Math.sqrt(fv[i]!)),
      g[1]!.map((x, k) => (x / Math.sqrt(fr[Math.floor(k / 3)]! / rowMean)) * (1 / Math.sqrt(fc[k % 3]!))),
    ];
  });
});

describe("step sizes from signs and norms", () => {
  let steps = full(0.1);
  let prev = zeros();
  check("scaleByRprop", optax.scaleByRprop(0.1, { maxStepSize: 0.15, minStepSize: 0.06 }), (g, _p, t) => {
    if (t === 1) [steps, prev] = [full(0.1), zeros()];
    const sgn = each(g, (x, l, i) => x * prev[l]![i]!);
    steps = each(steps, (s, l, i) => {
      const q = sgn[l]![i]!;
      return q === 0 ? s : Math.min(Math.max(s * (q > 0 ? 1.2 : 0.5), 0.06), 0.15);
    });
    prev = each(g, (x, l, i) => (sgn[l]![i]! < 0 ? 0 : steps[l]![i]! * Math.sign(x)));
    return prev;
  });
  check("scaleByTrustRatio", optax.scaleByTrustRatio({ trustCoefficient: 0.5, eps: 0.01 }), (g, p) =>
    each(g, (x, l) => x * ((0.5 * norm(p[l]!)) / (norm(g[l]!) + 0.01))),
  );
  const value = (t: number) => 3 + t;
  check(
    "scaleByPolyak",
    optax.scaleByPolyak({ fMin: 0.5, maxLearningRate: 0.2, eps: 0.1 }),
    (g, _p, t) => {
      const sq = g.flat().reduce((s, x) => s + x * x, 0);
      const step = Math.min((value(t) - 0.5) / (sq + 0.1), 0.2);
      return each(g, (x) => step * x);
    },
    (t) => ({ value: value(t) }),
  );
  let prevG: Leaves | null = null;
  check("scaleByOptimisticGradient", optax.scaleByOptimisticGradient({ alpha: 0.7, beta: 0.3 }), (g, _p, t) => {
    if (t === 1) prevG = null;
    const before = prevG ?? g;
    prevG = g;
    return each(g, (x, l, i) => 1.0 * x - 0.3 * before[l]![i]!);
  });
});

describe("additive terms and constraints", () => {
  check("addDecayedWeights", optax.addDecayedWeights(0.03), (g, p) => each(g, (x, l, i) => x + 0.03 * p[l]![i]!));
  const wdSchedule = (c: JaxArray) =>
    jnp.multiply(jnp.array(0.01, { dtype: "float64" }), jnp.add(c, 1).astype("float64"));
  check("addDecayedWeights with a schedule", optax.addDecayedWeights(wdSchedule), (g, p, t) =>
    each(g, (x, l, i) => x + 0.01 * t * p[l]![i]!),
  );
  check("keepParamsNonnegative", optax.keepParamsNonnegative(), (g, p) =>
    each(g, (x, l, i) => (p[l]![i]! + x < 0 ? -p[l]![i]! : x)),
  );
  const withNans = (t: number) => each(gradsAt(t), (x, l, i) => ((i + t) % 4 === 0 ? NaN : x));
  check("zeroNans", optax.zeroNans(), (g) => each(g, (x) => (Number.isNaN(x) ? 0 : x)), undefined, withNans);
});

describe("clipping", () => {
  check("clip", optax.clip(0.5), (g) => each(g, (x) => Math.min(Math.max(x, -0.5), 0.5)));
  check("clipByGlobalNorm", optax.clipByGlobalNorm(1.5), (g) => {
    const n = norm(g.flat());
    return n < 1.5 ? g : each(g, (x) => (x / n) * 1.5);
  });
  check("clipByBlockRms", optax.clipByBlockRms(0.4), (g) =>
    each(g, (x, l) => x / Math.max(1, norm(g[l]!) / Math.sqrt(g[l]!.length) / 0.4)),
  );
  check("adaptiveGradClip", optax.adaptiveGradClip(0.3), (g, p) => {
    // Units: the whole vector; the columns (axis 0) of the matrix.
    const unit = (xs: number[], l: number, i: number) => (l === 0 ? norm(xs) : norm([xs[i % 3]!, xs[(i % 3) + 3]!]));
    return each(g, (x, l, i) => {
      const gn = unit(g[l]!, l, i);
      const maxNorm = 0.3 * Math.max(unit(p[l]!, l, i), 1e-3);
      return gn < maxNorm ? x : x * (maxNorm / Math.max(gn, 1e-6));
    });
  });
});

describe("addNoise", () => {
  it("adds normal noise of variance eta / t^gamma from the split key", async () => {
    const tx = optax.addNoise(0.5, 0.55, { key: 7 });
    const params = toTree(PARAMS);
    let state = tx.init(params);
    let key = jax.random.key(7);
    for (let t = 1; t <= 3; t++) {
      const g = toTree(gradsAt(t));
      const [u, s] = tx.update(g, state, params);
      state = s;
      const [nextKey, sampleKey] = [...jax.random.split(key)];
      key = nextKey!;
      const [ka, kb] = [...jax.random.split(sampleKey!, 2)];
      const std = Math.sqrt(0.5 / t ** 0.55);
      const noise = [
        await host(jax.random.normal(ka!, [3], { dtype: "float64" })),
        await host(jax.random.normal(kb!, [2, 3], { dtype: "float64" })),
      ];
      const want = each(gradsAt(t), (x, l, i) => x + std * noise[l]![i]!);
      (await fromTree(u)).forEach((leaf, l) => expectClose(leaf, want[l]!, 1e-12, 1e-10, `addNoise step ${t}`));
      expect(await host(state.count)).toEqual([t]);
    }
  });
});
