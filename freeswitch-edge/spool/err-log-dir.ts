/**
 * At start-up, picks up the CDR files FreeSWITCH left in its `err-log-dir` (it writes
 * `[a_]<uuid>.cdr.json` / `.cdr.xml` when every POST attempt failed, and never re-sends them):
 * each is spooled, then moved to `done/` — or to `rejected/` with a `.reason` file when it could
 * not be read or parsed (a parse failure is still spooled raw, so the cloud's unrated store keeps
 * it). A crash between spooling and moving re-spools the file next time: harmless, the cloud is
 * idempotent on the CDR uuid.
 */
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { parseCdrs } from '../../core/freeswitch/cdr-file';
import { receiveCdr } from './receive-cdr';
import type { CdrSpool } from './spool';

const CDR_FILE = /\.cdr\.(json|xml)$/;

/**
 * FreeSWITCH creates an err-log-dir file (O_TRUNC) and then writes it, exactly while the edge
 * is down or starting: a file younger than this that does not parse may be half-written, so it
 * is read again once this old. Its single write() takes microseconds; a second is generous.
 */
export const ERR_FILE_SETTLE_MS = 1_000;

export interface ErrLogDirOptions {
  readonly settleMs?: number;
  readonly sleep?: (ms: number) => Promise<unknown>;
}

export interface ErrLogDirResult {
  readonly spooled: number;
  readonly done: number;
  readonly rejected: number;
  /** Files left in place because the spool refused them (full); tried again next start. */
  readonly leftForLater: number;
}

export async function drainErrLogDir(
  directory: string,
  spool: CdrSpool,
  clock: () => number,
  options: ErrLogDirOptions = {},
): Promise<ErrLogDirResult> {
  const settle = { settleMs: options.settleMs ?? ERR_FILE_SETTLE_MS, sleep: options.sleep ?? sleepFor, clock };
  const names = (await readdir(directory, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && CDR_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  await mkdir(join(directory, 'done'), { recursive: true });
  await mkdir(join(directory, 'rejected'), { recursive: true });
  const result = { spooled: 0, done: 0, rejected: 0, leftForLater: 0 };
  for (const [index, name] of names.entries()) {
    const outcome = await pickUp(directory, name, spool, settle);
    if (outcome === 'spool_refused') {
      result.leftForLater = names.length - index;
      break;
    }
    result.spooled += outcome.spooled;
    result[outcome.movedTo] += 1;
  }
  return result;
}

type PickUp = 'spool_refused' | { readonly spooled: number; readonly movedTo: 'done' | 'rejected' };

type Settle = Required<ErrLogDirOptions> & { readonly clock: () => number };

async function pickUp(directory: string, name: string, spool: CdrSpool, settle: Settle): Promise<PickUp> {
  const { clock } = settle;
  let text: string;
  try {
    text = await readSettled(join(directory, name), settle);
  } catch (error) {
    await reject(directory, name, `unreadable: ${(error as Error).message}`);
    return { spooled: 0, movedTo: 'rejected' };
  }
  const receipt = await receiveCdr(spool, text, 'err_log_dir', clock());
  if (receipt.status !== 200) return 'spool_refused';
  if (!receipt.parsed) {
    await reject(directory, name, `not a CDR (${receipt.reason ?? 'unknown'}); spooled raw for the cloud's unrated store`);
    return { spooled: receipt.spooled, movedTo: 'rejected' };
  }
  await rename(join(directory, name), join(directory, 'done', name));
  return { spooled: receipt.spooled, movedTo: 'done' };
}

/** The file's text, read again once settled when it is young and does not parse yet. */
async function readSettled(path: string, settle: Settle): Promise<string> {
  const text = await readFile(path, 'utf8');
  const ageMs = settle.clock() - (await stat(path)).mtimeMs;
  if (ageMs >= settle.settleMs || parseCdrs(text).ok) return text;
  await settle.sleep(settle.settleMs - ageMs);
  return readFile(path, 'utf8');
}

async function reject(directory: string, name: string, reason: string): Promise<void> {
  await writeFile(join(directory, 'rejected', `${name}.reason`), `${reason}\n`);
  await rename(join(directory, name), join(directory, 'rejected', name));
}
