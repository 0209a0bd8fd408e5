/**
 * Audio quality per installed voice (npm run bench -- audio-quality [--voices a,b] [--sentences N]): real engine
 * output through the bot's audio pipeline, measured as a listener gets it (see test/audio/helpers/). Per voice, over
 * the everyday sentences:
 *   onset_db      worst |gain of the first 100 ms speech window - the message's steady gain| (target <= 1.5)
 *   window_db     worst |gain of any 100 ms speech window - steady gain| (limiter dips show here)
 *   onset_np_db   onset_db without the per-voice expected loudness (what a Piper/Kokoro voice gets)
 *   lead_ms       silence before the first sound in the output, worst (target <= 30); src_lead_ms: the engine's own
 *   trail_ms      silence after the last sound, worst
 *   lufs          mean BS.1770 integrated loudness of the output; worst_lu: worst |I - target| (target <= 1)
 *   lra_lu        mean EBU loudness range (0 for messages under 3 s)
 *   limiter_db    deepest look-ahead limiter reduction
 *   join_step     worst (largest step at a chunk join / largest step within 10 ms of it) over all joins
 *   own_step      the same ratio away from joins, as the signal makes it on its own (the least, over sentences, of
 *                 each sentence's largest): join_step <= own_step means no join is louder than the signal's own steps
 *   wer_src, wer_opus64   mean word error rate (pocketsphinx) of the engine's output and after pipeline + Opus 64 kb/s
 *   ttfa_ms, ttfs_ms      live requests (sentences of their own, warm worker, median of 3) through the float pipeline: time to the first
 *                 output block, and to the first speech in it (that block's time + the silence played before the
 *                 speech); ttfs_untrimmed_ms: the same with trimming off, i.e. what a listener waited before this change
 */
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAudioPipelineOptions } from '../src/audio/audio-pipeline-options.ts';
import { createSpeechGenerator } from '../src/generator/create-speech-generator.ts';
import type { SpeechGenerator } from '../src/generator/speech-generator.ts';
import { EVERYDAY_SENTENCES } from '../test/generator/neural/helpers/everyday-sentences.ts';
import { pocketsphinx, sharedModelsDir } from '../test/helpers/test-requirements.ts';
import { measureUtterance, pipelineOptionsFor, wordErrorRateOfSource, wordErrorRateThroughOpus } from '../test/audio/helpers/utterance-quality.ts';
import type { BenchOptions } from './lib/bench-args.ts';
import type { BenchSection } from './lib/bench-section.ts';
import { speechChunks } from './lib/engine-speech.ts';
import { processToPcm48k } from '../src/audio/pcm-pipeline.ts';
import type { AudioPipelineOptions } from '../src/audio/audio-pipeline-options.ts';

/** Time to first audio and to first speech (ms) of one live request through the float pipeline. */
async function liveTimings(generator: SpeechGenerator, voice: string, text: string, options: Partial<AudioPipelineOptions>): Promise<{ audio: number; speech: number }> {
  const stream = processToPcm48k(generator.stream({ text, voice }), options);
  for await (const _block of stream) {
    // Drained to the end so the generator is free for the next request.
  }
  const { startedAt, firstFrameAt, speechStartSample } = stream.stats;
  if (firstFrameAt === null || speechStartSample === null) return { audio: Number.NaN, speech: Number.NaN };
  return { audio: firstFrameAt - startedAt, speech: firstFrameAt - startedAt + speechStartSample / 48 };
}

const defaultVoices = [
  'neural:slt', 'neural:rms', 'neural:awb', 'neural:kal16',
  'flite:slt', 'flite:rms', 'flite:awb', 'flite:kal16',
  'espeak:en', 'espeak:de', 'espeak:fr', 'espeak:ja',
];
const piperRandom = 'piper:en_US-random-medium';

function optionList(options: BenchOptions, name: string): string[] | undefined {
  const values = options.get(name);
  return values === undefined ? undefined : values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function round(value: number, digits: number): number {
  return Number.isFinite(value) ? Number(value.toFixed(digits)) : value;
}

const worst = (values: readonly number[]): number => Math.max(...values.map(Math.abs));
const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];
const timingTexts = [
  'Can somebody check whether the server is still running?',
  'Could somebody look at whether the backup has finished?',
  'Would anybody know whether the meeting is still on?',
];

async function measureVoice(generator: SpeechGenerator, voice: string, sentences: readonly string[], recognise: boolean): Promise<Record<string, string | number>> {
  const onset: number[] = [];
  const windows: number[] = [];
  const onsetNoPrior: number[] = [];
  const lead: number[] = [];
  const sourceLead: number[] = [];
  const trail: number[] = [];
  const lufs: number[] = [];
  const lra: number[] = [];
  const limiter: number[] = [];
  const joinSteps: number[] = [];
  const ownSteps: number[] = [];
  const werSource: number[] = [];
  const werOpus: number[] = [];
  for (const text of sentences) {
    const chunks = await speechChunks(generator, { text, voice });
    const options = pipelineOptionsFor(voice);
    const quality = await measureUtterance(chunks, options);
    const noPrior = await measureUtterance(chunks, { ...options, expectedLoudnessLufs: undefined });
    onset.push(quality.gain.onsetErrorDb);
    windows.push(quality.gain.maxDeviationDb);
    onsetNoPrior.push(noPrior.gain.onsetErrorDb);
    lead.push(quality.leadingSilenceSeconds * 1000);
    sourceLead.push(quality.sourceLeadingSilenceSeconds * 1000);
    trail.push(quality.trailingSilenceSeconds * 1000);
    lufs.push(quality.integratedLufs);
    lra.push(quality.loudnessRangeLu);
    limiter.push(quality.limiterMaxReductionDb);
    if (Number.isFinite(quality.worstJoinStepRatio)) joinSteps.push(quality.worstJoinStepRatio);
    if (Number.isFinite(quality.worstOwnStepRatio)) ownSteps.push(quality.worstOwnStepRatio);
    if (recognise) {
      werSource.push(await wordErrorRateOfSource(chunks, text));
      werOpus.push(await wordErrorRateThroughOpus(chunks, text, options, 64_000));
    }
  }
  const target = defaultAudioPipelineOptions.targetLufs;
  // Texts of their own (a phrase the worker has just spoken comes from its phrase cache, at no synthesis time);
  // three runs each, alternating, median: single runs swing by 100 ms with the machine's other load.
  const runs = { trimmed: [] as Array<{ audio: number; speech: number }>, untrimmed: [] as Array<{ audio: number; speech: number }> };
  for (const [k, text] of timingTexts.entries()) {
    runs.trimmed.push(await liveTimings(generator, voice, `${text} ${k}`, pipelineOptionsFor(voice)));
    runs.untrimmed.push(await liveTimings(generator, voice, `${text} ${k} again`, pipelineOptionsFor(voice, { trimSilence: false })));
  }
  const live = { audio: median(runs.trimmed.map((r) => r.audio)), speech: median(runs.trimmed.map((r) => r.speech)) };
  const untrimmed = { speech: median(runs.untrimmed.map((r) => r.speech)) };
  return {
    voice,
    n: sentences.length,
    onset_db: round(worst(onset), 2),
    window_db: round(worst(windows), 2),
    onset_np_db: round(worst(onsetNoPrior), 2),
    lead_ms: round(Math.max(...lead), 1),
    src_lead_ms: round(Math.max(...sourceLead), 0),
    trail_ms: round(Math.max(...trail), 0),
    lufs: round(mean(lufs), 2),
    worst_lu: round(worst(lufs.map((l) => l - target)), 2),
    lra_lu: round(mean(lra), 2),
    limiter_db: round(Math.max(...limiter), 2),
    join_step: joinSteps.length > 0 ? round(Math.max(...joinSteps), 2) : 'no joins',
    own_step: ownSteps.length > 0 ? round(Math.min(...ownSteps), 2) : 'n/a',
    wer_src: recognise ? round(mean(werSource), 3) : 'n/a',
    wer_opus64: recognise ? round(mean(werOpus), 3) : 'n/a',
    ttfa_ms: round(live.audio, 0),
    ttfs_ms: round(live.speech, 0),
    ttfs_untrimmed_ms: round(untrimmed.speech, 0),
  };
}

/** A models folder with the shipped vocoder and ../shared's random-weight Piper voice linked in, or null. */
async function piperModelsDir(): Promise<string | null> {
  const source = join(sharedModelsDir, 'piper-random-medium');
  if (!existsSync(source)) return null;
  const dir = await mkdtemp(join(tmpdir(), 'bench-audio-quality-'));
  const voiceDir = join(dir, 'voices', 'piper', 'en_US-random-medium');
  await mkdir(voiceDir, { recursive: true });
  for (const suffix of ['.onnx', '.onnx.json', '.encoder.onnx', '.decoder.onnx']) {
    await symlink(join(source, `en_US-random-medium${suffix}`), join(voiceDir, `en_US-random-medium${suffix}`));
  }
  return dir;
}

export default async function audioQuality(options: BenchOptions): Promise<BenchSection> {
  const voices = optionList(options, 'voices') ?? defaultVoices;
  const sentenceCount = Number(options.get('sentences')?.[0] ?? EVERYDAY_SENTENCES.length);
  const sentences = EVERYDAY_SENTENCES.slice(0, Math.max(1, Math.min(EVERYDAY_SENTENCES.length, sentenceCount)));
  const canRecognise = pocketsphinx().missing === null;
  const rows: Array<Record<string, string | number>> = [];
  const generator = await createSpeechGenerator({ workers: 1 });
  try {
    for (const voice of voices) {
      const english = voice.startsWith('neural:') || voice.startsWith('flite:') || /^espeak:en/.test(voice);
      rows.push(await measureVoice(generator, voice, sentences, canRecognise && english));
    }
  } finally {
    await generator.close();
  }
  const notes = [
    `${sentences.length} everyday sentences per voice (English text for every voice); target ${defaultAudioPipelineOptions.targetLufs} LUFS, ` +
      'gains against the same chunks through the pipeline with trimming and level stages off.',
    canRecognise ? 'WER: pocketsphinx_continuous (en-us), English voices only.' : 'WER: n/a (pocketsphinx not installed).',
  ];
  if (optionList(options, 'voices') === undefined) {
    const modelsDir = await piperModelsDir();
    if (modelsDir === null) {
      notes.push('piper: ../shared/models/piper-random-medium not there, skipped.');
    } else {
      const piper = await createSpeechGenerator({ workers: 1, modelsDir });
      try {
        rows.push(await measureVoice(piper, piperRandom, sentences.slice(0, 3), false));
        notes.push(`${piperRandom}: random weights, its output is NOISE, not speech (../shared/models); loudness/trim figures only.`);
      } finally {
        await piper.close();
        await rm(modelsDir, { recursive: true, force: true });
      }
    }
  }
  return { title: 'Audio quality per voice (real engine output through the bot pipeline)', rows, notes };
}
