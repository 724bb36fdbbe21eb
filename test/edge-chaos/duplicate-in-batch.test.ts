// Proves the cloud charges a CDR once when one edge batch carries it twice — what an edge spool
// holds after FreeSWITCH re-posted a CDR the edge had fsynced but not yet answered (kill -9
// between the fsync and the 200), or after an err-log-dir file was spooled again following a
// crash before it was moved. Found by the chaos test; the real pipeline on DynamoDB Local.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edgeCdrsFromDocument } from '../../freeswitch-edge/spool/receive-cdr';
import { chaosCdrText } from './chaos-cdrs';
import { batchMismatches, cdrItems, chargeChecks, failedChargeChecks, pricedStart } from './cloud-audit';
import { startChaosCloud, type ChaosCloud } from './cloud';
import { waitFor } from './edge-setup';

let cloud: ChaosCloud;
beforeAll(async () => {
  cloud = await startChaosCloud();
});
afterAll(() => cloud.close());

describe('one CDR twice in one edge batch', () => {
  it('is stored once and charged once, at every level', async () => {
    // Prepare
    const { answeredAtEpochMs, control, before } = await pricedStart(cloud);
    const call = { uuid: randomUUID(), account: 'c1', answeredAtEpochMs };
    const [cdr] = edgeCdrsFromDocument(chaosCdrText(call), 'http', answeredAtEpochMs);
    // Act
    const response = await fetch(`${cloud.url}/edge/cdrs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': cloud.edgeApiKey },
      body: JSON.stringify({ cdrs: [cdr, cdr] }),
    });
    expect(response.status).toBe(202);
    await waitFor('the batch to be rated', () => cloud.queued().depth === 0, 30_000);
    // Assess
    const items = await cdrItems(cloud);
    expect(items.get(call.uuid)).toMatchObject({ status: 'rated', accountId: 'c1' });
    const item = items.get(call.uuid);
    expect(failedChargeChecks(await chargeChecks(cloud, before, item === undefined ? [] : [item], control))).toEqual([]);
    const mismatches = await Promise.all([...before.keys()].map((id) => batchMismatches(cloud, id, items.values())));
    expect(mismatches.flat()).toEqual([]);
  });
});
