/**
 * At start-up, picks up the CDR files FreeSWITCH left in its `err-log-dir` (it writes
 * `[a_]<uuid>.cdr.json` / `.cdr.xml` when every POST attempt failed, and never re-sends them):
 * each is spooled, then moved to `done/` — or to `rejected/` with a `.reason` file when it could
 * not be read or parsed (a parse failure is still spooled raw, so the cloud's unrated store keeps
 * it). A crash between spooling and moving re-spools the file next time: harmless, the cloud is
 * idempotent on the CDR uuid.
 */
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { receiveCdr } from './receive-cdr';
import type { CdrSpool } from './spool';

const CDR_FILE = /\.cdr\.(json|xml)$/;

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
): Promise<ErrLogDirResult> {
  const names = (await readdir(directory, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && CDR_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  await mkdir(join(directory, 'done'), { recursive: true });
  await mkdir(join(directory, 'rejected'), { recursive: true });
  const result = { spooled: 0, done: 0, rejected: 0, leftForLater: 0 };
  for (const [index, name] of names.entries()) {
    const outcome = await pickUp(directory, name, spool, clock);
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

async function pickUp(directory: string, name: string, spool: CdrSpool, clock: () => number): Promise<PickUp> {
  let text: string;
  try {
    text = await readFile(join(directory, name), 'utf8');
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

async function reject(directory: string, name: string, reason: string): Promise<void> {
  await writeFile(join(directory, 'rejected', `${name}.reason`), `${reason}\n`);
  await rename(join(directory, name), join(directory, 'rejected', name));
}
