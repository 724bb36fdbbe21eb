/**
 * Packs the flattened trie into one u32 word per node (layout.ts): child mask, flags and the
 * distance to the first child, or for the few nodes whose first child is too far for 19 bits,
 * NODE_FAR and an index into the far table that holds it.
 */
import { CHILD_BITS, NODE_DISTANCE_MAX, NODE_DISTANCE_SHIFT, NODE_FAR } from './layout';

export interface NodeWords {
  readonly nodes: Uint32Array;
  readonly farChild: Uint32Array;
}

/**
 * `maskAndFlags[i]`: node i's child mask with its row flags; `firstChild[i]` > i (depth-first).
 * `nearMax` below NODE_DISTANCE_MAX sends nearer nodes to the far table too (tests use it to
 * reach far nodes with small tries).
 */
export function packNodes(
  maskAndFlags: Uint16Array,
  firstChild: Uint32Array,
  nearMax: number = NODE_DISTANCE_MAX,
): NodeWords {
  if (!(nearMax >= 1 && nearMax <= NODE_DISTANCE_MAX)) {
    throw new RangeError(`compile: near distance must be 1–${NODE_DISTANCE_MAX}, got ${nearMax}`);
  }
  const count = maskAndFlags.length;
  const nodes = new Uint32Array(count);
  const farChild: number[] = [];
  for (let node = 0; node < count; node += 1) {
    const mask = maskAndFlags[node] as number;
    const distance = (mask & CHILD_BITS) === 0 ? 0 : (firstChild[node] as number) - node;
    if (distance <= nearMax) {
      nodes[node] = mask + distance * 2 ** NODE_DISTANCE_SHIFT;
      continue;
    }
    if (farChild.length > NODE_DISTANCE_MAX) throw new RangeError('compile: too many far trie nodes');
    nodes[node] = mask + NODE_FAR + farChild.length * 2 ** NODE_DISTANCE_SHIFT;
    farChild.push(firstChild[node] as number);
  }
  return { nodes, farChild: Uint32Array.from(farChild) };
}
