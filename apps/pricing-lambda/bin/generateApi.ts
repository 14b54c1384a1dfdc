// `npm run api:generate`: rewrites docs/openapi.json, docs/api.md and the client's contract types from the schemas.
// `--check`: writes nothing, lists the stale files and exits 1 if any (the drift test runs this).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { apiArtifacts, REPO_ROOT } from './apiArtifacts';

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const a of await apiArtifacts()) {
    const file = join(REPO_ROOT, a.path);
    if (check) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== a.content) stale.push(a.path);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, a.content);
    console.log(`wrote ${a.path}`);
  }
  if (stale.length > 0) {
    console.error(`stale (run \`npm run api:generate\`): ${stale.join(', ')}`);
    process.exit(1);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
