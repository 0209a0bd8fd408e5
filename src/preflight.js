// The first thing `npm start` and the npm CLIs run: node src/preflight.js [--opus] <entry.ts> [arguments...].
// Plain JavaScript with node: built-ins only, because an older Node cannot even parse the project's .ts files: it
// would die with ERR_UNKNOWN_FILE_EXTENSION and a stack trace instead of saying what to install. When the checks
// pass, the entry module is imported and sees process.argv as if it had been started directly.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Keep in step with package.json "engines", .nvmrc and .node-version (a test checks). */
export const REQUIRED_NODE_MAJOR = 24;

/**
 * One line saying what to do when this Node is too old, or null.
 * @param {string} version process.versions.node
 * @returns {string | null}
 */
export function nodeVersionProblem(version) {
  const major = Number(version.split('.')[0]);
  if (Number.isInteger(major) && major >= REQUIRED_NODE_MAJOR) return null;
  return (
    `This bot needs Node.js ${REQUIRED_NODE_MAJOR}; this is Node.js ${version}. ` +
    `Install Node ${REQUIRED_NODE_MAJOR} (nvm install, fnm use, or see README "Quick start"), then run npm ci again.`
  );
}

/**
 * One line for an error thrown while loading @discordjs/opus.
 * @param {unknown} error
 * @returns {string}
 */
export function opusLoadProblem(error) {
  const message = error instanceof Error ? error.message : String(error);
  const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
  // A binding built for another Node: either a different NODE_MODULE_VERSION in place, or node-pre-gyp looking for
  // this Node's prebuild folder (prebuild/node-v137-...) that the install for the other Node never made.
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message) || /[\\/]prebuild[\\/]node-v\d+/.test(message)) {
    return (
      `@discordjs/opus was built for another Node.js version than this one (${process.version}). ` +
      'Run: npm rebuild @discordjs/opus (or npm ci again) with this Node.'
    );
  }
  if (code === 'MODULE_NOT_FOUND' && /'@discordjs\/opus'/.test(message)) {
    return '@discordjs/opus is not installed. Run: npm ci';
  }
  return `@discordjs/opus (the Opus library for voice) cannot be loaded: ${message.split('\n')[0]}. Try: npm rebuild @discordjs/opus`;
}

/**
 * Loads the native Opus binding the way @discordjs/voice will; null when it works.
 * @returns {string | null}
 */
export function opusProblem() {
  try {
    createRequire(import.meta.url)('@discordjs/opus');
    return null;
  } catch (error) {
    return opusLoadProblem(error);
  }
}

/**
 * @param {readonly string[]} args what follows `node src/preflight.js`
 * @returns {{ opus: boolean, entry: string | undefined, consumed: number }}
 */
export function parsePreflightArgs(args) {
  let index = 0;
  let opus = false;
  if (args[index] === '--opus') {
    opus = true;
    index++;
  }
  return { opus, entry: args[index], consumed: index + 1 };
}

async function run() {
  const { opus, entry, consumed } = parsePreflightArgs(process.argv.slice(2));
  if (!entry) {
    console.error('Usage: node src/preflight.js [--opus] <entry.ts> [arguments...]');
    process.exit(2);
  }
  const problem = nodeVersionProblem(process.versions.node) ?? (opus ? opusProblem() : null);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  const entryPath = resolve(entry);
  // The entry reads its own arguments from process.argv.slice(2), as if run as `node <entry> [arguments...]`.
  process.argv.splice(1, consumed + 1, entryPath);
  await import(pathToFileURL(entryPath).href);
}

// Imported by tests for the functions above; run only as the program.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await run();
