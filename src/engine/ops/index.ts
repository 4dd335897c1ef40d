// The task table (habit 3): one file per operation; the engine core routes by name.
export { classify, classifyBatch } from './classify';
export { fillMask } from './fill-mask';
export { encode } from './encode';
export { ablate } from './ablate';
export { attribute } from './attribute';
export { compare } from './compare';
export type { LoadedModel } from './common';
