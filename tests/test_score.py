"""The claim verifier and what it adds to ``compare``: consistency, confidence, report mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import unspin
from unspin import score, verify
from unspin.cli import main
from unspin.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "port-strike"
CLAIM = "The union representing 3,100 dock workers agreed on Tuesday to postpone the walkout."


def test_weights_ship_inside_the_package_small_and_documented() -> None:
    size = verify.ONNX.stat().st_size
    assert size < 30 * 1024 * 1024, f"verifier weights are {size} bytes, over 30 MB"
    cfg = verify.config()
    for key in ("recipe", "data", "test", "test_vitaminc_only", "threshold", "temperature"):
        assert key in cfg, f"verifier.json lacks {key!r}"
    assert len(cfg["data"]["vitaminc"]) == 16
    assert 0 < cfg["threshold"] < 1


def test_verdicts_are_probabilities_and_read_the_evidence() -> None:
    same, unrelated, changed = verify.judge([
        (CLAIM, CLAIM),
        (CLAIM, "Police arrested 12 protesters outside a stadium in Leeds on Sunday night."),
        (CLAIM.replace("postpone", "cancel").replace("3,100", "5,800"), CLAIM),
    ])  # fmt: skip
    for v in (same, unrelated, changed):
        assert abs(v.supported + v.refuted + v.unknown - 1) < 1e-3
    assert same.supported > 0.5
    assert unrelated.supported < same.supported
    assert changed.supported < same.supported


def test_a_text_against_itself_is_consistent_and_unflagged() -> None:
    text = (SAMPLES / "source.txt").read_text("utf-8")
    result = unspin.compare(text, text)
    assert not result.flagged
    assert result.consistency is not None and result.consistency >= 1 - score.threshold()
    assert len(result.support) == sum(1 for s in result.rewrite_sentences if not s.is_boilerplate)


def test_the_json_contract_carries_the_scores() -> None:
    out = unspin.compare(CLAIM, CLAIM.replace("Tuesday", "Wednesday")).to_dict()
    assert 0 <= out["consistency"] <= 1 and out["mode"] in ("rewrite", "report")
    assert out["changes"] and all(0 <= c["confidence"] <= 1 for c in out["changes"])
    assert {"sentence", "evidence", "supported", "refuted", "unknown"} <= set(out["support"][0])


def test_severity_follows_confidence() -> None:
    t = score.threshold()
    assert score.severity("number", 1.0) == "high"
    assert score.severity("number", t) == "medium"
    assert score.severity("number", t - 0.01) == "low"
    assert score.severity("omitted", 1.0) == "low"


def test_min_confidence_keeps_only_sure_changes() -> None:
    result = unspin.compare((SAMPLES / "source.txt").read_text("utf-8"),
                            (SAMPLES / "farm-spin.html").read_text("utf-8"))  # fmt: skip
    cut = sorted(c.confidence for c in result.changes)[len(result.changes) // 2]
    kept = score.at_least(result, cut)
    assert 0 < len(kept.changes) < len(result.changes)
    assert all(c.confidence >= cut for c in kept.changes)
    with pytest.raises(InputError):
        score.at_least(result, 1.5)


def test_an_unknown_mode_is_an_input_error() -> None:
    with pytest.raises(InputError, match="mode must be one of"):
        unspin.compare("A.", "B.", mode="summary")


def test_read_as_a_report_claims_without_counterpart_are_listed_apart() -> None:
    source, other = SAMPLES / "source.txt", SAMPLES / "other-outlet.json"
    as_rewrite = CliRunner().invoke(main, ["compare", str(source), str(other), "--as", "rewrite",
                                           "--format", "json"])  # fmt: skip
    as_report = CliRunner().invoke(main, ["compare", str(source), str(other), "--as", "report",
                                          "--format", "json"])  # fmt: skip
    rw, rp = json.loads(as_rewrite.output), json.loads(as_report.output)
    assert rw["mode"] == "rewrite" and rp["mode"] == "report"
    unshared = [c for c in rp["changes"] if c["unshared"]]
    assert unshared and all(c["severity"] == "low" and c["kind"] == "added" for c in unshared)
    assert not any(c["unshared"] for c in rw["changes"])
    text = CliRunner().invoke(main, ["compare", str(source), str(other), "--as", "report"]).output
    assert "Not in the other report" in text
    assert "read as a report" in text.splitlines()[0]


def test_cli_min_confidence_filters_and_checks_its_range() -> None:
    args = [
        "compare",
        str(SAMPLES / "source.txt"),
        str(SAMPLES / "farm-spin.html"),
        "--format",
        "json",
    ]
    full = json.loads(CliRunner().invoke(main, args).output)
    some = json.loads(CliRunner().invoke(main, [*args, "--min-confidence", "0.7"]).output)
    assert len(some["changes"]) < len(full["changes"])
    assert all(c["confidence"] >= 0.7 for c in some["changes"])
    bad = CliRunner().invoke(main, [*args, "--min-confidence", "2"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_the_shipped_model_matches_the_training_recipe() -> None:
    """Retrain only when the recipe changes: a changed train_nli.py or argument changes the
    hash, and this fails until the model is retrained (train/README.md)."""
    import argparse
    import sys

    sys.path.insert(0, str(ROOT / "train"))
    import train_nli

    cfg = verify.config()
    assert train_nli.recipe_hash(argparse.Namespace(**cfg["args"])) == cfg["recipe"]
