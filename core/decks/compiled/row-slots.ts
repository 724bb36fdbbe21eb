/**
 * The row slots a compile emits (layout.ts): one slot per node in stored order, then the rows of
 * nodes with windowed rows. Terms ids are renumbered by first use in this order, so the same
 * deck content always gives the same bytes (and content hash).
 */

/** Rows of one prefix are at most 10,081 (non-overlapping windows of the week's minutes + 1). */
const MAX_RUN = 0xffff;

export class RowSlots {
  readonly rowTerms: Uint32Array;
  readonly rowWindow: Uint16Array;
  private readonly newTermsId: Int32Array;
  private readonly oldTermsIds: Uint32Array;
  private termsCount = 0;
  private next: number;

  constructor(
    nodeCount: number,
    rowCount: number,
    private readonly inputTerms: Uint32Array,
    private readonly inputWindow: Uint32Array,
  ) {
    this.rowTerms = new Uint32Array(nodeCount + rowCount);
    this.rowWindow = new Uint16Array(nodeCount + rowCount);
    this.newTermsId = new Int32Array(Math.max(1, rowCount)).fill(-1);
    this.oldTermsIds = new Uint32Array(Math.max(1, rowCount));
    this.next = nodeCount;
  }

  /** Node `position`'s only row, window-less: its own slot. */
  one(position: number, row: number): void {
    this.put(position, row);
  }

  /** Node `position`'s rows in lookup order; its slot says where they are. */
  many(position: number, rows: readonly number[]): void {
    if (rows.length > MAX_RUN) throw new RangeError('compile: more than 65,535 rows on one prefix');
    this.rowTerms[position] = this.next;
    this.rowWindow[position] = rows.length;
    for (const row of rows) {
      this.put(this.next, row);
      this.next += 1;
    }
  }

  /** Old terms ids in the order the rows first use them (losing duplicates drop out). */
  termsOrder(): Uint32Array {
    return this.oldTermsIds.subarray(0, this.termsCount);
  }

  get slots(): number {
    return this.next;
  }

  private put(slot: number, row: number): void {
    const oldId = this.inputTerms[row] ?? 0;
    let newId = this.newTermsId[oldId] ?? -1;
    if (newId < 0) {
      newId = this.termsCount;
      this.newTermsId[oldId] = newId;
      this.oldTermsIds[newId] = oldId;
      this.termsCount += 1;
    }
    this.rowTerms[slot] = newId;
    this.rowWindow[slot] = this.inputWindow[row] ?? 0;
  }
}
