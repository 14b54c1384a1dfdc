#!/usr/bin/env node
// CDK entry point (infra/cdk/cdk.json: "npx tsx bin/app.ts"). Everything is in src/app.ts so the tests
// synthesise exactly what `cdk synth` / `cdk deploy` / the pipeline do.
import { buildApp } from '../src/app';

buildApp().app.synth();
