/**
 * The Opus bitrate for speech in a voice channel: the channel's own bitrate (Discord: 64 kb/s by default, 8-96 kb/s,
 * more in boosted servers), within bounds. Below 24 kb/s speech loses words (the recogniser test's word error rate
 * climbs); above 128 kb/s a single synthetic voice gains nothing audible and only costs bandwidth and encoder time.
 */
const OPUS_BITRATE_BOUNDS = Object.freeze({ min: 24_000, max: 128_000 });

export function opusBitrateForChannel(
  channelBitrate: number | undefined,
  fallback: number,
  bounds: { readonly min: number; readonly max: number } = OPUS_BITRATE_BOUNDS,
): number {
  const wanted = channelBitrate !== undefined && Number.isFinite(channelBitrate) && channelBitrate > 0 ? channelBitrate : fallback;
  return Math.round(Math.min(bounds.max, Math.max(bounds.min, wanted)));
}
