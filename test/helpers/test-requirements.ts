/**
 * Things some tests need that `npm ci` does not install: model fixtures in ../shared/models, Debian's pocketsphinx
 * (speech recognition) and opus-tools (opusinfo/opusdec). Without them a test skips with a one-line reason, so a fresh
 * clone's `npm test` passes; CI (.ci/run) installs them and sets REQUIRE_TEST_FIXTURES=1, and then a missing one
 * fails the test file instead of skipping it.
 *
 *   test('hears words', { skip: skipUnless(pocketsphinx()) }, async () => { ... });
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Set to 1 by .ci/run: every requirement below is mandatory. */
export const REQUIRE_FIXTURES_VARIABLE = 'REQUIRE_TEST_FIXTURES';

export interface TestRequirement {
  /** Why it cannot run, one line; null when everything is there. */
  readonly missing: string | null;
}

/** ../shared/models, beside the repository. */
export const sharedModelsDir = join(import.meta.dirname, '..', '..', '..', 'shared', 'models');

function onPath(command: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** A file or folder under ../shared/models (see its README.txt). */
export function sharedModel(relativePath: string): TestRequirement {
  const path = join(sharedModelsDir, relativePath);
  return { missing: existsSync(path) ? null : `model fixture ../shared/models/${relativePath} is not there` };
}

/** Programs on the PATH, with the Debian package that has them. */
export function commands(names: readonly string[], debianPackage: string): TestRequirement {
  const absent = names.filter((name) => !onPath(name));
  return { missing: absent.length === 0 ? null : `${absent.join(' and ')} not found (apt-get install ${debianPackage})` };
}

/** pocketsphinx_continuous and its US English model (Debian: pocketsphinx, pocketsphinx-en-us). */
export function pocketsphinx(): TestRequirement {
  const program = commands(['pocketsphinx_continuous'], 'pocketsphinx pocketsphinx-en-us');
  if (program.missing) return program;
  const model = '/usr/share/pocketsphinx/model/en-us/en-us';
  return { missing: existsSync(model) ? null : `the pocketsphinx US English model ${model} is not there (apt-get install pocketsphinx-en-us)` };
}

/** opusinfo and opusdec, to check Ogg Opus files with the reference tools. */
export function opusTools(): TestRequirement {
  return commands(['opusinfo', 'opusdec'], 'opus-tools');
}

/** True when CI asked for every requirement to be met. */
export function fixturesRequired(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[REQUIRE_FIXTURES_VARIABLE] === '1';
}

/**
 * A skip reason for node:test (`{ skip: skipUnless(...) }`), or false when all requirements are met. When CI requires
 * fixtures, a missing one throws instead, which fails the test file.
 */
export function skipUnless(...requirements: readonly TestRequirement[]): string | false {
  const missing = requirements.map((r) => r.missing).filter((m): m is string => m !== null);
  if (missing.length === 0) return false;
  const reason = missing.join('; ');
  if (fixturesRequired()) throw new Error(`${reason}, and ${REQUIRE_FIXTURES_VARIABLE}=1 makes it mandatory`);
  return reason;
}
