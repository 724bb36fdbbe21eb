/**
 * The compile-time trie: a growable 10-way digit trie that rows attach to. It is thrown away
 * after `flattenDepthFirst`, which produces the compact order the binary stores (children of a
 * node contiguous, in digit order, so a node needs only a 10-bit child mask and its first child).
 */

const NO_NODE = -1;

export class TrieBuilder {
  private children: Int32Array;
  private nodeCount = 1;

  constructor(expectedNodes = 1024) {
    this.children = new Int32Array(Math.max(16, expectedNodes) * 10).fill(NO_NODE);
  }

  get size(): number {
    return this.nodeCount;
  }

  /** The node for `prefix` (digits only; the caller checked), created with its path if missing. */
  insert(prefix: string): number {
    let node = 0;
    for (let index = 0; index < prefix.length; index += 1) {
      const digit = prefix.charCodeAt(index) - 48;
      if (digit < 0 || digit > 9) throw new RangeError(`compile: prefix "${prefix}" is not digits`);
      const slot = node * 10 + digit;
      let child = this.children[slot] ?? NO_NODE;
      if (child === NO_NODE) {
        child = this.addNode();
        this.children[slot] = child;
      }
      node = child;
    }
    return node;
  }

  /**
   * Builder node ids in the stored order: each node's children as one block in digit order,
   * blocks placed depth-first (a node's children block, then each child's subtree in digit
   * order); the root (id 0) comes first. Depth-first keeps a subtree's blocks together, so the
   * deep, sparse part of a lookup's path (a few long prefixes under an area code) sits in one
   * or two cache lines instead of one line per level as in breadth-first order.
   */
  flattenDepthFirst(): { order: Int32Array; childMask: Uint16Array; firstChild: Uint32Array } {
    const count = this.nodeCount;
    const order = new Int32Array(count);
    const childMask = new Uint16Array(count);
    const firstChild = new Uint32Array(count);
    // Positions whose children block is still to be placed; popped in digit order.
    const pending = new Int32Array(count);
    let depth = 1;
    let tail = 1;
    while (depth > 0) {
      depth -= 1;
      const position = pending[depth] as number;
      const node = order[position] as number;
      firstChild[position] = tail;
      let mask = 0;
      for (let digit = 0; digit < 10; digit += 1) {
        const child = this.children[node * 10 + digit] ?? NO_NODE;
        if (child === NO_NODE) continue;
        mask |= 1 << digit;
        order[tail] = child;
        tail += 1;
      }
      childMask[position] = mask;
      // Pushed last-first so the lowest digit's subtree is placed next.
      for (let child = tail - 1; child >= (firstChild[position] as number); child -= 1) {
        pending[depth] = child;
        depth += 1;
      }
    }
    if (tail !== count) throw new Error('compile: depth-first walk missed trie nodes');
    return { order, childMask, firstChild };
  }

  private addNode(): number {
    if ((this.nodeCount + 1) * 10 > this.children.length) {
      const grown = new Int32Array(this.children.length * 2).fill(NO_NODE);
      grown.set(this.children);
      this.children = grown;
    }
    const id = this.nodeCount;
    this.nodeCount += 1;
    return id;
  }
}
