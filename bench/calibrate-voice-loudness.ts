/**
 * Measures each voice's typical loudness for src/audio/voice-loudness.ts: the BS.1770 integrated loudness of the
 * engine's raw output (chunks joined as the crossfader joins them, no normalisation) over the everyday sentences,
 * averaged in the power domain, with the spread between sentences.
 *   node bench/calibrate-voice-loudness.ts [voice ...]
 */
import { createSpeechGenerator } from '../src/generator/create-speech-generator.ts';
import { integratedLoudness } from '../src/audio/loudness-meter.ts';
import { EVERYDAY_SENTENCES } from '../test/generator/neural/helpers/everyday-sentences.ts';
import { joinSpeech, speechChunks } from './lib/engine-speech.ts';

const defaultVoices = [
  'neural:slt', 'neural:rms', 'neural:awb', 'neural:kal16',
  'flite:slt', 'flite:rms', 'flite:awb', 'flite:kal16',
  'espeak:en', 'espeak:en-us', 'espeak:de', 'espeak:fr', 'espeak:es', 'espeak:it', 'espeak:ja', 'espeak:ru', 'espeak:cmn',
];
const voices = process.argv.length > 2 ? process.argv.slice(2) : defaultVoices;
const generator = await createSpeechGenerator({ workers: 1 });
try {
  for (const voice of voices) {
    const levels: number[] = [];
    for (const text of EVERYDAY_SENTENCES) {
      const { samples, sampleRate } = joinSpeech(await speechChunks(generator, { text, voice }));
      levels.push(integratedLoudness(samples, sampleRate));
    }
    const meanPower = levels.reduce((sum, l) => sum + 10 ** (l / 10), 0) / levels.length;
    const typical = 10 * Math.log10(meanPower);
    const spread = Math.max(...levels.map((l) => Math.abs(l - typical)));
    console.log(`  '${voice}': ${typical.toFixed(1)}, // ±${spread.toFixed(1)} over ${levels.length} sentences`);
  }
} finally {
  await generator.close();
}
