import { tf } from "./backend";
import { directoryHandler, memoryHandler, type ModelArtifactsData } from "./io";
import { Prng } from "../sim/prng";
import type { BatchScores, RowScorer } from "./scorer";

export interface AutoencoderOptions {
  hidden?: number[];
  bottleneck?: number;
  learningRate?: number;
}

export interface TrainOptions {
  seed: number;
  epochs?: number;
  batchSize?: number;
  onEpoch?: (epoch: number, loss: number) => void;
}

const SCORE_BATCH = 65_536;

/** A dense autoencoder over robust z-scores; reconstruction error is the anomaly score. */
export class Autoencoder implements RowScorer {
  readonly kind = "autoencoder";

  private constructor(private readonly model: tf.LayersModel, readonly dim: number) {}

  static create(dim: number, seed: number, options: AutoencoderOptions = {}): Autoencoder {
    const hidden = options.hidden ?? [16];
    const sizes = [...hidden, options.bottleneck ?? 3, ...[...hidden].reverse()];
    const model = tf.sequential();
    sizes.forEach((units, i) => {
      const bottleneck = i === hidden.length;
      model.add(tf.layers.dense({
        units, activation: bottleneck ? "linear" : "tanh", inputShape: i === 0 ? [dim] : undefined,
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + i }), biasInitializer: "zeros",
      }));
    });
    model.add(tf.layers.dense({ units: dim, activation: "linear", kernelInitializer: tf.initializers.glorotUniform({ seed: seed + sizes.length }) }));
    model.compile({ optimizer: tf.train.adam(options.learningRate ?? 0.005), loss: "meanSquaredError" });
    return new Autoencoder(model, dim);
  }

  /** Trains on row-major z-scores; shuffling uses our PRNG so a seed reproduces the weights. */
  async train(x: Float32Array, options: TrainOptions): Promise<number> {
    const n = x.length / this.dim;
    const prng = new Prng(options.seed ^ 0x5bd1e995);
    const shuffled = new Float32Array(x.length);
    let loss = NaN;
    for (let epoch = 0; epoch < (options.epochs ?? 5); epoch++) {
      const order = prng.permutation(n);
      for (let i = 0; i < n; i++) shuffled.set(x.subarray(order[i]! * this.dim, (order[i]! + 1) * this.dim), i * this.dim);
      const t = tf.tensor2d(shuffled, [n, this.dim]);
      try {
        const h = await this.model.fit(t, t, { epochs: 1, batchSize: options.batchSize ?? 512, shuffle: false, verbose: 0 });
        loss = Number(h.history.loss?.[0] ?? NaN);
      } finally {
        t.dispose();
      }
      options.onEpoch?.(epoch + 1, loss);
    }
    return loss;
  }

  scoreBatch(x: Float32Array): BatchScores {
    const n = x.length / this.dim;
    const errors = new Float32Array(n);
    const perFeature = new Float32Array(x.length);
    for (let start = 0; start < n; start += SCORE_BATCH) {
      const rows = Math.min(SCORE_BATCH, n - start);
      const slice = x.subarray(start * this.dim, (start + rows) * this.dim);
      const sq = tf.tidy(() => {
        const input = tf.tensor2d(slice, [rows, this.dim]);
        // One-sided: only activity above what the other features predict is suspicious.
        const excess = tf.relu(tf.sub(input, this.model.predict(input, { batchSize: rows }) as tf.Tensor2D));
        return tf.square(excess);
      });
      perFeature.set(sq.dataSync() as Float32Array, start * this.dim);
      sq.dispose();
    }
    for (let r = 0; r < n; r++) {
      let sum = 0;
      for (let f = 0; f < this.dim; f++) sum += perFeature[r * this.dim + f]!;
      errors[r] = sum / this.dim;
    }
    return { errors, perFeature };
  }

  async save(dir: string): Promise<void> {
    await this.model.save(directoryHandler(dir));
  }

  static async load(dir: string): Promise<Autoencoder> {
    const model = await tf.loadLayersModel(directoryHandler(dir));
    const dim = (model.inputs[0]!.shape[1] ?? 0) as number;
    return new Autoencoder(model, dim);
  }

  /** Topology and weights as data (stored in a database row). */
  async toArtifacts(): Promise<ModelArtifactsData> {
    const handler = memoryHandler();
    await this.model.save(handler);
    if (!handler.saved) throw new Error("autoencoder: the model saved no artifacts");
    return handler.saved;
  }

  static async fromArtifacts(data: ModelArtifactsData): Promise<Autoencoder> {
    const model = await tf.loadLayersModel(memoryHandler(data));
    return new Autoencoder(model, (model.inputs[0]!.shape[1] ?? 0) as number);
  }

  dispose(): void {
    this.model.dispose();
  }
}
