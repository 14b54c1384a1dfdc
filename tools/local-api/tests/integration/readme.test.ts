import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { useLocalApi } from '../support/localApi';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..', '..');
const README_URL = 'http://127.0.0.1:3000';

/** The root README's "## API" section. */
function apiSection(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## API\n');
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end);
}

/** The first fenced block of a language in the text. */
function block(text: string, lang: string): string {
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(text);
  if (!m) throw new Error(`no \`\`\`${lang} block in the README's API section`);
  return m[1]!;
}

/** Each curl command (with its continuation lines) and the `# {…}` answer the README shows under it. */
function examples(sh: string): { command: string; shown: unknown }[] {
  const lines = sh.split('\n');
  const out: { command: string; shown: unknown }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('curl ')) continue;
    let command = lines[i]!;
    for (let last = command; last.endsWith('\\');) {
      last = lines[++i]!;
      command = `${command}\n${last}`;
    }
    const answer = lines[i + 1] ?? '';
    if (!answer.startsWith('# {')) throw new Error(`the README shows no answer under: ${command}`);
    out.push({ command, shown: JSON.parse(answer.slice(2)) });
  }
  return out;
}

/** Deep equality where the README's `"…"` stands for any value. */
function matches(shown: unknown, got: unknown): boolean {
  if (shown === '…') return got !== undefined;
  if (Array.isArray(shown)) {
    return Array.isArray(got) && got.length === shown.length && shown.every((s, i) => matches(s, got[i]));
  }
  if (typeof shown === 'object' && shown !== null) {
    if (typeof got !== 'object' || got === null || Array.isArray(got)) return false;
    const keys = Object.keys(shown);
    return (
      keys.length === Object.keys(got).length &&
      keys.every((k) => matches((shown as Record<string, unknown>)[k], (got as Record<string, unknown>)[k]))
    );
  }
  return shown === got;
}

describe("the root README's API examples", () => {
  // What `npm start` serves: the demo fixtures, freshly seeded.
  const { api } = useLocalApi({ table: 'opinions-readme-test', seed: true, primeSeeded: 'none' });

  it('shows what the server answers to each curl command', async () => {
    // Prepare
    const cases = examples(block(apiSection(), 'sh'));

    for (const { command, shown } of cases) {
      // Act
      const { stdout } = await run('bash', ['-c', command.replaceAll(README_URL, api.url)]);

      // Assess
      const got: unknown = JSON.parse(stdout);
      expect({ command, answer: matches(shown, got) ? shown : got }).toEqual({ command, answer: shown });
    }
    expect(cases.length).toBeGreaterThanOrEqual(3);
  });

  it('prints what the TypeScript example says it prints', async () => {
    // Prepare: the example as a module under the repository root, so @betbuilder/client resolves as in a project.
    const ts = block(apiSection(), 'ts');
    const dir = join(ROOT, 'node_modules', '.cache', 'readme-example');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `example-${process.pid}.mts`);
    writeFileSync(file, ts.replaceAll(README_URL, api.url));
    const expected = ts
      .split('\n')
      .filter((l) => l.startsWith('console.log('))
      .map((l) => l.slice(l.indexOf('// ') + 3).trim());

    // Act
    const { stdout } = await run(process.execPath, ['--import', 'tsx', file], {
      cwd: ROOT,
      timeout: 60_000,
      // Plain text as a reader sees it: under nx (FORCE_COLOR) console.log would colour the objects it prints.
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });

    // Assess
    expect(stdout.trim().split('\n')).toEqual(expected);
  }, 90_000);
});
