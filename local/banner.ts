/**
 * What `npm start` prints once it is ready: where things run, the demo logins, and commands to
 * try. The first line (`tollgate: ready …`) is what scripts and tests wait for.
 */
import type { TableNames } from '../functions/shared/tables';
import type { RunningDynamo } from './dynamodb-local';
import type { SeedResult } from './seed';

export interface BannerFacts {
  readonly apiUrl: string;
  readonly dynamo: RunningDynamo;
  readonly names: TableNames;
  readonly seed: SeedResult;
  readonly startupMs: number;
  /** The local stand-in for S3 presigned URLs (deck uploads and downloads). */
  readonly objectsUrl: string;
  /** The edge agent FreeSWITCH talks to (mod_xml_curl, mod_json_cdr). */
  readonly edgeUrl: string;
}

export function printBanner(facts: BannerFacts): void {
  const { apiUrl, dynamo, names, seed } = facts;
  const logins = seed.logins
    .map(
      (login) =>
        `    ${login.login.padEnd(10)} ${login.password.padEnd(15)} ${login.role.padEnd(9)} account ${login.accountId}`,
    )
    .join('\n');
  process.stdout.write(`tollgate: ready in ${(facts.startupMs / 1000).toFixed(1)} s

  API            ${apiUrl}
  OpenAPI        ${apiUrl}/openapi.json
  Health         ${apiUrl}/health
  Objects        ${facts.objectsUrl}  (deck uploads by signed URL; a temporary directory)
  Edge agent     ${facts.edgeUrl}  (FreeSWITCH: /freeswitch/xml, /freeswitch/cdr; /health; authorizes
                 from its snapshot of the local API, spools CDRs durably and ships them)
  DynamoDB Local ${dynamo.endpoint}  (in memory; tables ${names.ledger}, ${names.directory}, ${names.config})

  Demo logins (login, password, role, account):
${logins}
  Edge API key (X-Api-Key): ${seed.edgeApiKey}
  Demo SIP devices: ${seed.devices} (users 800 and 1000-1019 of the FreeSWITCH fixtures; see local/demo-config.ts)

  Try:
    TOKEN=$(curl -s ${apiUrl}/auth/login -H 'content-type: application/json' \\
      -d '{"login":"admin","password":"admin-demo"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).token')
    curl -s ${apiUrl}/accounts/c1/balance -H "authorization: Bearer $TOKEN"

  Ctrl-C stops everything.
`);
}
