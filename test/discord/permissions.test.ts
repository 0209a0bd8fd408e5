import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCanSay, checkManageServer, checkRequiredRole, checkSameVoiceChannel } from '../../src/discord/permissions.ts';

test('/stop and /skip: only members in the bot\'s voice channel', () => {
  assert.deepEqual(checkSameVoiceChannel('vc1', 'vc1'), { allowed: true });
  const elsewhere = checkSameVoiceChannel('vc2', 'vc1');
  assert.ok(!elsewhere.allowed);
  assert.match(!elsewhere.allowed ? elsewhere.message : '', /<#vc1>/);
  assert.equal(checkSameVoiceChannel(null, 'vc1').allowed, false, 'not in voice at all');
  const idle = checkSameVoiceChannel('vc1', null);
  assert.ok(!idle.allowed && /not in a voice channel/.test(idle.message));
});

test('/say: caller must be in voice, and in the bot\'s channel when it is busy elsewhere', () => {
  const notInVoice = checkCanSay(null, null);
  assert.ok(!notInVoice.allowed && /Join a voice channel/.test(notInVoice.message));
  assert.equal(checkCanSay('vc1', null).allowed, true, 'bot will join the caller');
  assert.equal(checkCanSay('vc1', 'vc1').allowed, true);
  assert.equal(checkCanSay('vc2', 'vc1').allowed, false);
});

test('Manage Server', () => {
  assert.equal(checkManageServer(true).allowed, true);
  const refused = checkManageServer(false);
  assert.ok(!refused.allowed && /Manage Server/.test(refused.message));
});

test('required role', () => {
  assert.equal(checkRequiredRole([], null).allowed, true);
  assert.equal(checkRequiredRole(['r1', 'r2'], 'r2').allowed, true);
  assert.equal(checkRequiredRole(['r1'], 'r2').allowed, false);
});
