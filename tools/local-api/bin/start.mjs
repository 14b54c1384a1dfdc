#!/usr/bin/env node
// `npm start` entry: runs src/main.ts through tsx (TypeScript straight from source, no build step) in a child process
// and exits with its code. SIGINT/SIGTERM are forwarded (a terminal's Ctrl-C reaches both; the child stops once),
// so the child alone decides how to stop and tears down its redis-server and dynalite first.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', join(here, '..', 'src', 'main.ts')], {
  stdio: 'inherit',
  env: { ...process.env, LOCAL_API_WATCH_PARENT: '1' },
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
