// src/preflight.js: the Node version and Opus checks that run before any .ts file is loaded, on a real old Node
// when this machine has one, and on this Node with a broken Opus binding laid out the way npm leaves it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { nodeVersionProblem, opusLoadProblem, parsePreflightArgs, REQUIRED_NODE_MAJOR } from '../src/preflight.js';

const root = join(import.meta.dirname, '..');
const preflight = join(root, 'src', 'preflight.js');

/** A node binary older than REQUIRED_NODE_MAJOR on this machine (PATH, then the usual places), or null. */
function findOldNode(): { path: string; version: string } | null {
  const candidates = new Set<string>();
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir) candidates.add(join(dir, 'node'));
  for (const path of ['/usr/bin/node', '/usr/local/bin/node', '/opt/homebrew/bin/node']) candidates.add(path);
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    try {
      const version = execFileSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 10_000 }).trim();
      if (Number(version.split('.')[0]) < REQUIRED_NODE_MAJOR) return { path, version };
    } catch {
      // Not runnable: try the next one.
    }
  }
  return null;
}

const oldNode = findOldNode();

test('the required major matches package.json engines, .nvmrc and .node-version', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
  assert.equal(pkg.engines.node, `>=${REQUIRED_NODE_MAJOR}.0.0`);
  assert.equal(readFileSync(join(root, '.nvmrc'), 'utf8').trim(), String(REQUIRED_NODE_MAJOR));
  assert.equal(readFileSync(join(root, '.node-version'), 'utf8').trim(), String(REQUIRED_NODE_MAJOR));
  assert.match(readFileSync(join(root, '.npmrc'), 'utf8'), /^engine-strict=true$/m);
});

test('npm start and every CLI script go through the preflight', () => {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  for (const name of ['start', 'register', 'say', 'voices', 'models', 'bench']) {
    assert.match(scripts[name], /^node src\/preflight\.js (--opus )?\S+\.ts$/, `npm run ${name}: ${scripts[name]}`);
    const entry = scripts[name].split(' ').at(-1)!;
    assert.ok(existsSync(join(root, entry)), `${entry} exists`);
  }
  assert.match(scripts.start, /--opus src\/main\.ts$/);
});

test('node version check: 24 and later pass, older ones get one line naming Node 24', () => {
  assert.equal(nodeVersionProblem('24.0.0'), null);
  assert.equal(nodeVersionProblem('25.1.2'), null);
  const problem = nodeVersionProblem('20.20.2');
  assert.ok(problem);
  assert.match(problem, /needs Node\.js 24; this is Node\.js 20\.20\.2/);
  assert.doesNotMatch(problem, /\n/);
});

test('Opus load errors become one line, with the rebuild hint when the binding is for another Node', () => {
  const missingPrebuild = Object.assign(
    new Error("Cannot find module '/app/node_modules/@discordjs/opus/prebuild/node-v137-napi-v3-linux-x64-glibc-2.36/opus.node'"),
    { code: 'MODULE_NOT_FOUND' },
  );
  assert.match(opusLoadProblem(missingPrebuild), /built for another Node\.js version.*npm rebuild @discordjs\/opus/);
  const otherAbi = new Error(
    "The module '/app/opus.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 137.",
  );
  assert.match(opusLoadProblem(otherAbi), /npm rebuild @discordjs\/opus/);
  const notInstalled = Object.assign(new Error("Cannot find module '@discordjs/opus'\nRequire stack:\n- /app/x.js"), { code: 'MODULE_NOT_FOUND' });
  assert.equal(opusLoadProblem(notInstalled), '@discordjs/opus is not installed. Run: npm ci');
  for (const error of [missingPrebuild, otherAbi, notInstalled, new Error('libc.so.6: version GLIBC_2.38 not found\nmore')]) {
    assert.doesNotMatch(opusLoadProblem(error), /\n/);
  }
});

test('arguments: an optional --opus, then the entry', () => {
  assert.deepEqual(parsePreflightArgs(['--opus', 'src/main.ts', '--x']), { opus: true, entry: 'src/main.ts', consumed: 2 });
  assert.deepEqual(parsePreflightArgs(['src/cli/say.ts', 'hi']), { opus: false, entry: 'src/cli/say.ts', consumed: 1 });
  assert.deepEqual(parsePreflightArgs([]), { opus: false, entry: undefined, consumed: 1 });
});

test('on an old Node, npm start stops with one line naming Node 24 (no stack trace)', { skip: oldNode ? false : `no Node older than ${REQUIRED_NODE_MAJOR} on this machine to run it with` }, () => {
  const result = spawnSync(oldNode!.path, [preflight, '--opus', 'src/main.ts'], { cwd: root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, DISCORD_TOKEN: '' } });
  assert.equal(result.status, 1, result.stderr);
  assert.equal(result.stdout, '');
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0], new RegExp(`needs Node\\.js 24; this is Node\\.js ${oldNode!.version.replaceAll('.', '\\.')}`));
  assert.doesNotMatch(result.stderr, /ERR_UNKNOWN_FILE_EXTENSION|\n\s+at /);
});

test('on this Node the entry runs with the arguments as if started directly', () => {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, 'const n: number = 1;\nconsole.log(JSON.stringify({ n, self: process.argv[1], args: process.argv.slice(2) }));\n');
    const result = spawnSync(process.execPath, [preflight, '--opus', entry, '--help', 'two words'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { n: 1, self: entry, args: ['--help', 'two words'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an Opus binding installed under another Node stops npm start with the rebuild hint', () => {
  // A copy of the preflight beside a node_modules whose @discordjs/opus looks for a prebuild folder that is not there,
  // exactly what `npm ci` on Node 20 followed by `npm start` on Node 24 leaves behind.
  const dir = mkdtempSync(join(tmpdir(), 'preflight-opus-'));
  try {
    mkdirSync(join(dir, 'src'));
    copyFileSync(preflight, join(dir, 'src', 'preflight.js'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    const opus = join(dir, 'node_modules', '@discordjs', 'opus');
    mkdirSync(opus, { recursive: true });
    writeFileSync(join(opus, 'package.json'), '{"name":"@discordjs/opus","main":"index.js"}\n');
    writeFileSync(join(opus, 'index.js'), "module.exports = require(__dirname + '/prebuild/node-v115-napi-v3-linux-x64-glibc-2.36/opus.node');\n");
    writeFileSync(join(dir, 'src', 'main.ts'), "console.log('started');\n");
    const result = spawnSync(process.execPath, [join(dir, 'src', 'preflight.js'), '--opus', 'src/main.ts'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 1, result.stderr);
    assert.equal(result.stdout, '', 'the entry must not run');
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /@discordjs\/opus was built for another Node\.js version.*Run: npm rebuild @discordjs\/opus/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
