#!/usr/bin/env python3
"""Reference Piper inference for the conformance test (test/generator/piper/piper-inference-conformance.test.ts).

Runs a Piper voice's ONNX graph exactly as Piper's reference program does: rhasspy/piper
src/python_run/piper/voice.py, PiperVoice.load() and synthesize_ids_to_raw() at commit
73c04d81d5590ecc46e522de3601ce7fb29fc2be (same session options and provider, same feeds: input int64 [1, ids],
input_lengths int64 [1], scales float32 [noise_scale, length_scale, noise_w], sid only for multi-speaker voices).
It stops before voice.py's audio_float_to_int16, which peak-normalises each sentence to 16 bits (the project
normalises loudness in its audio pipeline instead), and writes the graph's float32 output, little-endian, one
<name>.f32 file per case, plus manifest.json (versions, model checksum, sample counts and file checksums).

Usage (see inference/README.md):
  python3 piper_voice_reference.py MODEL.onnx CASES.json OUT_DIR
"""
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import onnxruntime


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def synthesize_ids_to_float(session, config, phoneme_ids, noise_scale, length_scale, noise_w, speaker_id=None):
    """voice.py's synthesize_ids_to_raw up to (not including) audio_float_to_int16."""
    phoneme_ids_array = np.expand_dims(np.array(phoneme_ids, dtype=np.int64), 0)
    phoneme_ids_lengths = np.array([phoneme_ids_array.shape[1]], dtype=np.int64)
    scales = np.array([noise_scale, length_scale, noise_w], dtype=np.float32)
    args = {"input": phoneme_ids_array, "input_lengths": phoneme_ids_lengths, "scales": scales}
    num_speakers = config.get("num_speakers", 1)
    if num_speakers <= 1:
        speaker_id = None
    if num_speakers > 1 and speaker_id is None:
        speaker_id = 0
    if speaker_id is not None:
        args["sid"] = np.array([speaker_id], dtype=np.int64)
    audio = session.run(None, args)[0].squeeze((0, 1))
    return audio.squeeze().astype(np.float32)


def main() -> None:
    model_path, cases_path, out_dir = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    config = json.loads(Path(f"{model_path}.json").read_text(encoding="utf-8"))
    cases = json.loads(cases_path.read_text(encoding="utf-8"))["cases"]
    # voice.py: PiperVoice.load(model_path, use_cuda=False)
    session = onnxruntime.InferenceSession(
        str(model_path), sess_options=onnxruntime.SessionOptions(), providers=["CPUExecutionProvider"]
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = []
    for case in cases:
        noise_scale, length_scale, noise_w = case["scales"]
        audio = synthesize_ids_to_float(session, config, case["ids"], noise_scale, length_scale, noise_w)
        path = out_dir / f"{case['name']}.f32"
        path.write_bytes(audio.astype("<f4").tobytes())
        outputs.append({
            "name": case["name"],
            "file": path.name,
            "samples": int(audio.shape[0]),
            "peak": float(np.max(np.abs(audio))),
            "sha256": sha256(path),
        })
    manifest = {
        "reference": "rhasspy/piper src/python_run/piper/voice.py @ 73c04d81d5590ecc46e522de3601ce7fb29fc2be",
        "onnxruntime": onnxruntime.__version__,
        "numpy": np.__version__,
        "model": model_path.name,
        "model_sha256": sha256(model_path),
        "cases_sha256": sha256(cases_path),
        "outputs": outputs,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
