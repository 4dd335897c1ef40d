// Slicing the engine's attentions buffer, [layer, head, from, to] row-major (B, nh, T, T per layer in
// PyTorch's terms, batch of one), into the matrices the charts draw.
export type Shape4 = [number, number, number, number];

/** One head's T x T matrix (a view, no copy). */
export function headMatrix(attentions: Float32Array, shape: Shape4, layer: number, head: number): Float32Array {
  const [, H, T] = shape;
  const size = T * T;
  const offset = (layer * H + head) * size;
  return attentions.subarray(offset, offset + size);
}

/** Mean over heads of one layer, T x T. */
export function layerMean(attentions: Float32Array, shape: Shape4, layer: number): Float32Array {
  const [, H, T] = shape;
  const out = new Float32Array(T * T);
  for (let h = 0; h < H; h++) {
    const m = headMatrix(attentions, shape, layer, h);
    for (let i = 0; i < out.length; i++) out[i] += m[i] / H;
  }
  return out;
}

/** L2 norm of every token's hidden state at one layer of hiddenStates [layer + 1, token, hidden]. */
export function tokenNorms(hidden: Float32Array, shape: [number, number, number], layer: number): number[] {
  const [, T, D] = shape;
  const out: number[] = [];
  for (let t = 0; t < T; t++) {
    let s = 0;
    const o = (layer * T + t) * D;
    for (let d = 0; d < D; d++) s += hidden[o + d] * hidden[o + d];
    out.push(Math.sqrt(s));
  }
  return out;
}

/** One token's vector at one layer (a view). */
export function tokenVector(hidden: Float32Array, shape: [number, number, number], layer: number, token: number): Float32Array {
  const [, T, D] = shape;
  const o = (layer * T + token) * D;
  return hidden.subarray(o, o + D);
}
