/** Randomness, injectable for replayable decisions (run ids, election delays, sampling). */
export interface Random {
  /** Float in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** n lowercase hex characters (run ids, replication ids). */
  hex(n: number): string;
}

export function seededRandom(seed: number): Random {
  let s = seed >>> 0 || 0x9e3779b9;
  const next = (): number => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return makeRandom(next);
}

function makeRandom(next: () => number): Random {
  return {
    next,
    int: (n) => Math.floor(next() * n),
    hex: (n) => {
      let out = '';
      for (let i = 0; i < n; i++) out += Math.floor(next() * 16).toString(16);
      return out;
    },
  };
}

export const systemRandom: Random = makeRandom(Math.random);
