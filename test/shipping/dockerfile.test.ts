// No Docker engine runs on the CI machines, so this checks what can be checked without one: the Dockerfile's
// structure, that everything it COPYs exists and is not excluded by .dockerignore, and that the production install
// (`npm ci --omit=dev`) has every package the shipped code imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

interface Stage {
  readonly name: string;
  readonly base: string;
  readonly instructions: Array<{ keyword: string; args: string }>;
}

function parseStages(text: string): Stage[] {
  const joined = text.replace(/\\\n/g, ' ');
  const stages: Stage[] = [];
  for (const rawLine of joined.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [keyword, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args);
      assert.ok(match, `unparseable FROM: ${line}`);
      stages.push({ base: match[1], name: match[2] ?? `stage${stages.length}`, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = parseStages(dockerfile);
const byName = new Map(stages.map((stage) => [stage.name, stage]));

test('multi-stage: a build stage, a CUDA target and the CPU target as the default (last) stage', () => {
  assert.deepEqual(stages.map((s) => s.name), ['build', 'cuda', 'cpu']);
  assert.match(byName.get('build')!.base, /^node:\$\{NODE_VERSION\}-bookworm-slim$/);
  assert.match(dockerfile, /^ARG NODE_VERSION=24$/m);
  assert.match(byName.get('cuda')!.base, /^nvidia\/cuda:12\.[\d.]+-cudnn-runtime/);
  const cudaRuns = byName.get('cuda')!.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args).join('\n');
  assert.match(cudaRuns, /npm run install:cuda/);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.match(pkg.scripts['install:cuda'], /onnxruntime-node\/script\/install\.js --onnxruntime-node-install=cuda12/);
  const buildRuns = byName.get('build')!.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args).join('\n');
  assert.match(buildRuns, /npm ci --omit=dev/);
  assert.match(buildRuns, /g\+\+/, 'the build stage needs a compiler for @discordjs/opus');
});

for (const target of ['cuda', 'cpu']) {
  test(`${target} target runs as a non-root user with data on a volume and a health check`, () => {
    const stage = byName.get(target)!;
    const find = (keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
    const users = find('USER');
    assert.equal(users.length, 1);
    assert.notEqual(users[0], 'root');
    assert.notEqual(users[0], '0');
    assert.deepEqual(find('VOLUME'), ['["/data"]']);
    assert.ok(
      find('RUN').some((run) => run.includes('ln -s /data/voices /app/models/voices') && run.includes('chown -R bot /data')),
      'downloaded voices must go to the volume, writable by the bot user',
    );
    assert.match(find('HEALTHCHECK')[0] ?? '', /\/healthz/);
    const env = find('ENV').join(' ');
    assert.match(env, /DATABASE_URL=sqlite:\/data\//);
    assert.match(env, /HEALTH_PORT=8080/);
    const command = JSON.parse(find('CMD')[0] ?? '[]') as string[];
    assert.deepEqual(command.slice(0, 1), ['node']);
    assert.ok(existsSync(join(root, command[1])), `CMD runs ${command[1]}, which must exist`);
  });
}

test('every COPY source exists in the repository and is not excluded by .dockerignore', () => {
  const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const copies = stages
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'));
  assert.ok(copies.length >= 3);
  for (const copy of copies) {
    const parts = copy.args.split(/\s+/);
    for (const source of parts.slice(0, -1)) {
      assert.ok(existsSync(join(root, source)), `COPY ${source}: not in the repository`);
      assert.ok(!ignored.includes(source), `COPY ${source}: excluded by .dockerignore`);
    }
  }
});

function listTypeScript(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return listTypeScript(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

test('the production install has every package the shipped code imports (npm ci --omit=dev)', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const builtins = new Set(builtinModules);
  const shipped = ['src', 'commands', 'models'].flatMap((d) => listTypeScript(join(root, d)));
  assert.ok(shipped.length > 0);
  const missing: string[] = [];
  for (const file of shipped) {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^'.][^']*)'|import\('([^'.][^']*)'\)/g)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
      if (!(name in pkg.dependencies)) missing.push(`${file.slice(root.length + 1)} imports ${name}`);
    }
  }
  assert.deepEqual(missing, [], 'these imports would fail in the Docker image, which installs without devDependencies');
});
