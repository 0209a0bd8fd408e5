"""Makes models/hifigan/hifigan_v2_ljspeech.int8.onnx from the fp32 vocoder (provenance; the bot does not run this).

Static int8 quantisation (QDQ, per-channel int8 weights, uint8 activations) of the Conv layers of the first two
upsampling stages only (resblocks 0-5: 64 and 32 channels at 8x and 64x the mel frame rate): about half of the fp32
CPU time is spent there, and their quantisation noise stays small in the log-mel. conv_pre (the mel input), the
ConvTranspose upsamplers, the 16- and 8-channel stages at 128x and 256x and conv_post stay fp32: quantising conv_pre
alone dropped the SNR against fp32 to 6 dB, the 128x stage added a noise floor in quiet frames, and the 256x stage
was slower in int8 than in fp32 (layout transposes around 8-channel convolutions at the audio rate). Last, the
ConvTranspose upsamplers are rewritten as plain Convs (polyphase_upsamplers; still fp32) and every Conv runs as a
2-D one of height 1 (as_image_convolutions): about 10 % and 8 % less CPU time per vocoder call.

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


def polyphase_upsamplers(model):
    """Rewrites each ConvTranspose upsampler as the same sum in a form onnxruntime's CPU kernels run 2-4x faster.

    HiFi-GAN's upsamplers have stride s, kernel 2s and pads s/2, so output sample m*s + r (phase r) reads input
    samples m-1 and m when r < s/2, and m and m+1 otherwise, through kernel taps r + s/2 + s and r + s/2, or r + s/2
    and r - s/2. Each half of the phases is then a plain 2-tap Conv over the input with s/2 * C_out channels (channel
    o*s/2 + r holds phase r of output channel o), and the phases are interleaved: Concat [N, C_out, s, L] ->
    Transpose -> Reshape [N, C_out, L*s]. Same weights, same arithmetic up to float rounding (about 1e-6).
    """
    graph = model.graph
    weights = {t.name: t for t in graph.initializer}
    rewritten = []
    renamed = {}
    for node in graph.node:
        if node.op_type != 'ConvTranspose':
            rewritten.append(node)
            continue
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        w = onnx.numpy_helper.to_array(weights[node.input[1]])
        b = onnx.numpy_helper.to_array(weights[node.input[2]])
        c_in, c_out, kernel = w.shape
        (stride,), pads = attrs['strides'], attrs['pads']
        half = stride // 2
        if attrs.get('group', 1) != 1 or attrs.get('dilations', [1]) != [1] or attrs.get('output_padding', [0]) != [0] \
                or stride % 2 != 0 or kernel != 2 * stride or pads != [half, half]:
            raise ValueError(f'{node.name}: not a ConvTranspose this rewrite covers ({attrs}, weight {w.shape})')
        prefix = node.name.rsplit('/', 1)[0]
        # Per half: the two taps' [C_in, C_out, s/2] slices -> [C_out, s/2, C_in, 2] -> Conv weight [C_out*s/2, C_in, 2].
        early = np.stack([w[:, :, stride + half:], w[:, :, half:stride]], axis=-1)  # taps for inputs m-1, m
        late = np.stack([w[:, :, stride:stride + half], w[:, :, :half]], axis=-1)  # taps for inputs m, m+1
        shape = f'{prefix}/polyphase_shape'
        graph.initializer.extend([
            onnx.numpy_helper.from_array(np.array([0, c_out, half, -1], np.int64), shape),
            onnx.numpy_helper.from_array(np.array([0, c_out, -1], np.int64), f'{prefix}/polyphase_out_shape'),
        ])
        halves = []
        for part, taps, pad in (('early', early, [1, 0]), ('late', late, [0, 1])):
            graph.initializer.extend([
                onnx.numpy_helper.from_array(np.ascontiguousarray(taps.transpose(1, 2, 0, 3).reshape(c_out * half, c_in, 2)),
                                             f'{prefix}/{part}_weight'),
                onnx.numpy_helper.from_array(np.repeat(b, half).astype(np.float32), f'{prefix}/{part}_bias'),
            ])
            rewritten += [
                onnx.helper.make_node('Conv', [node.input[0], f'{prefix}/{part}_weight', f'{prefix}/{part}_bias'],
                                      [f'{prefix}/{part}_phases'], name=f'{prefix}/{part.capitalize()}PhasesConv',
                                      kernel_shape=[2], pads=pad),
                onnx.helper.make_node('Reshape', [f'{prefix}/{part}_phases', shape], [f'{prefix}/{part}_phases_split'],
                                      name=f'{prefix}/{part.capitalize()}PhasesSplit'),
            ]
            halves.append(f'{prefix}/{part}_phases_split')
        rewritten += [
            onnx.helper.make_node('Concat', halves, [f'{prefix}/phases'], name=f'{prefix}/Phases', axis=2),
            onnx.helper.make_node('Transpose', [f'{prefix}/phases'], [f'{prefix}/phases_interleaved'],
                                  name=f'{prefix}/InterleavePhases', perm=[0, 1, 3, 2]),
            onnx.helper.make_node('Reshape', [f'{prefix}/phases_interleaved', f'{prefix}/polyphase_out_shape'],
                                  [f'{prefix}/upsampled'], name=f'{prefix}/Upsampled'),
        ]
        renamed[node.output[0]] = f'{prefix}/upsampled'  # the old name says ConvTranspose
    for n in rewritten:
        n.input[:] = [renamed.get(name, name) for name in n.input]
    for info in graph.value_info:
        info.name = renamed.get(info.name, info.name)
    used = {name for n in rewritten for name in n.input}
    kept = [t for t in graph.initializer if t.name in used]
    del graph.node[:]
    graph.node.extend(rewritten)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    return model


def as_image_convolutions(model):
    """Runs every 1-D Conv as a 2-D one of height 1, the form onnxruntime's CPU graph optimiser puts in its blocked
    channel layout (NCHWc: ReorderInput/ReorderOutput around runs of convolutions), where the fp32 convolutions of the
    16- and 8-channel stages run about a fifth faster. The graph's inputs and outputs keep their shapes: the mel gets a
    height axis on the way in (Unsqueeze) and the audio loses it on the way out (Squeeze).
    """
    graph = model.graph
    tensors = {t.name: t for t in graph.initializer}
    producer = {name: n for n in graph.node for name in n.output}

    def add_height(name, value):
        tensors[name].CopyFrom(onnx.numpy_helper.from_array(value, name))

    for node in graph.node:
        if node.op_type == 'Conv':
            weight = node.input[1]
            if weight not in tensors:  # a quantised weight: int8 initializer -> DequantizeLinear (axis 0) -> Conv
                dequantize = producer[weight]
                if dequantize.op_type != 'DequantizeLinear':
                    raise ValueError(f'{node.name}: weight from {dequantize.op_type}')
                weight = dequantize.input[0]
            add_height(weight, onnx.numpy_helper.to_array(tensors[weight])[:, :, None, :])
            for attr in node.attribute:
                value = onnx.helper.get_attribute_value(attr)
                if attr.name in ('kernel_shape', 'dilations', 'strides'):
                    attr.CopyFrom(onnx.helper.make_attribute(attr.name, [1, *value]))
                elif attr.name == 'pads':
                    attr.CopyFrom(onnx.helper.make_attribute('pads', [0, value[0], 0, value[1]]))
        elif node.op_type == 'Reshape':  # polyphase_upsamplers' [N, C, -1] output shape gets its height back
            shape = onnx.numpy_helper.to_array(tensors[node.input[1]])
            if len(shape) == 3:
                add_height(node.input[1], np.array([shape[0], shape[1], 1, shape[2]], np.int64))
        elif node.op_type not in ('LeakyRelu', 'Add', 'Div', 'Tanh', 'Constant', 'Concat', 'Transpose',
                                  'QuantizeLinear', 'DequantizeLinear'):
            raise ValueError(f'{node.name}: {node.op_type} is not known to work on the 2-D layout')
    (signal_in,), (signal_out,) = graph.input, graph.output
    for node in graph.node:
        node.input[:] = [f'{signal_in.name}_image' if name == signal_in.name else name for name in node.input]
        node.output[:] = [f'{signal_out.name}_image' if name == signal_out.name else name for name in node.output]
    graph.initializer.append(onnx.numpy_helper.from_array(np.array([2], np.int64), 'height_axis'))
    nodes = [onnx.helper.make_node('Unsqueeze', [signal_in.name, 'height_axis'], [f'{signal_in.name}_image'], name='/AsImage'),
             *graph.node,
             onnx.helper.make_node('Squeeze', [f'{signal_out.name}_image', 'height_axis'], [signal_out.name], name='/AsSignal')]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.value_info[:]  # 3-D shapes of the intermediate tensors; onnxruntime infers the new ones
    return model


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
    onnx.save(as_image_convolutions(polyphase_upsamplers(onnx.load(args.out))), args.out)
    ops = collections.Counter(n.op_type for n in onnx.load(args.out).graph.node)
    with open(args.out, 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    print(f'{args.out}: {len(convs)} Conv layers quantised, ops {dict(ops)}, '
          f'{os.path.getsize(args.out)} bytes, sha256 {digest}')


if __name__ == '__main__':
    main()
