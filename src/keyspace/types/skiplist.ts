/**
 * The skiplist behind big sorted sets: nodes ordered by (score, member bytes), each forward link carrying
 * its span (how many level-0 steps it jumps), so the rank of a node and the node at a rank are found in
 * O(log n) — the same structure Redis uses (levels with p = 1/4, at most 32 levels, a backward link at
 * level 0). Members are latin1 strings, so JS string comparison is byte comparison.
 *
 * Ranks here are 1-based as in Redis's zsl functions; the ZSet wrapper converts to 0-based indexes.
 */

export const SKIPLIST_MAXLEVEL = 32;
const SKIPLIST_P = 0.25;

export class SkipNode {
  backward: SkipNode | null = null;
  readonly next: (SkipNode | null)[];
  readonly span: number[];
  constructor(public member: string, public score: number, level: number) {
    this.next = new Array<SkipNode | null>(level).fill(null);
    this.span = new Array<number>(level).fill(0);
  }
}

/** Strictly-before in the zset order: by score, then by member bytes. */
function before(node: SkipNode, score: number, member: string): boolean {
  return node.score < score || (node.score === score && node.member < member);
}

function randomLevel(): number {
  let level = 1;
  while (level < SKIPLIST_MAXLEVEL && Math.random() < SKIPLIST_P) level++;
  return level;
}

/** A bound test on a node: true when the node is still on the "outside" side of the bound. */
export type NodeTest = (node: SkipNode) => boolean;

export class SkipList {
  readonly header = new SkipNode('', 0, SKIPLIST_MAXLEVEL);
  tail: SkipNode | null = null;
  length = 0;
  level = 1;
  private readonly update: SkipNode[] = new Array<SkipNode>(SKIPLIST_MAXLEVEL);
  private readonly rankAt: number[] = new Array<number>(SKIPLIST_MAXLEVEL).fill(0);

  /** Inserts a member known to be absent. */
  insert(score: number, member: string): SkipNode {
    const update = this.update;
    const rank = this.rankAt;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      let nx = x.next[i];
      while (nx !== null && before(nx, score, member)) {
        rank[i] += x.span[i];
        x = nx;
        nx = x.next[i];
      }
      update[i] = x;
    }
    const level = randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = this.header;
        update[i].span[i] = this.length;
      }
      this.level = level;
    }
    const node = new SkipNode(member, score, level);
    for (let i = 0; i < level; i++) {
      node.next[i] = update[i].next[i];
      update[i].next[i] = node;
      node.span[i] = update[i].span[i] - (rank[0] - rank[i]);
      update[i].span[i] = rank[0] - rank[i] + 1;
    }
    for (let i = level; i < this.level; i++) update[i].span[i]++;
    node.backward = update[0] === this.header ? null : update[0];
    if (node.next[0] !== null) node.next[0].backward = node;
    else this.tail = node;
    this.length++;
    return node;
  }

  /** Unlinks `x` given the update vector filled by a search. */
  private unlink(x: SkipNode, update: SkipNode[]): void {
    for (let i = 0; i < this.level; i++) {
      if (update[i].next[i] === x) {
        update[i].span[i] += x.span[i] - 1;
        update[i].next[i] = x.next[i];
      } else {
        update[i].span[i] -= 1;
      }
    }
    if (x.next[0] !== null) x.next[0].backward = x.backward;
    else this.tail = x.backward;
    while (this.level > 1 && this.header.next[this.level - 1] === null) this.level--;
    this.length--;
  }

  /** Fills `update` with the last node before (score, member) at each level; returns the node after. */
  private seek(score: number, member: string): SkipNode | null {
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && before(nx, score, member)) {
        x = nx;
        nx = x.next[i];
      }
      this.update[i] = x;
    }
    return x.next[0];
  }

  /** Removes the element (score, member); false when absent. */
  delete(score: number, member: string): boolean {
    const x = this.seek(score, member);
    if (x === null || x.score !== score || x.member !== member) return false;
    this.unlink(x, this.update);
    return true;
  }

  /** Changes the score of an existing element, in place when its position does not change. */
  updateScore(curScore: number, member: string, newScore: number): SkipNode {
    const x = this.seek(curScore, member);
    if (x === null || x.score !== curScore || x.member !== member) throw new Error('skiplist: element to update not found');
    const prev = x.backward;
    const nxt = x.next[0];
    if ((prev === null || before(prev, newScore, member)) && (nxt === null || !before(nxt, newScore, member))) {
      x.score = newScore;
      return x;
    }
    this.unlink(x, this.update);
    return this.insert(newScore, member);
  }

  /** 1-based rank of (score, member), 0 when absent. */
  rank(score: number, member: string): number {
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && (before(nx, score, member) || (nx.score === score && nx.member === member))) {
        rank += x.span[i];
        x = nx;
        nx = x.next[i];
      }
      if (x !== this.header && x.member === member && x.score === score) return rank;
    }
    return 0;
  }

  /** The node at 1-based `rank`, or null. */
  byRank(rank: number): SkipNode | null {
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && traversed + x.span[i] <= rank) {
        traversed += x.span[i];
        x = nx;
        nx = x.next[i];
      }
      if (traversed === rank) return x === this.header ? null : x;
    }
    return null;
  }

  /**
   * Counts the nodes for which `outside` holds when walking from the head: with a monotonic test this is the
   * 0-based rank of the first node past the bound (Redis's top-down search).
   */
  countWhile(outside: NodeTest): number {
    let rank = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && outside(nx)) {
        rank += x.span[i];
        x = nx;
        nx = x.next[i];
      }
    }
    return rank;
  }

  /** Removes `count` consecutive nodes starting at 1-based `rank`; calls onRemove for each. */
  deleteFromRank(rank: number, count: number, onRemove: (node: SkipNode) => void): number {
    let traversed = 0;
    let x = this.header;
    for (let i = this.level - 1; i >= 0; i--) {
      let nx = x.next[i];
      while (nx !== null && traversed + x.span[i] < rank) {
        traversed += x.span[i];
        x = nx;
        nx = x.next[i];
      }
      this.update[i] = x;
    }
    let node = x.next[0];
    let removed = 0;
    while (node !== null && removed < count) {
      const nextNode = node.next[0];
      this.unlink(node, this.update);
      onRemove(node);
      removed++;
      node = nextNode;
    }
    return removed;
  }

  first(): SkipNode | null {
    return this.header.next[0];
  }
}
