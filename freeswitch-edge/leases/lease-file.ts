/**
 * The edge's leases on disk (`<dataDir>/leases/leases.json`, written atomically): their ids,
 * accounts, levels and states — never the per-call holds, which stay in memory (no fsync on
 * the authorization path). `clean` is true only in the file written by a clean shutdown, after
 * the HTTP server stopped; then a lease with no call left live may be used again after the
 * restart, with what it had spent. Any other start (kill -9, power cut) finds `clean: false`
 * and abandons every lease the file names: their calls may still be running.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { wireLeaseSchema, type WireLease } from '../cloud/leases-client';
import { writeFileAtomically } from '../spool/segments';

export const storedLeaseSchema = z
  .object({
    /** The lease as the cloud granted it, with the edge's own consumed amounts per level. */
    lease: wireLeaseSchema,
    /** `active` authorizes; `retired` only waits for its calls and CDRs to close it. */
    state: z.enum(['active', 'retired', 'abandoned']),
    /** The account's max call length when granted: the latest a call under it can end. */
    maxCallSeconds: z.number().int().min(0),
    /** A-leg CDRs spooled under it (the close's `callCount`). */
    callCount: z.number().int().min(0),
    /** Abandoned leases: the cloud was told (`drained: false`), then (`drained: true`). */
    reported: z.enum(['no', 'abandoned', 'drained']),
  })
  .strict();

export type StoredLease = Omit<z.infer<typeof storedLeaseSchema>, 'lease'> & { readonly lease: WireLease };

const leaseFileSchema = z
  .object({ format: z.literal(1), clean: z.boolean(), leases: z.array(storedLeaseSchema) })
  .strict();

export interface LeaseFile {
  readonly format: 1;
  readonly clean: boolean;
  readonly leases: readonly StoredLease[];
}

const FILE = 'leases.json';

export interface LeaseFileStore {
  load(): Promise<LeaseFile | null>;
  save(file: LeaseFile): Promise<void>;
}

/** A file that cannot be read or parsed is reported: its leases cannot be trusted either way. */
export function leaseFileStore(dataDir: string, log: (event: string, fields: Record<string, unknown>) => void): LeaseFileStore {
  const directory = join(dataDir, 'leases');
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(join(directory, FILE), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      try {
        return leaseFileSchema.parse(JSON.parse(text)) as unknown as LeaseFile;
      } catch (error) {
        log('lease_file_rejected', { reason: String(error).slice(0, 200) });
        return null;
      }
    },
    async save(file) {
      await mkdir(directory, { recursive: true });
      await writeFileAtomically(directory, FILE, JSON.stringify(file));
    },
  };
}
