// Proves the account-identification order (tollgate_account, accountcode, digest user, opt-in
// caller SIP user, unknown_account) on the fixtures and on hand-made CDR facts.
import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test/freeswitch/fixtures';
import { identifyAccount } from './account-identification';
import { parseCdr } from './parse-cdr';

const none = {
  tollgate: null,
  accountCode: null,
  authUser: null,
  authRealm: null,
  callerSipUser: null,
  callerSipDomain: null,
};

describe('identifyAccount', () => {
  it('2014 fixture: accountcode 1001 wins over the digest user', () => {
    const cdr = parseCdr(readFixture('json-cdr-answered-2014-fs1.4-cgrates.json'));
    if (!cdr.ok) throw new Error(cdr.message);
    expect(identifyAccount(cdr.value)).toEqual({
      ok: true,
      key: { source: 'account_code', accountCode: '1001' },
    });
  });

  it('2018 fixture (no accountcode, no digest): unknown unless the import trusts the SIP From', () => {
    const cdr = parseCdr(readFixture('json-cdr-answered-2018-fs1.6plus-cgrates.json'));
    if (!cdr.ok) throw new Error(cdr.message);
    expect(identifyAccount(cdr.value)).toMatchObject({ ok: false, code: 'unknown_account' });
    expect(identifyAccount(cdr.value, { trustCallerSipUser: true })).toEqual({
      ok: true,
      key: { source: 'caller_sip_user', user: '1001', domain: '10.10.10.204' },
    });
  });

  it('tollgate_account first, then digest user with its realm', () => {
    expect(identifyAccount({ ...none, tollgate: { account: 'acct_1' }, accountCode: 'x' })).toEqual(
      {
        ok: true,
        key: { source: 'tollgate_account', accountId: 'acct_1' },
      },
    );
    expect(identifyAccount({ ...none, authUser: '1000', authRealm: 'pbx.example' })).toEqual({
      ok: true,
      key: { source: 'auth_user', user: '1000', realm: 'pbx.example' },
    });
    expect(
      identifyAccount({ ...none, callerSipUser: '1001' }, { trustCallerSipUser: true }),
    ).toMatchObject({
      ok: false,
      code: 'unknown_account',
    });
  });
});
