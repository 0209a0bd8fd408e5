// The fake gateway's DAVE group bookkeeping with a davey session playing the bot directly (no sockets): the leaves
// it tracks match the members' own view, every member ends in the same epoch, and frames decrypt across changes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import davey from '@snazzah/davey';
import type { DAVESession } from '@snazzah/davey';
import { DAVE_OP, DaveCall } from './dave-call.ts';
import type { JsonObject } from '../payloads.ts';

const CHANNEL = '1111111111111111111';
const BOT = '2222222222222222222';

/** A minimal DAVE client: what @discordjs/voice does with each gateway message, without the transport. */
class BotClient {
  readonly session: DAVESession = new davey.DAVESession(1, BOT, CHANNEL);
  readonly clients = new Set<string>();
  readonly json: { op: number; d: JsonObject }[] = [];
  call!: DaveCall;

  /** Like a websocket, messages are handled later and in the order they were sent. */
  sendJson(op: number, d: JsonObject): void {
    queueMicrotask(() => this.receiveJson(op, d));
  }

  private receiveJson(op: number, d: JsonObject): void {
    this.json.push({ op, d });
    if (op === 11) for (const id of d.user_ids as string[]) this.clients.add(id);
    if (op === 13) this.clients.delete(d.user_id as string);
    if (op === DAVE_OP.prepareEpoch) {
      this.session.reinit(1, BOT, CHANNEL);
      this.call.onBinary(DAVE_OP.keyPackage, this.session.getSerializedKeyPackage());
    }
  }

  sendBinary(op: number, payload: Buffer): void {
    queueMicrotask(() => this.receive(op, payload));
  }

  private receive(op: number, payload: Buffer): void {
    if (op === DAVE_OP.externalSender) this.session.setExternalSender(payload);
    else if (op === DAVE_OP.proposals) {
      const { commit, welcome } = this.session.processProposals(payload[0], payload.subarray(1), [...this.clients]);
      if (commit) this.call.onBinary(DAVE_OP.commitWelcome, welcome ? Buffer.concat([commit, welcome]) : commit);
    } else if (op === DAVE_OP.announceCommit) {
      this.session.processCommit(payload.subarray(2));
      this.call.onJson(DAVE_OP.readyForTransition, { transition_id: payload.readUInt16BE(0) });
    } else if (op === DAVE_OP.welcome) {
      this.session.processWelcome(payload.subarray(2));
      this.call.onJson(DAVE_OP.readyForTransition, { transition_id: payload.readUInt16BE(0) });
    }
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 20));
}

function assertConsistent(call: DaveCall, bot: BotClient): void {
  assert.equal(bot.session.epoch, call.epoch, 'the bot is in the gateway\'s epoch');
  assert.equal(call.leaves[bot.session.ownLeafIndex ?? -1], BOT, 'the bot sits on the leaf the gateway thinks');
  for (const listener of call.present) {
    assert.equal(listener.session.epoch, call.epoch, `${listener.userId} in the same epoch`);
    assert.equal(call.leaves[listener.session.ownLeafIndex ?? -1], listener.userId, `${listener.userId} on its leaf`);
  }
  const before = call.present.map((l) => l.stats.decrypted);
  const result = call.receiveFrame(bot.session.encryptOpus(Buffer.from([0xfc, 9, 8, 7, 6])));
  assert.equal(result.kind, 'decrypted');
  assert.deepEqual(call.present.map((l) => l.stats.decrypted), before.map((n) => n + 1), 'every listener decrypted the bot\'s frame');
}

describe('DaveCall group bookkeeping', () => {
  it('creates, adds, removes, re-adds and resets the group like the members see it', async () => {
    const bot = new BotClient();
    const call = new DaveCall({ channelId: CHANNEL, botUserId: BOT, transport: bot });
    bot.call = call;
    call.start(['3000000000000000001', '3000000000000000002']);
    await settle();
    call.onBinary(DAVE_OP.keyPackage, bot.session.getSerializedKeyPackage());
    await settle();
    assert.equal(call.stats.transitions.at(-1)?.kind, 'create');
    assertConsistent(call, bot);

    call.addListener('3000000000000000003');
    await settle();
    assert.deepEqual(call.stats.transitions.map((t) => `${t.kind}:${t.committer === 'bot' ? 'bot' : 'listener'}`), ['create:listener', 'add:bot']);
    assertConsistent(call, bot);

    call.removeListener('3000000000000000002');
    await settle();
    assert.equal(call.stats.transitions.at(-1)?.kind, 'remove');
    assert.equal(call.leaves.filter((id) => id !== null).length, 3);
    assertConsistent(call, bot);

    // The bot reports an invalid commit and sends a new key package: removed and re-added in one commit.
    call.onJson(DAVE_OP.invalidCommitWelcome, { transition_id: 3 });
    bot.session.reinit(1, BOT, CHANNEL);
    call.onBinary(DAVE_OP.keyPackage, bot.session.getSerializedKeyPackage());
    await settle();
    assert.equal(call.stats.transitions.at(-1)?.kind, 'readd');
    assertConsistent(call, bot);

    call.removeListener('3000000000000000001');
    call.removeListener('3000000000000000003');
    await settle();
    assert.deepEqual(call.stats.prepareEpochs, [1], 'sole member reset');
    assert.equal(call.epoch, 0n);
    assert.ok(bot.json.some((m) => m.op === DAVE_OP.prepareTransition && m.d.transition_id === 0));
    call.addListener('3000000000000000004');
    await settle();
    assert.equal(call.stats.transitions.at(-1)?.kind, 'create');
    assertConsistent(call, bot);
    assert.ok(call.stats.transitions.every((t) => t.executedAt !== undefined), 'every transition executed after the bot\'s op 23');
    call.end();
  });
});
