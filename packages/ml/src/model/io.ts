import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { io } from "@tensorflow/tfjs";

// tfjs's file:// handler exists only in tfjs-node; this one writes the same layout
// (model.json + weights.bin) with node:fs so a saved model loads on every backend.

function concatWeights(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const total = data.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out.buffer;
}

export function directoryHandler(dir: string): io.IOHandler {
  return {
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      await mkdir(dir, { recursive: true });
      const weights = artifacts.weightData ? concatWeights(artifacts.weightData as ArrayBuffer | ArrayBuffer[]) : new ArrayBuffer(0);
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: ["weights.bin"], weights: artifacts.weightSpecs ?? [] }],
      };
      await writeFile(join(dir, "model.json"), JSON.stringify(modelJson));
      await writeFile(join(dir, "weights.bin"), new Uint8Array(weights));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON", weightDataBytes: weights.byteLength } };
    },
    async load(): Promise<io.ModelArtifacts> {
      const modelJson = JSON.parse(await readFile(join(dir, "model.json"), "utf8")) as {
        modelTopology: object;
        format?: string;
        generatedBy?: string;
        weightsManifest: { paths: string[]; weights: io.WeightsManifestEntry[] }[];
      };
      const bin = await readFile(join(dir, "weights.bin"));
      const weightData = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength);
      return {
        modelTopology: modelJson.modelTopology,
        format: modelJson.format,
        generatedBy: modelJson.generatedBy,
        weightSpecs: modelJson.weightsManifest.flatMap((m) => m.weights),
        weightData,
      };
    },
  };
}

/** A model as plain data (topology + weight specs as JSON, weights as bytes): what a database row stores. */
export interface ModelArtifactsData {
  topology: object;
  weightSpecs: io.WeightsManifestEntry[];
  weights: Uint8Array;
}

/** Captures a model's artifacts in memory (save) or serves stored ones (load). */
export function memoryHandler(source?: ModelArtifactsData): io.IOHandler & { saved?: ModelArtifactsData } {
  const handler: io.IOHandler & { saved?: ModelArtifactsData } = {
    save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      const weights = artifacts.weightData ? new Uint8Array(concatWeights(artifacts.weightData as ArrayBuffer | ArrayBuffer[])) : new Uint8Array(0);
      handler.saved = { topology: artifacts.modelTopology as object, weightSpecs: artifacts.weightSpecs ?? [], weights };
      return Promise.resolve({ modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON", weightDataBytes: weights.byteLength } });
    },
    load(): Promise<io.ModelArtifacts> {
      if (!source) return Promise.reject(new Error("memoryHandler: nothing to load"));
      const copy = source.weights.slice();
      return Promise.resolve({ modelTopology: source.topology, weightSpecs: source.weightSpecs, weightData: copy.buffer });
    },
  };
  return handler;
}
