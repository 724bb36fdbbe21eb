/**
 * Snapshot sync: at start the newest good snapshot on disk is loaded (so a restart with no
 * cloud authorizes); then `GET {cloudUrl}/edge/snapshot?since=<held>` is polled with
 * `If-None-Match` (a large subtree's content comes as an object to download; a change from the
 * held version may come as a delta, applied to the snapshot on disk — each checked against the
 * version hash, a delta that does not rebuild it exactly makes the edge ask for the whole). A new
 * version's compiled decks are fetched (once per content hash, kept in `decks/`), every piece is
 * checked (zod, deck hashes, a complete index) and only then is it written with the snapshot
 * store and swapped in. A snapshot that fails any check is never used: the previous one stays.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildEdgeIndex, type EdgeIndex } from '../../core/authorization/edge-index';
import type { CompiledDeck } from '../../core/decks/compiled/deck';
import { loadCompiledDeck } from '../../core/decks/compiled/load';
import { applyDelta, snapshotDeltaResponseSchema } from '../../core/snapshot/delta';
import {
  deckHashesOf,
  snapshotContentSchema,
  snapshotObjectResponseSchema,
  snapshotResponseSchema,
  type SnapshotContent,
  type SnapshotResponse,
  versionedJson,
} from '../../core/snapshot/snapshot';
import { writeFileAtomically } from '../spool/segments';
import { loadNewestSnapshot, writeSnapshot } from './snapshot-store';

export interface ActiveSnapshot {
  readonly version: string;
  readonly syncedAtEpochMs: number;
  readonly index: EdgeIndex;
}

export interface SyncDeps {
  readonly cloudUrl: string;
  readonly apiKey: string;
  readonly dataDir: string;
  readonly timeoutMs: number;
  readonly clock: () => number;
  readonly log: (event: string, fields: Record<string, unknown>) => void;
}

export type PullOutcome = 'updated' | 'not_modified' | 'failed';

export class SnapshotSync {
  private active: ActiveSnapshot | null = null;
  private decks = new Map<string, CompiledDeck>();
  /** The cloud answered the last pull with any HTTP status (reachability, not success). */
  private reachable = false;

  constructor(private readonly deps: SyncDeps) {}

  current(): ActiveSnapshot | null {
    return this.active;
  }

  cloudReachable(): boolean {
    return this.reachable;
  }

  /** Newest good snapshot on disk whose decks load; older ones are tried in turn. */
  async loadFromDisk(): Promise<void> {
    const loaded = await loadNewestSnapshot(this.snapshotDir());
    for (const rejected of loaded.rejected) this.deps.log('snapshot_file_rejected', { ...rejected });
    if (loaded.snapshot === null) return;
    const { metadata, body, file } = loaded.snapshot;
    const content = snapshotContentSchema.safeParse(JSON.parse(body.toString('utf8')));
    if (!content.success) return this.deps.log('snapshot_file_rejected', { file, reason: 'schema' });
    const index = await this.indexOf(content.data, null);
    if (!index.ok) return this.deps.log('snapshot_file_rejected', { file, reason: index.message });
    this.active = { version: metadata.version, syncedAtEpochMs: metadata.syncedAtEpochMs, index: index.index };
    this.deps.log('snapshot_loaded', { file, version: metadata.version });
  }

  async pull(): Promise<PullOutcome> {
    try {
      return await this.pullOnce();
    } catch (error) {
      this.deps.log('snapshot_pull_failed', { error: String(error) });
      return 'failed';
    }
  }

  private async pullOnce(): Promise<PullOutcome> {
    const held = this.active?.version;
    this.reachable = false;
    const answer = await this.fetchSnapshot(held, true);
    if (answer === 'not_modified') return answer;
    let parsed = await this.responseOf(answer);
    if (parsed === null) {
      const whole = await this.fetchSnapshot(held, false);
      if (whole === 'not_modified') return whole;
      parsed = await this.responseOf(whole);
      if (parsed === null) throw new Error('snapshot: a delta answered a request without since');
    }
    const index = await this.indexOf(parsed.content, parsed);
    if (!index.ok) throw new Error(`snapshot ${parsed.version}: ${index.message}`);
    const syncedAtEpochMs = this.deps.clock();
    const body = Buffer.from(JSON.stringify(parsed.content));
    await writeSnapshot(this.snapshotDir(), { version: parsed.version, syncedAtEpochMs }, body);
    this.active = { version: parsed.version, syncedAtEpochMs, index: index.index };
    this.deps.log('snapshot_updated', { version: parsed.version });
    return 'updated';
  }

  /** One poll; `since` asks for the changes from the held version rather than the whole. */
  private async fetchSnapshot(held: string | undefined, since: boolean) {
    const query = held && since ? `?since=${held}` : '';
    const response = await fetch(`${this.deps.cloudUrl}/edge/snapshot${query}`, {
      headers: { 'x-api-key': this.deps.apiKey, ...(held ? { 'if-none-match': `"${held}"` } : {}) },
      signal: AbortSignal.timeout(this.deps.timeoutMs),
    });
    this.reachable = true;
    if (response.status === 304) return 'not_modified' as const;
    if (response.status !== 200) throw new Error(`snapshot: HTTP ${response.status}`);
    return (await response.json()) as unknown;
  }

  /**
   * A delta applied to the content held on disk, when that rebuilds exactly the announced
   * version (its hash); null otherwise — logged, and the caller asks for the whole snapshot.
   */
  private async appliedDelta(json: unknown): Promise<SnapshotResponse | null> {
    const { delta, ...envelope } = snapshotDeltaResponseSchema.parse(json);
    const held = await loadNewestSnapshot(this.snapshotDir());
    const refuse = (reason: string) => {
      this.deps.log('snapshot_delta_refused', { version: envelope.version, reason });
      return null;
    };
    if (held.snapshot?.metadata.version !== delta.since) return refuse('base_not_held');
    const base = snapshotContentSchema.safeParse(JSON.parse(held.snapshot.body.toString('utf8')));
    if (!base.success) return refuse('base_unreadable');
    const content = applyDelta(base.data, delta);
    if (versionedJson(content).version !== envelope.version) return refuse('version_mismatch');
    // Validated already: the base by the schema, the delta's entities and head by theirs.
    return { ...envelope, content };
  }

  /**
   * The answer with its content: inline, downloaded from `contentUrl`, or a delta applied to
   * the held content — each checked against the version hash; null: a delta that did not apply.
   */
  private async responseOf(json: unknown): Promise<SnapshotResponse | null> {
    if (json !== null && typeof json === 'object' && 'delta' in json) return this.appliedDelta(json);
    if (json === null || typeof json !== 'object' || !('contentUrl' in json)) {
      return snapshotResponseSchema.parse(json);
    }
    const { contentUrl, ...envelope } = snapshotObjectResponseSchema.parse(json);
    const signal = AbortSignal.timeout(this.deps.timeoutMs);
    const fetched = await fetch(contentUrl.url, { headers: contentUrl.headers, signal });
    if (fetched.status !== 200) throw new Error(`snapshot ${envelope.version}: HTTP ${fetched.status}`);
    const raw: unknown = JSON.parse(await fetched.text());
    if (versionedJson(raw).version !== envelope.version) {
      throw new Error(`snapshot ${envelope.version}: the object is not that version`);
    }
    return { ...envelope, content: snapshotContentSchema.parse(raw) };
  }

  /** Loads every deck the content names (from memory, disk, or the response's URLs). */
  private async indexOf(content: SnapshotContent, response: SnapshotResponse | null) {
    const decks = new Map<string, CompiledDeck>();
    for (const hash of deckHashesOf(content)) {
      const deck = this.decks.get(hash) ?? (await this.deckFromDisk(hash)) ?? (await this.download(hash, response));
      if (deck === null) return { ok: false as const, message: `deck ${hash} is not available` };
      decks.set(hash, deck);
    }
    const built = buildEdgeIndex(content, decks);
    // Only decks the active snapshot uses stay in memory.
    if (built.ok) this.decks = decks;
    return built.ok ? built : { ok: false as const, message: built.message };
  }

  private async deckFromDisk(hash: string): Promise<CompiledDeck | null> {
    const bytes = await readFile(this.deckFile(hash)).catch(() => null);
    return bytes === null ? null : verified(bytes, hash);
  }

  private async download(hash: string, response: SnapshotResponse | null): Promise<CompiledDeck | null> {
    const link = response?.decks.find((deck) => deck.hash === hash);
    if (link === undefined) return null;
    const fetched = await fetch(link.url, { headers: link.headers, signal: AbortSignal.timeout(this.deps.timeoutMs) });
    if (fetched.status !== 200) throw new Error(`deck ${hash}: HTTP ${fetched.status}`);
    const bytes = new Uint8Array(await fetched.arrayBuffer());
    const deck = verified(bytes, hash);
    if (deck === null) throw new Error(`deck ${hash}: corrupt or not the named content`);
    const directory = join(this.deps.dataDir, 'decks');
    await mkdir(directory, { recursive: true });
    await writeFileAtomically(directory, deckFileName(hash), bytes);
    return deck;
  }

  private snapshotDir(): string {
    return join(this.deps.dataDir, 'snapshot');
  }

  private deckFile(hash: string): string {
    return join(this.deps.dataDir, 'decks', deckFileName(hash));
  }
}

/** A deck is named by its content hash: anything else on disk or the wire is not that deck. */
function verified(bytes: Uint8Array, hash: string): CompiledDeck | null {
  const loaded = loadCompiledDeck(bytes);
  return loaded.ok && loaded.deck.hash === hash ? loaded.deck : null;
}

function deckFileName(hash: string): string {
  return `${hash}.tgdeck`;
}
