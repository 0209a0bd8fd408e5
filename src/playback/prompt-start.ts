import { AudioPlayerStatus, type AudioPlayer, type AudioPlayerState, type AudioResource } from '@discordjs/voice';

/**
 * The one AudioPlayer internal this uses: the per-frame step the library's 20 ms clock calls for every playing
 * player (read one frame from the resource, have each ready connection encrypt it for the next tick). It is private
 * in the typings, so it is looked up, not assumed: with a player that lacks it, playback keeps the library's timing.
 */
interface FrameStep {
  readonly _stepPrepare?: unknown;
}

/**
 * Has `player` read and prepare `resource`'s first frame as soon as the resource starts playing, instead of at the
 * next tick of @discordjs/voice's 20 ms clock. At each tick the clock sends the frames prepared at the tick before,
 * then prepares the next ones; a resource that becomes readable between ticks therefore waits for a tick to be read
 * and for one more to be sent: 20 ms on every message's first word, on top of the wait for the next tick. Prepared
 * here, the first frame goes out at the next tick and the rest follow one per tick as before, so listeners hear
 * the same cadence, one tick sooner.
 *
 * The step runs in a microtask after the change to Playing, so every other listener of that change has run first:
 * when the DAVE guard pauses the player there (listeners could not decrypt yet), nothing is read, and once any
 * frame has been prepared (playbackDuration > 0) the clock is in charge.
 */
export function prepareFirstFrameAtStart(player: AudioPlayer, resource: AudioResource): void {
  const step = (player as unknown as FrameStep)._stepPrepare;
  if (typeof step !== 'function') return;
  const prepare = (): void => {
    queueMicrotask(() => {
      const state = player.state;
      if (state.status === AudioPlayerStatus.Playing && state.resource === resource && state.playbackDuration === 0) {
        (step as () => void).call(player);
      }
    });
  };
  const onState = (_old: AudioPlayerState, state: AudioPlayerState): void => {
    if (state.status === AudioPlayerStatus.Idle || state.resource !== resource) {
      player.off('stateChange', onState);
    } else if (state.status === AudioPlayerStatus.Playing) {
      player.off('stateChange', onState);
      prepare();
    }
  };
  const state = player.state;
  if (state.status === AudioPlayerStatus.Playing && state.resource === resource) prepare();
  else if (state.status === AudioPlayerStatus.Buffering && state.resource === resource) player.on('stateChange', onState);
}
