/**
 * SIP devices: a username in a SIP domain, authenticated by digest. The password is turned into
 * HA1 per realm (md5(user:realm:password)) at once and never stored or answered; the edge's
 * directory answers FreeSWITCH with the HA1 (`a1-hash`). A user is unique in its domain.
 */
import { z } from 'zod';
import { HUMAN_ROLES } from '../../../core/auth/roles';
import { ha1ByRealm } from '../../../core/devices/ha1';
import type { UniqueClaim } from '../../shared/dynamo/config-store';
import { entityRoutes } from '../config/entity-routes';
import { defineEntity } from '../config/entity-spec';
import { entityIdSchema, isHostName, noRepeats, phoneNumberSchema } from '../config/fields';
import { mergeChange } from '../config/merge';
import { unprocessable } from '../config/outcomes';
import { MONEY_WRITERS } from './money';

const username = z
  .string()
  .regex(/^[A-Za-z0-9._+-]{1,64}$/, 'must be 1 to 64 of A-Z a-z 0-9 . _ + -');
const domain = z
  .string()
  .refine((text) => isHostName(text, 'none'), 'must be a host name or an IPv4 address')
  .transform((text) => text.toLowerCase());
/** Digest passwords: long enough that guessing over SIP is hopeless at the edge's CPS limits. */
const password = z.string().min(8, 'must be at least 8 characters').max(128);
const status = z.enum(['active', 'suspended']);
const realms = z.array(domain).min(1).max(4).superRefine(noRepeats);

interface DeviceData {
  readonly username: string;
  readonly domain: string;
  readonly realms: readonly string[];
  readonly ha1ByRealm: Readonly<Record<string, string>>;
  readonly callerIdName?: string;
  readonly callerIdNumber?: string;
  readonly status: 'active' | 'suspended';
}

const createBody = z
  .object({
    id: entityIdSchema,
    username,
    domain,
    password,
    realms: realms.optional(),
    callerIdName: z.string().max(50).optional(),
    callerIdNumber: phoneNumberSchema.optional(),
    status: status.optional(),
  })
  .strict();

const changeBody = z
  .object({
    username,
    domain,
    password,
    realms,
    callerIdName: z.string().max(50).nullable(),
    callerIdNumber: phoneNumberSchema.nullable(),
    status,
  })
  .partial()
  .strict();

export const deviceSpec = defineEntity({
  kind: 'device',
  segment: 'devices',
  idParam: 'deviceId',
  singular: 'Device',
  plural: 'Devices',
  readers: HUMAN_ROLES,
  writers: MONEY_WRITERS,
  createBody,
  changeBody,
  viewShape: {
    username: z.string(),
    domain: z.string(),
    realms: z.array(z.string()),
    callerIdName: z.string().optional(),
    callerIdNumber: z.string().optional(),
    status,
  },
  async create(input): Promise<DeviceData> {
    const { password: secret, realms: given, ...rest } = input;
    const realmList = given ?? [input.domain];
    return {
      ...rest,
      status: input.status ?? 'active',
      realms: realmList,
      ha1ByRealm: ha1ByRealm(input.username, realmList, secret),
    };
  },
  async change(before: DeviceData, input) {
    const merged = mergeChange(before, input, ['password']);
    const rehash =
      input.username !== undefined || input.domain !== undefined || input.realms !== undefined;
    if (input.password === undefined) {
      // HA1 binds user and realm: a new one cannot be derived from the old hash.
      if (rehash)
        throw unprocessable(
          'password_required',
          'a new username, domain or realm needs the password',
          'password',
        );
      return merged;
    }
    return { ...merged, ha1ByRealm: ha1ByRealm(merged.username, merged.realms, input.password) };
  },
  claims: deviceClaims,
  view: ({ ha1ByRealm: _secret, ...visible }: DeviceData) => visible,
});

/**
 * The edge finds a device by `user@domain` and by `user@realm` (the digest's realm): each must
 * name one device, so a user claims its domain and every realm in the same space — a realm
 * another device of that user already answers to is a 409 naming `realms.<n>`.
 */
function deviceClaims(data: DeviceData): UniqueClaim[] {
  const claims = [{ value: `${data.domain}#${data.username}`, field: 'username' }];
  data.realms.forEach((realm, index) => {
    if (realm !== data.domain)
      claims.push({ value: `${realm}#${data.username}`, field: `realms.${index}` });
  });
  return claims;
}

export const deviceRoutes = entityRoutes(deviceSpec);
