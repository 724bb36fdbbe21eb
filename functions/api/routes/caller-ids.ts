/**
 * Caller IDs for pinless identification: a call from this number to one of the listed access
 * numbers belongs to the account (never on other numbers: a caller ID is easy to spoof, so it
 * identifies only where the operator chose to accept it). A caller ID is unique deployment-wide.
 */
import { z } from 'zod';
import { entityRoutes } from '../config/entity-routes';
import { defineEntity } from '../config/entity-spec';
import { entityIdSchema, phoneNumberSchema } from '../config/fields';
import { mergeChange } from '../config/merge';
import { MONEY_WRITERS } from './money';

interface CallerIdData {
  readonly callerIdNumber: string;
  readonly accessNumbers: readonly string[];
  readonly description: string;
}

const accessNumbers = z
  .array(phoneNumberSchema)
  .min(1, 'must name at least one access number')
  .max(20);

const createBody = z
  .object({
    id: entityIdSchema,
    callerIdNumber: phoneNumberSchema,
    accessNumbers,
    description: z.string().max(200).optional(),
  })
  .strict();

const changeBody = z
  .object({ callerIdNumber: phoneNumberSchema, accessNumbers, description: z.string().max(200) })
  .partial()
  .strict();

export const callerIdSpec = defineEntity({
  kind: 'caller_id',
  segment: 'caller-ids',
  idParam: 'callerIdId',
  singular: 'CallerId',
  plural: 'CallerIds',
  readers: ['admin', 'sub_admin', 'reseller', 'customer', 'provider'],
  writers: MONEY_WRITERS,
  createBody,
  changeBody,
  viewShape: {
    callerIdNumber: z.string(),
    accessNumbers: z.array(z.string()),
    description: z.string(),
  },
  create: async (input): Promise<CallerIdData> => ({
    ...input,
    description: input.description ?? '',
  }),
  change: async (before: CallerIdData, input) => mergeChange(before, input),
  claims: (data: CallerIdData) => [
    { value: data.callerIdNumber.replace(/^\+/, ''), field: 'callerIdNumber' },
  ],
  view: (data: CallerIdData) => ({ ...data }),
});

export const callerIdRoutes = entityRoutes(callerIdSpec);
