// The drill's embedding of a post: a deterministic unit vector derived from
// the post id, so the verifier can recompute the exact vector it expects to
// find as the nearest neighbour of itself, without storing it anywhere else.
export const DIMS = 64;

export function embeddingOf(postId) {
  // xorshift32 seeded by the id: cheap, deterministic, well spread.
  let s = (Number(postId) * 2654435761) >>> 0 || 1;
  const v = new Array(DIMS);
  let norm = 0;
  for (let i = 0; i < DIMS; i++) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    v[i] = s / 4294967296 - 0.5;
    norm += v[i] * v[i];
  }
  norm = Math.sqrt(norm);
  return v.map((x) => x / norm);
}

// pgvector's text input format: [x,y,...]
export function vectorLiteral(v) {
  return `[${v.map((x) => x.toFixed(7)).join(',')}]`;
}
