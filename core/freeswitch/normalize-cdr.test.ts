// Proves the normalization rules one by one (leg, callUuid, gateway, times, tollgate facts) on
// hand-made raw CDRs, each stating the FreeSWITCH variables it starts from.
import { describe, expect, it } from 'vitest';
import { normalizeCdr } from './normalize-cdr';
import { parseCdrs } from './cdr-file';
import type { RawCdr } from './raw-cdr';

const TIMES = {
  start_uepoch: '1700000000250000',
  answer_uepoch: '1700000002750000',
  end_uepoch: '1700000062999999',
};

function raw(variables: Record<string, string>, channelDirection: string | null = null): RawCdr {
  return {
    format: 'json',
    coreUuid: null,
    switchname: null,
    channelDirection,
    variables,
    callflow: [],
    valuesWereEncoded: false,
  };
}

function normalized(variables: Record<string, string>, channelDirection: string | null = null) {
  const result = normalizeCdr(raw({ ...TIMES, ...variables }, channelDirection));
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('legs', () => {
  it('a B-leg is named by originator / originating_leg_uuid, or by a call_uuid of another leg', () => {
    expect(normalized({ uuid: 'b1', originator: 'a1', call_uuid: 'a1' }, 'outbound')).toMatchObject(
      { leg: 'b', callUuid: 'a1', otherLegUuid: 'a1', direction: 'outbound' },
    );
    expect(normalized({ uuid: 'b1', originating_leg_uuid: 'a1' })).toMatchObject({
      leg: 'b',
      callUuid: 'a1',
      direction: 'outbound',
    });
    expect(normalized({ uuid: 'b1', call_uuid: 'a1' })).toMatchObject({ leg: 'b', callUuid: 'a1' });
    expect(
      normalized({ uuid: 'a1', call_uuid: 'a1', last_bridge_to: 'b1' }, 'inbound'),
    ).toMatchObject({ leg: 'a', callUuid: 'a1', otherLegUuid: 'b1' });
    expect(normalized({ uuid: 'o1' }, 'outbound')).toMatchObject({
      leg: 'a',
      callUuid: 'o1',
      direction: 'outbound',
    });
  });
});

describe('gateway', () => {
  it('B-leg: sip_gateway_name, else a sofia/gateway channel name', () => {
    expect(
      normalized({
        uuid: 'b',
        originator: 'a',
        sip_gateway_name: 'carrier_a',
        channel_name: 'sofia/external/4420',
      }).gateway,
    ).toBe('carrier_a');
    expect(
      normalized({ uuid: 'b', originator: 'a', channel_name: 'sofia/gateway/gw2/4420' }).gateway,
    ).toBe('gw2');
    expect(
      normalized({ uuid: 'b', originator: 'a', channel_name: 'sofia/internal/sip:1002@10.0.0.2' })
        .gateway,
    ).toBeNull();
  });

  it('A-leg: only a bridge that dialled exactly one gateway endpoint names it', () => {
    const a = { uuid: 'a', bridge_channel: 'sofia/external/4420', last_app: 'bridge' };
    expect(
      normalized({ ...a, last_arg: '{x=1,y=2}[tollgate_trunk=t1,z=3]sofia/gateway/carrier_a/4420' })
        .gateway,
    ).toBe('carrier_a');
    expect(
      normalized({ ...a, last_arg: 'sofia/gateway/carrier_a/4420|sofia/gateway/carrier_b/4420' })
        .gateway,
    ).toBeNull();
    expect(
      normalized({ ...a, last_arg: 'sofia/gateway/carrier_a/4420,sofia/gateway/carrier_b/4420' })
        .gateway,
    ).toBeNull();
    expect(
      normalized({ ...a, last_app: 'hangup', last_arg: 'sofia/gateway/carrier_a/4420' }).gateway,
    ).toBeNull();
  });
});

describe('times', () => {
  it('truncates µs epochs to ms and keeps FreeSWITCH billsec/billmsec when present', () => {
    expect(normalized({ uuid: 'a', billsec: '60', billmsec: '60249' })).toMatchObject({
      startedAtEpochMs: 1700000000250,
      answeredAtEpochMs: 1700000002750,
      endedAtEpochMs: 1700000062999,
      billsec: 60,
      billmsec: 60249,
    });
  });

  it('falls back to second epochs, and answer_epoch 0 means unanswered', () => {
    const result = normalizeCdr(
      raw({ uuid: 'a', start_epoch: '100', answer_epoch: '0', end_epoch: '130' }),
    );
    expect(result).toMatchObject({
      ok: true,
      value: {
        startedAtEpochMs: 100000,
        answeredAtEpochMs: null,
        endedAtEpochMs: 130000,
        billsec: 0,
        billmsec: 0,
      },
    });
  });
});

describe('tollgate facts', () => {
  it('reads the contract variables, dropping a max_seconds that is not an integer', () => {
    expect(
      normalized({
        uuid: 'a',
        tollgate_account: 'acct_1',
        tollgate_lease: 'l9',
        tollgate_max_seconds: '12.5',
        other: 'x',
      }).tollgate,
    ).toEqual({
      account: 'acct_1',
      lease: 'l9',
    });
    expect(
      normalized({ uuid: 'a', tollgate_max_seconds: '90', tollgate_reason: 'insufficient_credit' })
        .tollgate,
    ).toEqual({
      maxSeconds: 90,
      reason: 'insufficient_credit',
    });
    expect(normalized({ uuid: 'a' }).tollgate).toBeNull();
  });
});

describe('parseCdrs', () => {
  it('reads one document per line and names the line that fails', () => {
    const line = (uuid: string) => JSON.stringify({ variables: { uuid, ...TIMES } });
    expect(parseCdrs(`${line('x')}\n\n${line('y')}\n`)).toMatchObject({
      ok: true,
      value: [{ uuid: 'x' }, { uuid: 'y' }],
    });
    expect(parseCdrs(`${line('x')}\n{"variables":{"uuid":"z"}}\n`)).toMatchObject({
      ok: false,
      code: 'missing_field',
      message: 'line 2: the CDR has no start_epoch',
    });
  });
});

describe('parseCdrs on a JSON array', () => {
  it('reads every element and names the element that fails', () => {
    const cdr = (uuid: string) => ({ variables: { uuid, ...TIMES } });
    expect(parseCdrs(JSON.stringify([cdr('x'), cdr('y')]))).toMatchObject({
      ok: true,
      value: [{ uuid: 'x' }, { uuid: 'y' }],
    });
    expect(parseCdrs(JSON.stringify([cdr('x'), { variables: {} }]))).toMatchObject({
      ok: false,
      code: 'missing_field',
      message: 'element 1: the CDR has no variables.uuid',
    });
    expect(parseCdrs('[1,')).toMatchObject({ ok: false, code: 'invalid_json' });
    // An empty array is reported, not read as zero CDRs: a body that held nothing is kept.
    expect(parseCdrs('[]')).toMatchObject({ ok: false, code: 'empty_document' });
  });
});

describe('callee', () => {
  it('is the dialled number without the user part parameters a carrier or PBX added', () => {
    expect(normalized({ uuid: 'a', sip_req_user: '+15551234567;npdi;rn=+15559990000' }).callee).toBe('+15551234567');
    expect(normalized({ uuid: 'a', sip_req_user: '5551234;phone-context=+1' }).callee).toBe('5551234');
    expect(normalized({ uuid: 'a', sip_req_user: '442079460000' }).callee).toBe('442079460000');
  });
});
