/**
 * Since-version deltas of an edge snapshot: what changed between the version an edge holds and
 * the current one, per section and per entity (an account's balance, a device added, a rate
 * group's new deck version), instead of the whole subtree on every change.
 *
 * A delta is checked, not trusted: the edge applies it to the content it holds and hashes the
 * result; only the exact current version (`versionedJson`) is used, anything else makes it ask
 * for the whole snapshot. For that to work the content's sections are kept in one canonical
 * order, by key (`canonicalContent`), on both sides.
 */
import { z } from 'zod';
import {
  canonicalJson,
  snapshotAccountSchema,
  snapshotCallerIdSchema,
  snapshotContentSchema,
  snapshotDeviceSchema,
  snapshotEnvelope,
  snapshotIpAclSchema,
  snapshotRateGroupSchema,
  snapshotTrunkSchema,
  type SnapshotContent,
} from './snapshot';

/** The keyed sections and their key field; the rest of the content travels whole. */
const SECTIONS = {
  accounts: 'accountId',
  devices: 'id',
  ipAcls: 'id',
  callerIds: 'id',
  trunks: 'id',
  rateGroups: 'id',
} as const;

type SectionName = keyof typeof SECTIONS;
type Entity = Record<string, unknown>;
const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[];

const sectionChange = <T extends z.ZodType>(entity: T) =>
  z.object({ upsert: z.array(entity), remove: z.array(z.string()) }).strict();

export const snapshotDeltaSchema = z
  .object({
    /** The version this delta applies to (the one the edge said it holds). */
    since: z.string(),
    /** Everything but the keyed sections, whole (a few hundred bytes). */
    head: snapshotContentSchema.omit({
      accounts: true,
      devices: true,
      ipAcls: true,
      callerIds: true,
      trunks: true,
      rateGroups: true,
    }),
    accounts: sectionChange(snapshotAccountSchema),
    devices: sectionChange(snapshotDeviceSchema),
    ipAcls: sectionChange(snapshotIpAclSchema),
    callerIds: sectionChange(snapshotCallerIdSchema),
    trunks: sectionChange(snapshotTrunkSchema),
    rateGroups: sectionChange(snapshotRateGroupSchema),
  })
  .strict();

export type SnapshotDelta = z.infer<typeof snapshotDeltaSchema>;

/** `GET /edge/snapshot?since=<held>` may answer this instead of the whole content. */
export const snapshotDeltaResponseSchema = z
  .object({ ...snapshotEnvelope, delta: snapshotDeltaSchema })
  .strict()
  .meta({ id: 'EdgeSnapshotDelta' });

export type SnapshotDeltaResponse = z.infer<typeof snapshotDeltaResponseSchema>;

const keyOf = (section: SectionName, entity: Entity) => String(entity[SECTIONS[section]]);
const byKey = (section: SectionName) => (a: Entity, b: Entity) => {
  const [x, y] = [keyOf(section, a), keyOf(section, b)];
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The content with every keyed section sorted by key: the order versions are hashed in. */
export function canonicalContent(content: SnapshotContent): SnapshotContent {
  const sorted: Record<string, unknown> = { ...content };
  for (const section of SECTION_NAMES) {
    sorted[section] = [...(content[section] as Entity[])].sort(byKey(section));
  }
  return sorted as SnapshotContent;
}

/**
 * What turns `base` (version `since`) into `next`. Entities are compared by their canonical
 * JSON; `serialize` may be plain `JSON.stringify` when both sides were parsed from canonical
 * JSON (keys already sorted), which is several times faster on a 100k-account subtree.
 */
export function diffSnapshots(
  since: string,
  base: SnapshotContent,
  next: SnapshotContent,
  serialize: (entity: unknown) => string = canonicalJson,
): SnapshotDelta {
  const head: Record<string, unknown> = { ...next };
  for (const section of SECTION_NAMES) delete head[section];
  const delta: Record<string, unknown> = { since, head };
  for (const section of SECTION_NAMES) {
    const before = new Map<string, string>();
    for (const entity of base[section] as Entity[]) {
      before.set(keyOf(section, entity), serialize(entity));
    }
    const upsert: Entity[] = [];
    for (const entity of next[section] as Entity[]) {
      const key = keyOf(section, entity);
      if (before.get(key) !== serialize(entity)) upsert.push(entity);
      before.delete(key);
    }
    delta[section] = { upsert, remove: [...before.keys()] };
  }
  return delta as SnapshotDelta;
}

/** `base` with the delta applied, in canonical order (the caller checks its version). */
export function applyDelta(base: SnapshotContent, delta: SnapshotDelta): SnapshotContent {
  const content: Record<string, unknown> = { ...delta.head };
  for (const section of SECTION_NAMES) {
    const entities = new Map<string, Entity>();
    for (const entity of base[section] as Entity[]) entities.set(keyOf(section, entity), entity);
    for (const key of delta[section].remove) entities.delete(key);
    for (const entity of delta[section].upsert as Entity[]) {
      entities.set(keyOf(section, entity), entity);
    }
    content[section] = [...entities.values()].sort(byKey(section));
  }
  return content as SnapshotContent;
}

/**
 * Whether a parsed document has every keyed section as an array: what a diff needs to read it
 * (a stored base is not re-validated; the edge checks the rebuilt content's hash).
 */
export function hasSnapshotSections(value: unknown): value is SnapshotContent {
  if (value === null || typeof value !== 'object') return false;
  return SECTION_NAMES.every((name) => Array.isArray((value as Entity)[name]));
}
