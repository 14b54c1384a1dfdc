#!/usr/bin/env node
// Post-deploy smoke test (the pipeline's CodeBuild step after each stage; `npx --no-install tsx` runs it from the
// repository root). It needs no manual step and no allow-listed address: `@betbuilder/client` over a Lambda Invoke
// transport sends API Gateway-shaped events straight to the functions (the pipeline role may invoke exactly these),
// so it checks the deployed code, its configuration and its data path, not API Gateway's policy. See
// src/smoke/smokeOptionsFromEnv.ts for the environment it reads. Exit code 0 = priced; 1 = anything else.
import { LambdaClient } from '@aws-sdk/client-lambda';
import { runSmokeTest, smokeOptionsFromEnv } from '../src/smoke';

async function main(): Promise<number> {
  const env = smokeOptionsFromEnv(process.env);
  if (!env.ok) {
    console.error(`smoke test failed: ${env.reason}`);
    return 1;
  }
  const lambda = new LambdaClient({ region: env.value.region, maxAttempts: 2 });
  const result = await runSmokeTest({ lambda, ...env.value });
  if (!result.ok) {
    console.error(`smoke test failed: ${result.reason}`);
    return 1;
  }
  console.log(result.message);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`smoke test failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
