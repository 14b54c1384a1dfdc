#!/usr/bin/env node
// `npm run loadtest -- [flags]`: runs the TypeScript CLI through tsx (no build step), forwarding the
// exit code (0 ok, 1 request errors, 2 usage, 3 seeding not verified, 4 crashed) and Ctrl-C.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// Resolve tsx from this file, not from the caller's working directory (`--out` may point anywhere).
const tsx = import.meta.resolve('tsx');
const child = spawn(
  process.execPath,
  ['--import', tsx, join(here, '..', 'src', 'cli.ts'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    // The SDK's "node >= 22 from 2027" notice is noise in a load-test report.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env },
  },
);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 4)));
