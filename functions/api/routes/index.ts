/**
 * Every route of the API. The role × subtree harness (test/api/harness.test.ts) walks this list
 * and fails on a route it has no expectations for, so new routes must be added there too.
 */
import type { AnyRoute } from '../http/route';
import {
  changeAccountRoute,
  createAccountRoute,
  getAccountRoute,
  listAccountsRoute,
} from './accounts';
import { listAuditRoute } from './audit';
import { callerIdRoutes } from './caller-ids';
import { currencyHistoryRoute, listCurrenciesRoute, setCurrencyRoute } from './currencies';
import {
  createImportRoute,
  getImportRoute,
  importReportRoute,
  publishImportRoute,
  startImportRoute,
} from './deck-imports';
import { compareVersionsRoute, downloadVersionRoute, listVersionsRoute } from './deck-versions';
import { deviceRoutes } from './devices';
import { getEmergencySettingRoute, setEmergencySettingRoute } from './emergency';
import { exportRoute } from './exports';
import { ipAclRoutes } from './ip-acls';
import { rateCardRoute } from './rate-card';
import { rateGroupRoutes } from './rate-groups';
import { trunkRoutes } from './trunks';
import { balanceRoute } from './balance';
import { chargeRoute } from './charge';
import { listCdrDeadLettersRoute, redriveCdrDeadLettersRoute } from './cdr-dead-letters';
import { cdrImportRoute } from './cdr-import';
import { reratePeriodRoute } from './cdr-rerate';
import { exportCdrsRoute } from './cdr-export';
import { searchCdrsRoute } from './cdr-search';
import { cdrSummariesRoute } from './cdr-summaries';
import { edgeCdrsRoute } from './edge-cdrs';
import { accountLeaseRoutes } from './account-leases';
import { edgeLeaseRoutes } from './edge-leases';
import { listUnratedRoute, rerateUnratedRoute } from './unrated-cdrs';
import { edgeSnapshotRoute } from './edge-snapshot';
import { edgeWhoamiRoute } from './edge-whoami';
import { healthRoute } from './health';
import { loginRoute } from './login';
import { meRoute } from './me';
import { openApiRoute } from './openapi';
import { postingsRoute } from './postings';
import { refillRoute } from './refill';
import { transferRoute } from './transfer';

export const ROUTES: readonly AnyRoute[] = [
  healthRoute,
  openApiRoute,
  loginRoute,
  meRoute,
  balanceRoute,
  postingsRoute,
  refillRoute,
  chargeRoute,
  transferRoute,
  edgeWhoamiRoute,
  edgeSnapshotRoute,
  // The operator's data model (issue 7).
  createAccountRoute,
  getAccountRoute,
  changeAccountRoute,
  listAccountsRoute,
  ...deviceRoutes,
  ...ipAclRoutes,
  ...callerIdRoutes,
  ...trunkRoutes,
  ...rateGroupRoutes,
  listCurrenciesRoute,
  setCurrencyRoute,
  currencyHistoryRoute,
  getEmergencySettingRoute,
  setEmergencySettingRoute,
  listAuditRoute,
  createImportRoute,
  startImportRoute,
  getImportRoute,
  importReportRoute,
  publishImportRoute,
  listVersionsRoute,
  downloadVersionRoute,
  compareVersionsRoute,
  rateCardRoute,
  exportRoute,
  // The CDR pipeline (issue 8).
  edgeCdrsRoute,
  cdrImportRoute,
  listUnratedRoute,
  rerateUnratedRoute,
  listCdrDeadLettersRoute,
  redriveCdrDeadLettersRoute,
  reratePeriodRoute,
  searchCdrsRoute,
  exportCdrsRoute,
  cdrSummariesRoute,
  // Credit leases (issue 10).
  ...edgeLeaseRoutes,
  ...accountLeaseRoutes,
];
