import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EnvironmentConfig } from '../../src/config/types';
import type { HandlerEntries } from '../../src/paths';

const CDK_DIR = path.resolve(__dirname, '..', '..');

/** cdk.json feature flags + the committed cdk.context.json, exactly what `cdk synth` passes to the app. */
export function committedContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(fs.readFileSync(path.join(CDK_DIR, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  const cdkContext = JSON.parse(fs.readFileSync(path.join(CDK_DIR, 'cdk.context.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  return { ...cdkJson.context, ...cdkContext };
}

/** Test-only entries (a no-op handler) for tests that check synth-time logic, not bundling. */
export const FIXTURE_ENTRIES: HandlerEntries = (() => {
  const noop = path.resolve(__dirname, '..', 'fixtures', 'handlers', 'noop.ts');
  return { price: noop, opinion: noop, primer: noop, keepWarm: noop, verifyQuote: noop };
})();

/** A copy of an environment with some fields replaced (deep enough for the tests' needs). */
export function withOverrides(env: EnvironmentConfig, patch: Partial<EnvironmentConfig>): EnvironmentConfig {
  return { ...env, ...patch };
}
