/**
 * How every Tollgate Lambda function is built: Node.js 22 on arm64, bundled by the local esbuild
 * (never Docker: CI machines have no Docker engine) with the AWS SDK inside (the version we test
 * with is the version that runs), source maps on, a month of logs. Each function adds only its
 * entry, size, timeout and environment.
 */
import { RemovalPolicy, type Duration } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';

export interface TollgateFunctionProps {
  /** The handler, relative to the repository root, e.g. `functions/api/handler.ts`. */
  readonly entry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
}

/** Creates `Function` (and its `FunctionLogs` log group) in `scope`. */
export function tollgateFunction(scope: Construct, props: TollgateFunctionProps): NodejsFunction {
  return new NodejsFunction(scope, 'Function', {
    entry: fileURLToPath(new URL(`../${props.entry}`, import.meta.url)),
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    logGroup: new LogGroup(scope, 'FunctionLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    }),
    environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    bundling: {
      forceDockerBundling: false,
      format: OutputFormat.CJS,
      target: 'node22',
      minify: true,
      sourceMap: true,
      externalModules: [],
    },
  });
}
