/**
 * CDRs for the chaos tests, derived from a real capture (the 2018 FreeSWITCH 1.6+ answered
 * A-leg): the same document with a fresh uuid, `tollgate_account` of a demo customer (as the
 * edge's dialplan answer exports it), the callee a London number the demo decks price, and
 * every time stamp shifted so the call was answered at a given moment (after the seed published
 * the decks). billsec (68) and billmsec stay the capture's, so every CDR of one account costs
 * the same.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { legDocumentFromJson, toJsonCdr, type CdrCallflow, type CdrLegDocument } from '../freeswitch-emulator/cdr-documents';

export const CHAOS_CALLEE = '442071234567';
/** Demo customers whose London calls rate (local/seed.ts). */
export const CHAOS_ACCOUNTS = ['c1', 'c2', 'c3', 'c4'] as const;

const TEMPLATE = legDocumentFromJson(
  readFileSync(join(process.cwd(), '..', 'shared', 'fixtures', 'freeswitch', 'json-cdr-answered-2018-fs1.6plus-cgrates.json'), 'utf8'),
);
const TEMPLATE_ANSWER_US = Number(TEMPLATE.variables.find(([name]) => name === 'answer_uepoch')?.[1]);

export interface ChaosCall {
  readonly uuid: string;
  readonly account: string;
  readonly answeredAtEpochMs: number;
}

/** `count` calls, the demo customers in turn, all answered at the same moment. */
export function chaosCalls(count: number, answeredAtEpochMs: number): ChaosCall[] {
  return Array.from({ length: count }, (_, index) => ({
    uuid: randomUUID(),
    account: CHAOS_ACCOUNTS[index % CHAOS_ACCOUNTS.length] ?? 'c1',
    answeredAtEpochMs,
  }));
}

export function chaosCdrDocument(call: ChaosCall): CdrLegDocument {
  const shiftUs = call.answeredAtEpochMs * 1000 - TEMPLATE_ANSWER_US;
  const replaced: Record<string, string> = {
    uuid: call.uuid,
    call_uuid: call.uuid,
    sip_req_user: CHAOS_CALLEE,
    tollgate_contract: '1',
    tollgate_account: call.account,
    tollgate_edge: 'chaos',
  };
  const variables = TEMPLATE.variables.map(([name, value]) => [name, replaced[name] ?? shifted(name, value, shiftUs)] as const);
  const added = Object.keys(replaced).filter((name) => !TEMPLATE.variables.some(([existing]) => existing === name));
  return {
    ...TEMPLATE,
    variables: [...variables, ...added.map((name) => [name, replaced[name] ?? ''] as const)],
    callflow: TEMPLATE.callflow.map((profile) => shiftedProfile(profile, call.uuid, shiftUs)),
  };
}

/** The text mod_json_cdr posts for the call (FreeSWITCH's defaults: encoded values, v1.6+). */
export function chaosCdrText(call: ChaosCall): string {
  return toJsonCdr(chaosCdrDocument(call), { encodeValues: true, callflow: 'array' });
}

/** `*_uepoch` in µs, `*_epoch` in seconds; 0 means "never happened" and stays 0. */
function shifted(name: string, value: string, shiftUs: number): string {
  if (value === '0' || !/_u?epoch$/.test(name)) return value;
  if (name.endsWith('_uepoch')) return String(Number(value) + shiftUs);
  return String(Math.floor((Number(value) * 1_000_000 + shiftUs) / 1_000_000));
}

function shiftedProfile(profile: CdrCallflow, uuid: string, shiftUs: number): CdrCallflow {
  const times = Object.fromEntries(
    Object.entries(profile.times).map(([name, value]) => [name, value === '0' ? value : String(Number(value) + shiftUs)]),
  );
  const callerProfile = { ...profile.caller_profile, uuid, destination_number: CHAOS_CALLEE };
  return { ...profile, caller_profile: callerProfile, times };
}
