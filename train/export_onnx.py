"""Export the trained verifier to an int8 ONNX model, the file unspin ships and runs.

Reads the float16 training output (``train/model/verifier.safetensors`` plus the installed
MiniLM's word embeddings), exports the whole network to ONNX, quantises its weights to int8
(onnxruntime's dynamic quantisation) and writes ``src/unspin/data/verifier/verifier.onnx``.
Then it scores the VitaminC test slice with both the float model and the int8 one, and records
both accuracies in ``verifier.json``, so the cost of quantising is on record::

    .venv/bin/pip install -e ".[train]"   # export only; unspin itself needs onnxruntime alone
    .venv/bin/python train/export_onnx.py
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import nli_model  # noqa: E402
import train_nli  # noqa: E402

from unspin import verify  # noqa: E402

TRAINED = HERE / "model" / "verifier.safetensors"


def float_model():
    from safetensors.torch import load_file

    tokenizer, base, torch = nli_model.load_base()
    torch.set_num_threads(2)
    model = nli_model.build_model(torch, base)
    state = {k: v.float() for k, v in load_file(str(TRAINED)).items()}
    model.load_state_dict(state, strict=False)
    model.eval()
    return tokenizer, model, torch


def accuracy(predict, rows) -> float:
    got = predict([(r[0], r[1]) for r in rows])
    return round(sum(max(range(3), key=lambda k: p[k]) == r[2] for p, r in zip(got, rows, strict=True)) / len(rows), 4)


def main() -> None:
    import onnx  # noqa: F401 - needed by the quantiser; fails early with a clear message
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tokenizer, model, torch = float_model()
    cfg = json.loads(verify.CONFIG.read_text())
    sample = nli_model.encode(tokenizer, ["A claim."], ["Some evidence for it."], cfg["max_length"])
    out = verify.ONNX
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "verifier-fp32.onnx"
        torch.onnx.export(
            model, (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
            str(raw), input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["logits"], opset_version=17, dynamo=False,
            dynamic_axes={k: {0: "batch", 1: "seq"} for k in ("input_ids", "attention_mask", "token_type_ids")}
            | {"logits": {0: "batch"}},
        )  # fmt: skip
        quantize_dynamic(str(raw), str(out), weight_type=QuantType.QInt8)
    test = train_nli.vitaminc(random.Random(13), 0.0)["test"]

    def float_predict(pairs):
        res = []
        with torch.inference_mode():
            for b in range(0, len(pairs), 64):
                chunk = pairs[b : b + 64]
                batch = nli_model.encode(tokenizer, [p[0] for p in chunk], [p[1] for p in chunk], cfg["max_length"])
                res += torch.softmax(model(**batch), -1).tolist()
        return res

    def int8_predict(pairs):
        return [(v.supported, v.refuted, v.unknown) for v in verify.judge(pairs)]

    cfg["onnx"] = {"file": out.name, "bytes": out.stat().st_size, "quantisation": "dynamic int8 weights",
                   "test_plain_accuracy_float": accuracy(float_predict, test),
                   "test_plain_accuracy_int8": accuracy(int8_predict, test),
                   "test_plain_items": len(test)}  # fmt: skip
    verify.CONFIG.write_text(json.dumps(cfg, indent=1) + "\n")
    print(json.dumps(cfg["onnx"], indent=1))


if __name__ == "__main__":
    main()
