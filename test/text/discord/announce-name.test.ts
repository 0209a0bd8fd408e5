import { test } from 'node:test';
import assert from 'node:assert/strict';
import { announceName } from '../../../src/text/discord/announce-name.ts';

test('announceName makes a speakable "<name> said"', () => {
  const cases: [string, string][] = [
    ['Alice', 'Alice said'],
    ['  Bob  ', 'Bob said'],
    ['✨𝓢𝓪𝓶✨', 'Sam said'],
    ['ＫＥＮ', 'KEN said'],
    ['~*xX_Slayer_Xx*~', 'xX Slayer Xx said'],
    ['🔥🔥🔥', 'Someone said'],
    ['', 'Someone said'],
    ['Z̵̢̛̖̗̘̙̜ơ̸̡̢̖̗̘̙̜e̴̡̢̛̖̗̘̙', 'Zoe said'],
    ['José', 'José said'],
    ['Maximilian Alexander von Habsburg-Lothringen', 'Maximilian Alexander von said'],
  ];
  for (const [name, expected] of cases) assert.equal(announceName(name), expected, JSON.stringify(name));
});
