#!/usr/bin/env node
// `npm start` entry: runs src/main.ts through tsx (TypeScript straight from source, no build step) in a child process,
// forwards SIGTERM to it, and exits with its code. Ctrl-C reaches the child directly (same process group), so the
// child alone decides how to stop and tears down its redis-server and dynalite first.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', join(here, '..', 'src', 'main.ts')], {
  stdio: 'inherit',
  env: process.env,
});
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
