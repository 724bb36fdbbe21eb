/**
 * `GET|PUT /settings/emergency`: the operator's emergency setting — the trunk emergency calls go
 * out through and the per-country numbers replacing the defaults. Operator-wide, so only the
 * operator's staff see it (admin writes). Edges receive it in their snapshot.
 */
import { z } from 'zod';
import { DEFAULT_EMERGENCY_NUMBERS } from '../../../core/authorization/emergency';
import {
  emergencySettingBody,
  readEmergencySetting,
  writeEmergencySetting,
  type EmergencySetting,
} from '../config/emergency-setting';
import { defineRoute } from '../http/route';

const numbersByCountry = z.record(z.string(), z.array(z.string()));

const emergencyView = z
  .object({
    /** null until an admin sets it: emergency numbers are then refused `no_route` at the edge. */
    trunkId: z.string().nullable(),
    numbersByCountry,
    /** The lists a country not named above uses ('' = accounts without a country). */
    defaultNumbersByCountry: numbersByCountry,
    /** 0 = never set. */
    revision: z.int(),
    updatedAtEpochMs: z.int().nullable(),
  })
  .strict()
  .meta({ id: 'EmergencySetting' });

function viewOf(setting: EmergencySetting | undefined): z.output<typeof emergencyView> {
  return {
    trunkId: setting?.data.trunkId ?? null,
    numbersByCountry: setting?.data.numbersByCountry ?? {},
    defaultNumbersByCountry: Object.fromEntries(
      Object.entries(DEFAULT_EMERGENCY_NUMBERS).map(([country, list]) => [country, [...list]]),
    ),
    revision: setting?.revision ?? 0,
    updatedAtEpochMs: setting?.updatedAtEpochMs ?? null,
  };
}

export const getEmergencySettingRoute = defineRoute({
  method: 'GET',
  path: '/settings/emergency',
  operationId: 'getEmergencySetting',
  summary: 'The emergency trunk and the emergency numbers per country',
  idempotency: 'Read-only.',
  access: { roles: ['admin', 'sub_admin'], access: 'read' },
  responses: { 200: { description: 'The setting', schema: emergencyView } },
  async handle({ deps }) {
    return { status: 200, body: viewOf(await readEmergencySetting(deps)) };
  },
});

export const setEmergencySettingRoute = defineRoute({
  method: 'PUT',
  path: '/settings/emergency',
  operationId: 'setEmergencySetting',
  summary: 'Set the emergency trunk and the per-country numbers (a new revision, audited)',
  idempotency: 'Sets the whole setting: a repeat writes the same content as a new revision.',
  access: { roles: ['admin'], access: 'write' },
  body: emergencySettingBody,
  responses: { 200: { description: 'The setting in force', schema: emergencyView } },
  async handle(context) {
    return { status: 200, body: viewOf(await writeEmergencySetting(context, context.body)) };
  },
});
