/**
 * Trunks: a provider's way out, with gateways tried in failover order (each gateway's host,
 * port, transport, and whether FreeSWITCH registers to it), a channel limit, outbound
 * translation rules, codecs and a ring timeout. Only provider accounts own trunks.
 */
import { readEmergencySetting } from '../config/emergency-setting';
import { ApiError } from '../http/errors';
import { z } from 'zod';
import { entityRoutes } from '../config/entity-routes';
import { defineEntity } from '../config/entity-spec';
import { entityIdSchema, isHostName, translationRulesSchema } from '../config/fields';
import { mergeChange } from '../config/merge';
import { MONEY_WRITERS } from './money';

const gateway = z
  .object({
    host: z
      .string()
      .refine(
        (text) => isHostName(text, 'bracketed'),
        'must be a host name, an IPv4 address or an [IPv6] address; the port goes in port',
      ),
    port: z.int().min(1).max(65_535).default(5060),
    transport: z.enum(['udp', 'tcp', 'tls']).default('udp'),
    register: z.boolean().default(false),
    /** The registration user when `register` is on (the secret stays in FreeSWITCH's config). */
    username: z.string().max(64).optional(),
  })
  .strict()
  .refine((gateway) => !gateway.register || (gateway.username ?? '') !== '', {
    message: 'a gateway FreeSWITCH registers to needs the registration username',
    path: ['username'],
  });

/** A trunk with more gateways than this is a configuration mistake, not a failover plan. */
const MAX_GATEWAYS = 10;
const codec = z.string().regex(/^[A-Za-z0-9.-]{1,20}$/, 'must be a codec name like PCMU or opus');

const fields = {
  name: z.string().trim().min(1).max(100),
  gateways: z.array(gateway).min(1, 'must have at least one gateway').max(MAX_GATEWAYS),
  channelLimit: z.int().min(0).max(100_000),
  translationRules: translationRulesSchema,
  codecs: z.array(codec).max(10),
  ringTimeoutSeconds: z.int().min(1).max(300),
};

type TrunkData = z.output<z.ZodObject<typeof fields>>;

const createBody = z
  .object({
    id: entityIdSchema,
    ...fields,
    channelLimit: fields.channelLimit.default(0),
    translationRules: translationRulesSchema.default(''),
    codecs: fields.codecs.default(['PCMU', 'PCMA']),
    ringTimeoutSeconds: fields.ringTimeoutSeconds.default(30),
  })
  .strict();

export const trunkSpec = defineEntity({
  kind: 'trunk',
  segment: 'trunks',
  idParam: 'trunkId',
  singular: 'Trunk',
  plural: 'Trunks',
  readers: ['admin', 'sub_admin', 'reseller', 'provider'],
  writers: MONEY_WRITERS,
  ownerTypes: ['provider'],
  createBody,
  changeBody: z.object(fields).partial().strict(),
  viewShape: { ...fields, name: z.string(), translationRules: z.string() },
  create: async (input): Promise<TrunkData> => input,
  change: async (before: TrunkData, input) => mergeChange(before, input),
  claims: () => [],
  view: (data: TrunkData) => ({ ...data }),
  beforeDelete: async (trunkId, { deps }) => {
    // Emergency calls go out through this trunk: deleting it would refuse them all `no_route`.
    const emergency = await readEmergencySetting(deps);
    if (emergency?.data.trunkId === trunkId) {
      const message = 'this trunk carries emergency calls: PUT /settings/emergency first';
      throw new ApiError(409, 'trunk_in_use', message, 'trunkId');
    }
    // A rate group routing over it would lose the carrier (and its termination decks) silently.
    const groups = await deps.config.listAll<{ trunkIds: string[] }>('rate_group', '/');
    const user = groups.find((group) => group.data.trunkIds.includes(trunkId));
    if (user !== undefined) {
      const message = `rate group ${user.id} routes over this trunk: take it out of trunkIds first`;
      throw new ApiError(409, 'trunk_in_use', message, 'trunkId');
    }
  },
});

export const trunkRoutes = entityRoutes(trunkSpec);
