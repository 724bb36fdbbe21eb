/**
 * The CDK app as a function, so `bin/tollgate.ts` and the infra tests build the same thing:
 * the stack plus cdk-nag's AwsSolutions checks (their unacknowledged findings fail synthesis).
 */
import { App, Validations, type AppProps } from 'aws-cdk-lib';
// cdk-nag is CommonJS whose exports Node's ESM loader cannot list; take them from the default.
import cdkNag from 'cdk-nag';
import { TollgateStack } from './tollgate-stack';

const { AwsSolutionsChecks } = cdkNag;

export function createTollgateApp(props: AppProps = {}): { app: App; stack: TollgateStack } {
  const app = new App(props);
  const stack = new TollgateStack(app, 'Tollgate', {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}
