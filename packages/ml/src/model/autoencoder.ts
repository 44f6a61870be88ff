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
/**
 * Below this many rows a batch is scored by a plain forward pass over the model's weights instead
 * of TensorFlow: a TF call costs about 0.3 ms of fixed overhead (tensor bookkeeping, kernel
 * dispatch), while this 12-16-3-16-12 network is about 1,000 multiply-adds per row. The stream
 * scores single growing windows thousands of times a second; closed windows come in large batches.
 */
const TF_MIN_ROWS = 256;

/** One dense layer's weights, read out of the model: kernel is row-major [inputs x units]. */
interface DenseWeights {
  inputs: number;
  units: number;
  kernel: Float32Array;
  bias: Float32Array;
  activation: "tanh" | "linear";
}

/** A dense autoencoder over robust z-scores; reconstruction error is the anomaly score. */
export class Autoencoder implements RowScorer {
  readonly kind = "autoencoder";

  /** The model's weights for the small-batch path; undefined until first needed, cleared by training. */
  private dense?: DenseWeights[] | null;
  private scratch?: [Float32Array, Float32Array];

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
    this.dense = undefined;
    return loss;
  }

  scoreBatch(x: Float32Array): BatchScores {
    const n = x.length / this.dim;
    const errors = new Float32Array(n);
    const perFeature = new Float32Array(x.length);
    const dense = n < TF_MIN_ROWS ? this.denseWeights() : null;
    if (dense) this.forwardSmall(dense, x, n, perFeature);
    else this.forwardTf(x, n, perFeature);
    for (let r = 0; r < n; r++) {
      let sum = 0;
      for (let f = 0; f < this.dim; f++) sum += perFeature[r * this.dim + f]!;
      errors[r] = sum / this.dim;
    }
    return { errors, perFeature };
  }

  /** Squared one-sided reconstruction error per feature, through TensorFlow (large batches). */
  private forwardTf(x: Float32Array, n: number, perFeature: Float32Array): void {
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
  }

  /** The same computation as forwardTf on the model's weights, row by row (small batches). */
  private forwardSmall(layers: DenseWeights[], x: Float32Array, n: number, perFeature: Float32Array): void {
    const [bufA, bufB] = this.scratch!;
    for (let r = 0; r < n; r++) {
      let input = x;
      let offset = r * this.dim;
      let out = bufA;
      for (const layer of layers) {
        for (let u = 0; u < layer.units; u++) {
          let sum = layer.bias[u]!;
          for (let i = 0; i < layer.inputs; i++) sum += input[offset + i]! * layer.kernel[i * layer.units + u]!;
          out[u] = layer.activation === "tanh" ? Math.tanh(sum) : sum;
        }
        input = out;
        offset = 0;
        out = out === bufA ? bufB : bufA;
      }
      for (let f = 0; f < this.dim; f++) {
        const excess = Math.max(0, x[r * this.dim + f]! - input[f]!);
        perFeature[r * this.dim + f] = excess * excess;
      }
    }
  }

  /** Dense tanh/linear layers only (what create() builds); null for any other topology (TF then scores everything). */
  private denseWeights(): DenseWeights[] | null {
    if (this.dense !== undefined) return this.dense;
    const layers: DenseWeights[] = [];
    for (const layer of this.model.layers) {
      const config = layer.getConfig();
      const weights = layer.getWeights();
      const [kernel, bias] = weights;
      if (layer.getClassName() !== "Dense" || weights.length !== 2 || !kernel || !bias) return (this.dense = null);
      if (config.activation !== "tanh" && config.activation !== "linear") return (this.dense = null);
      const [inputs, units] = kernel.shape as [number, number];
      layers.push({ inputs, units, kernel: kernel.dataSync() as Float32Array, bias: bias.dataSync() as Float32Array, activation: config.activation });
    }
    if (layers.length === 0) return (this.dense = null);
    const width = Math.max(this.dim, ...layers.map((l) => l.units));
    this.scratch = [new Float32Array(width), new Float32Array(width)];
    return (this.dense = layers);
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
