// The engine calls the second half of the article makes, typed against src/engine/types.ts. The worker is
// written concurrently: this narrow view keeps the widgets compiling while its API grows, and a method the
// worker does not have yet rejects, which the widgets show as an error with a retry button.
import { getEngine } from '../../engine/client';
import type { AblationResult, AttributeOptions, AttributionMethod, AttributionResult, ClassifyResult, EngineStatus, Tokenization } from '../../engine/types';

export interface Part2Engine {
  tokenize(modelId: string, text: string, maxLength?: number): Promise<Tokenization>;
  classify(modelId: string, text: string): Promise<ClassifyResult>;
  ablate(modelId: string, text: string, headMask: number[][]): Promise<AblationResult>;
  attribute(modelId: string, text: string, method: AttributionMethod, options?: AttributeOptions): Promise<AttributionResult>;
  status(): Promise<EngineStatus>;
}

export function engine(): Part2Engine {
  return getEngine() as unknown as Part2Engine;
}
