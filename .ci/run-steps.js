// `npm test`: runs each npm script named on the command line, all of them even when one fails (a type error must not
// hide the test results), then lists the failed ones and exits 1 if there were any.
import { spawnSync } from 'node:child_process';

const steps = process.argv.slice(2);
// Under npm, npm_execpath is the npm that started us; run the steps with the same one.
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm'];
const failed = [];
for (const step of steps) {
  const result = spawnSync(npm[0], [...npm.slice(1), 'run', step], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(`${step} (${result.error ? result.error.message : `exit ${result.status ?? result.signal}`})`);
}
if (failed.length > 0) {
  console.error(`\nFailed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\nAll passed: ${steps.join(', ')}`);
