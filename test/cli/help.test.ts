// Every npm CLI answers --help with its usage on stdout and exit 0, without loading a model or needing a token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(import.meta.dirname, '..', '..');
const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

for (const name of ['say', 'voices', 'models', 'register', 'bench']) {
  test(`npm run ${name} -- --help`, async () => {
    const [command, ...args] = scripts[name].split(' ');
    assert.equal(command, 'node');
    const env = { ...process.env, DISCORD_TOKEN: '', DISCORD_CLIENT_ID: '' };
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [...args, '--help'], { cwd: root, env, timeout: 30_000 });
    assert.match(stdout, /^Usage:\s+npm run /);
    assert.equal(stderr, '');
  });
}
