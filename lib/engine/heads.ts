/**
 * bge-m3's two heads over the encoder's hidden states: sparse_linear (hidden → 1) and colbert_linear (hidden → hidden),
 * read from the official fp16 PyTorch files with no Python.
 */
import path from "node:path";
import { loadTorchStateDict } from "@/lib/model/torch-pt";

/** A torch.nn.Linear: `weight` is [out, in] row-major, `bias` is [out]. */
export interface LinearHead {
  inFeatures: number;
  outFeatures: number;
  weight: Float32Array;
  bias: Float32Array;
}

/** Loads `weight` and `bias` of a Linear layer from a PyTorch state-dict file, checking their shapes. */
export async function loadLinearHead(file: string, inFeatures: number): Promise<LinearHead> {
  const sd = await loadTorchStateDict(file);
  const weight = sd.get("weight");
  const bias = sd.get("bias");
  const name = path.basename(file);
  if (!weight || !bias)
    throw new Error(`${name} must hold "weight" and "bias"; it holds: ${[...sd.keys()].join(", ")}`);
  const [outFeatures, inW] = weight.shape;
  if (weight.shape.length !== 2 || inW !== inFeatures || outFeatures === undefined) {
    throw new Error(`${name}: weight has shape [${weight.shape}], expected [out, ${inFeatures}]`);
  }
  if (bias.shape.length !== 1 || bias.shape[0] !== outFeatures) {
    throw new Error(`${name}: bias has shape [${bias.shape}], expected [${outFeatures}]`);
  }
  return { inFeatures, outFeatures, weight: weight.data, bias: bias.data };
}
