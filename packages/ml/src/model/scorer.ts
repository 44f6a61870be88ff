/** Anomaly scores of a batch of normalized rows: one score per row, one error per feature. */
export interface BatchScores {
  errors: Float32Array;
  perFeature: Float32Array;
}

export interface RowScorer {
  readonly kind: string;
  readonly dim: number;
  scoreBatch(x: Float32Array): BatchScores;
}

/**
 * The plain per-feature z-score baseline: a row's score is its largest upward robust z
 * (squared); no model. Run beside the autoencoder so the model's gain is a ratio.
 */
export class ZScoreScorer implements RowScorer {
  readonly kind = "zscore";

  constructor(readonly dim: number) {}

  scoreBatch(x: Float32Array): BatchScores {
    const n = x.length / this.dim;
    const errors = new Float32Array(n);
    const perFeature = new Float32Array(x.length);
    for (let r = 0; r < n; r++) {
      let worst = 0;
      for (let f = 0; f < this.dim; f++) {
        const z = Math.max(0, x[r * this.dim + f]!);
        perFeature[r * this.dim + f] = z * z;
        worst = Math.max(worst, z * z);
      }
      errors[r] = worst;
    }
    return { errors, perFeature };
  }
}
