/**
 * The CDK app entry: `npx cdk synth` / `npx cdk deploy` (see lib/app.ts).
 */
import { createTollgateApp } from '../lib/app';

createTollgateApp().app.synth();
