/**
 * One chaos run. The FreeSWITCH emulator's mod_json_cdr posts the CDRs at a steady call rate,
 * each in its own "thread" with its configured retries and err-log-dir, split into one share per
 * life of the edge: during each share the edge is killed -9 at a random post (posts keep coming
 * while it is down, and those in flight are cut), then restarted after a random pause; the next
 * share starts once it listens again. Kills follow the posting, not the wall clock, so a slow
 * machine (restarts of seconds) still sees every kill land mid-traffic. The cloud proxy goes
 * away during the given windows (fractions of the CDRs posted; a window ending at 1 or later
 * lasts past the run: the caller brings the cloud back).
 */
import type { JsonCdrPoster, PostReport } from '../freeswitch-emulator/json-cdr-poster';
import { chaosCdrDocument, type ChaosCall } from './chaos-cdrs';
import type { EdgeChild } from './edge-child';
import { sleep } from './edge-setup';
import type { FaultProxy } from './fault-proxy';

export interface ChaosPlan {
  readonly calls: readonly ChaosCall[];
  readonly kills: number;
  readonly cdrsPerSecond: number;
  readonly awayWindows: readonly (readonly [number, number])[];
  readonly random: () => number;
}

export interface ChaosParts {
  readonly poster: JsonCdrPoster;
  readonly edge: EdgeChild;
  readonly proxy: FaultProxy;
}

export interface ChaosOutcome {
  readonly reports: readonly PostReport[];
  readonly kills: number;
  /** From each SIGKILL to "listening" again. */
  readonly restartMs: readonly number[];
}

export async function runChaos(plan: ChaosPlan, parts: ChaosParts): Promise<ChaosOutcome> {
  const { calls, kills } = plan;
  const lives = kills + 1;
  const restartMs: number[] = [];
  const posts: Promise<PostReport>[] = [];
  const cloud = cloudSchedule(plan, parts.proxy);
  for (let life = 0; life < lives; life += 1) {
    const first = Math.floor((life * calls.length) / lives);
    const end = Math.floor(((life + 1) * calls.length) / lives);
    // The kill lands somewhere in the middle of this share, never in the last life.
    const killAt = life === kills ? -1 : first + Math.floor((0.2 + 0.7 * plan.random()) * (end - first));
    let restarted: Promise<void> = Promise.resolve();
    for (let index = first; index < end; index += 1) {
      await cloud(index);
      posts.push(parts.poster.post(chaosCdrDocument(calls[index] as ChaosCall), 'a'));
      if (index === killAt) restarted = killAndRestart(parts.edge, plan.random, restartMs);
      await sleep(1000 / plan.cdrsPerSecond);
    }
    await restarted;
  }
  const reports = await Promise.all(posts);
  return { reports, kills: restartMs.length, restartMs };
}

async function killAndRestart(edge: EdgeChild, random: () => number, restartMs: number[]): Promise<void> {
  await edge.kill9();
  const down = Date.now();
  await sleep(random() * 200);
  await edge.start();
  restartMs.push(Date.now() - down);
}

/** Before posting CDR `index`: the proxy goes away or comes back as the windows say. */
function cloudSchedule(plan: ChaosPlan, proxy: FaultProxy): (index: number) => Promise<void> {
  return async (index) => {
    const progress = index / plan.calls.length;
    for (const [from, to] of plan.awayWindows) {
      if (progress >= from && (to >= 1 || progress < to)) return proxy.goAway();
    }
    await proxy.comeBack();
  };
}
