"""Makes models/hifigan/hifigan_v2_ljspeech.int8.onnx from the fp32 vocoder (provenance; the bot does not run this).

Static int8 quantisation (QDQ, per-channel int8 weights, uint8 activations) of the Conv layers of the first two
upsampling stages only (resblocks 0-5: 64 and 32 channels at 8x and 64x the mel frame rate): about half of the fp32
CPU time is spent there, and their quantisation noise stays small in the log-mel. conv_pre (the mel input), the
ConvTranspose upsamplers, the 16- and 8-channel stages at 128x and 256x and conv_post stay fp32: quantising conv_pre
alone dropped the SNR against fp32 to 6 dB, the 128x stage added a noise floor in quiet frames, and the 256x stage
was slower in int8 than in fp32 (layout transposes around 8-channel convolutions at the audio rate).

Calibration: log-mels of flite speech (16 sentences that are not the tests' sentences; every one in slt, one in
three in each of rms, awb, kal16), computed by the bot's own analyzer (src/generator/neural), fed in chunks of 96
frames; activation ranges from the 99.99th percentile of their histograms.

Run from the repository root (needs Node 24 for flite and the analyzer, and a Python venv outside the repo):
    python3 -m venv /tmp/q8/venv && /tmp/q8/venv/bin/pip install onnxruntime==1.30.0 onnx==1.23.1 numpy==2.4.6
    /tmp/q8/venv/bin/python models/hifigan/tools/quantise_int8.py
"""
import argparse
import collections
import hashlib
import json
import os
import re
import subprocess
import tempfile

import numpy as np
import onnx
from onnxruntime.quantization import CalibrationDataReader, CalibrationMethod, QuantFormat, QuantType, quantize_static
from onnxruntime.quantization.shape_inference import quant_pre_process

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
FP32 = os.path.join(REPO, 'models', 'hifigan', 'hifigan_v2_ljspeech.onnx')
INT8 = os.path.join(REPO, 'models', 'hifigan', 'hifigan_v2_ljspeech.int8.onnx')

CALIBRATION_SENTENCES = [
    'Good morning everyone, welcome back to the server.',
    'Does anybody want to join the game tonight at nine?',
    'I think the new update broke the inventory screen.',
    'Hold on, my dog is barking at the mail carrier again.',
    'That was an amazing play, how did you even do that?',
    'Remind me to water the plants before I leave on Friday.',
    'The quick brown fox jumps over the lazy dog.',
    'Seven hundred and forty two people signed the petition.',
    'Can somebody explain the rules of this card game to me?',
    'It is raining so hard that the street looks like a river.',
    'Welcome, Alexander! Grab a seat and say hello.',
    'Oh no, I forgot to save my progress before the crash.',
    'Lunch is ready, come downstairs before it gets cold.',
    'The library closes early on Sundays and public holidays.',
    'Zebras, giraffes and elephants live on the open savanna.',
    'Why does the microphone keep cutting out every few seconds?',
]

# flite -> 22050 Hz -> the engine's log-mel, whole sentences, band-major float32 files plus an index.
DUMP_MELS_JS = r"""
import { writeFileSync } from 'node:fs';
import { runFlite } from './src/generator/flite/flite-wasi.ts';
import { createLogMelAnalyzer } from './src/generator/neural/log-mel-spectrogram.ts';
import { createPolyphaseResampler } from './src/generator/neural/polyphase-resampler.ts';
const [dir, sentencesJson] = process.argv.slice(1);
const sentences = JSON.parse(sentencesJson);
const resampler = createPolyphaseResampler(16000, 22050);
const analyzer = createLogMelAnalyzer();
const others = ['rms', 'awb', 'kal16'];
const index = [];
for (let i = 0; i < sentences.length; i++) {
  for (const voice of ['slt', others[i % 3]]) {
    const audio = resampler.resample((await runFlite(sentences[i], { voice })).samples);
    const frames = analyzer.frameCount(audio.length);
    const file = `mel${String(index.length).padStart(2, '0')}.f32`;
    writeFileSync(`${dir}/${file}`, Buffer.from(analyzer.compute(audio, 0, frames).buffer));
    index.push({ file, frames, voice });
  }
}
writeFileSync(`${dir}/index.json`, JSON.stringify(index));
"""


def dump_calibration_mels(work):
    subprocess.run(['node', '--input-type=module', '-e', DUMP_MELS_JS, work, json.dumps(CALIBRATION_SENTENCES)],
                   cwd=REPO, check=True)
    with open(os.path.join(work, 'index.json')) as f:
        index = json.load(f)
    return [np.fromfile(os.path.join(work, e['file']), dtype='<f4').reshape(1, 80, e['frames']) for e in index]


class MelChunks(CalibrationDataReader):
    """Whole 96-frame chunks (histogram calibration needs one shape)."""

    def __init__(self, mels, chunk=96):
        self.items = iter([{'mel': np.ascontiguousarray(m[:, :, s:s + chunk])}
                           for m in mels for s in range(0, m.shape[2] - chunk + 1, chunk)])

    def get_next(self):
        return next(self.items, None)


def stage_of(node_name):
    """Upsampling stage (1-4) of a resblock conv: HiFi-GAN V2 has three resblocks per stage."""
    match = re.match(r'/resblocks\.(\d+)/', node_name)
    return int(match.group(1)) // 3 + 1 if match else None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--out', default=INT8)
    parser.add_argument('--stages', default='1,2', help='resblock stages whose Conv layers are quantised')
    parser.add_argument('--percentile', type=float, default=99.99)
    parser.add_argument('--reduce-range', action='store_true', help='7-bit weights (u8s8 without VNNI)')
    args = parser.parse_args()
    stages = {int(s) for s in args.stages.split(',')}
    with tempfile.TemporaryDirectory() as work:
        mels = dump_calibration_mels(work)
        pre = os.path.join(work, 'pre.onnx')
        quant_pre_process(FP32, pre, skip_symbolic_shape=True)
        convs = [n.name for n in onnx.load(pre).graph.node if n.op_type == 'Conv' and stage_of(n.name) in stages]
        quantize_static(pre, args.out, MelChunks(mels), quant_format=QuantFormat.QDQ,
                        activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8, per_channel=True,
                        reduce_range=args.reduce_range, calibrate_method=CalibrationMethod.Percentile,
                        nodes_to_quantize=convs,
                        extra_options={'CalibPercentile': args.percentile, 'CalibMovingAverage': False})
    ops = collections.Counter(n.op_type for n in onnx.load(args.out).graph.node)
    with open(args.out, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    print(f'{args.out}: {len(convs)} Conv layers quantised, ops {dict(ops)}, '
          f'{os.path.getsize(args.out)} bytes, sha256 {digest}')


if __name__ == '__main__':
    main()
