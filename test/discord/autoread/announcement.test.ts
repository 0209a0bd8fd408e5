import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAnnouncement } from '../../../src/discord/autoread/message-reader.ts';

test('the announcement puts the speakable display name before the message', () => {
  assert.equal(withAnnouncement('Alice', 'hello there'), 'Alice said, hello there');
  assert.match(withAnnouncement('✨✨', 'hi'), /^Someone said, hi$/);
});
