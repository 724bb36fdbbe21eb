// Proves that a spool survives kill -9 plus a torn tail: a child process appends with fsync and
// reports each durable record; we SIGKILL it, cut the newest segment anywhere past the last
// fsynced record and add a partial record; on reopen every acknowledged record is there and the
// torn record is detected by length/checksum, never parsed. Rounds: TORN_TAIL_ROUNDS (CI: 10).
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../bench/harness';
import { CdrSpool } from '../../freeswitch-edge/spool/spool';

const ROUNDS = Number(process.env.TORN_TAIL_ROUNDS ?? 10);
const SEED = Number(process.env.TORN_TAIL_SEED ?? Date.now() % 1_000_000);

interface Durable {
  readonly id: number;
  readonly segment: number;
  readonly offset: number;
}

/** Lets the child write until it has fsynced some records, then `extraMs` more; then SIGKILL. */
async function writeThenKill(directory: string, firstId: number, extraMs: number): Promise<Durable[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/edge/spool-writer.ts', directory, String(firstId)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const durable: Durable[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const [id, segment, offset] = line.split(' ').map(Number);
      if (line !== 'ready' && !line.startsWith('refused')) durable.push({ id: id!, segment: segment!, offset: offset! });
    }
  });
  // Start-up time (tsx, a loaded CI machine) must not eat the writing time.
  for (let waited = 0; durable.length === 0 && waited < 30_000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, extraMs));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  return durable;
}

describe(`spool torn tail (seed ${SEED})`, () => {
  it(`recovers every fsynced record after kill -9 and a torn tail, ${ROUNDS} rounds`, async () => {
    const random = seededRandom(SEED);
    const directory = mkdtempSync(join(tmpdir(), 'spool-torn-'));
    const acknowledged = new Set<string>();
    let nextId = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const durable = await writeThenKill(directory, nextId, 50 + Math.floor(random() * 300));
      expect(durable.length).toBeGreaterThan(0);
      durable.forEach((d) => acknowledged.add(`cdr-${d.id}`));
      nextId = Math.max(...durable.map((d) => d.id)) + 100;
      tearNewestSegment(directory, durable, random);

      const { spool, recovery } = await CdrSpool.open(directory, { clock: () => 0 });
      expect(recovery.tornTail, `round ${round}: torn record detected`).not.toBeNull();
      expect(recovery.damagedSegments).toEqual([]);
      const all = await spool.oldestUnsent(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      const present = new Set(all.map((r) => (JSON.parse(r.payload.toString()) as { uuid: string }).uuid));
      const missing = [...acknowledged].filter((uuid) => !present.has(uuid));
      expect(missing, `round ${round}, seed ${SEED}`).toEqual([]);
      await spool.close();
    }
  }, 120_000);
});

/** Cut the newest segment anywhere past its last fsynced record, then add a partial record. */
function tearNewestSegment(directory: string, durable: readonly Durable[], random: () => number): void {
  const segments = readdirSync(directory).filter((f) => f.endsWith('.seg')).sort();
  const newest = segments[segments.length - 1]!;
  const sequence = Number(newest.slice(0, 16));
  const path = join(directory, newest);
  const size = statSync(path).size;
  const lastDurable = Math.max(0, ...durable.filter((d) => d.segment === sequence).map((d) => d.offset));
  const cut = lastDurable + Math.floor(random() * (size - lastDurable + 1));
  truncateSync(path, cut);
  const partial = Buffer.alloc(1 + Math.floor(random() * 40), Math.floor(random() * 256));
  appendFileSync(path, partial);
}
