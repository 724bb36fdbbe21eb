/**
 * IP ACLs: calls from a CIDR block (with an optional tech prefix, stripped before rating) belong
 * to the account. A block with its tech prefix is unique across the deployment, so a source
 * address identifies at most one account per prefix.
 */
import { z } from 'zod';
import { entityRoutes } from '../config/entity-routes';
import { defineEntity } from '../config/entity-spec';
import { mergeChange } from '../config/merge';
import { unprocessable } from '../config/outcomes';
import { cidrSchema, entityIdSchema, techPrefixSchema } from '../config/fields';
import { MONEY_WRITERS } from './money';

interface IpAclData {
  readonly cidr: string;
  readonly techPrefix?: string;
  readonly description: string;
}

const createBody = z
  .object({
    id: entityIdSchema,
    cidr: cidrSchema,
    techPrefix: techPrefixSchema.optional(),
    description: z.string().max(200).optional(),
  })
  .strict();

const changeBody = z
  .object({
    cidr: cidrSchema,
    techPrefix: techPrefixSchema.nullable(),
    description: z.string().max(200),
  })
  .partial()
  .strict();

export const ipAclSpec = defineEntity({
  kind: 'ip_acl',
  segment: 'ip-acls',
  idParam: 'ipAclId',
  singular: 'IpAcl',
  plural: 'IpAcls',
  readers: ['admin', 'sub_admin', 'reseller', 'customer', 'provider'],
  writers: MONEY_WRITERS,
  createBody,
  changeBody,
  viewShape: { cidr: z.string(), techPrefix: z.string().optional(), description: z.string() },
  create: async (input): Promise<IpAclData> =>
    narrowEnough({ ...input, description: input.description ?? '' }),
  change: async (before: IpAclData, input) => narrowEnough(mergeChange(before, input)),
  claims: (data: IpAclData) => [{ value: `${data.cidr}#${data.techPrefix ?? ''}`, field: 'cidr' }],
  view: (data: IpAclData) => ({ ...data }),
});

/**
 * A /0 block matches every address on the internet: without a tech prefix (which a caller must
 * know) it would bill anyone's call to this account. A tech prefix makes it a deliberate choice.
 */
function narrowEnough(data: IpAclData): IpAclData {
  if (data.cidr.endsWith('/0') && data.techPrefix === undefined) {
    const message = `${data.cidr} matches every address: name a narrower block or a techPrefix`;
    throw unprocessable('cidr_matches_every_address', message, 'cidr');
  }
  return data;
}

export const ipAclRoutes = entityRoutes(ipAclSpec);
