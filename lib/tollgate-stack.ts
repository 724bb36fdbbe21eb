/**
 * The Tollgate stack: the tables and the API. Later issues add their queues and functions here,
 * each with assertions in test/infra.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { TollgateApi } from './api';
import { TollgateCdrPipeline } from './cdr-pipeline';
import { TollgateDeckImports } from './deck-imports';
import { TollgateLeases } from './leases';
import { acknowledgeDeckImportFindings, acknowledgeNagFindings } from './nag-suppressions';
import { TollgateTables } from './tables';

export class TollgateStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const { tables } = new TollgateTables(this, 'Tables');
    const imports = new TollgateDeckImports(this, 'DeckImports', { configTable: tables.config });
    const api = new TollgateApi(this, 'Api', {
      objectsBucket: imports.bucket,
      grantObjects: (fn) => imports.grantObjects(fn),
      importQueue: imports.queue,
      ledgerTable: tables.ledger,
      directoryTable: tables.directory,
      configTable: tables.config,
    });
    const cdrs = new TollgateCdrPipeline(this, 'CdrPipeline', {
      ledgerTable: tables.ledger,
      directoryTable: tables.directory,
      configTable: tables.config,
      cdrsTable: tables.cdrs,
      objectsBucket: imports.bucket,
      grantObjects: (fn) => imports.grantObjects(fn),
    });
    cdrs.connectApi(api.function);
    new TollgateLeases(this, 'Leases', {
      ledgerTable: tables.ledger,
      directoryTable: tables.directory,
      configTable: tables.config,
    });
    new CfnOutput(this, 'ApiUrl', { value: api.httpApi.apiEndpoint });
    acknowledgeNagFindings(api, [tables.ledger, tables.directory, tables.config]);
    acknowledgeDeckImportFindings(imports, api, [tables.config]);
  }
}
