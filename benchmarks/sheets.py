"""Fact sheets on built stories with known disagreements (issue 24), from AllSides articles.

Each of ``--stories`` AllSides articles (150-1,200 words, seed ``--seed``) becomes a story of its
own day: the original (a wire), an exact copy with page furniture, and a harmless spin (the spin
benchmark's generator 1: synonyms, restructured sentences, furniture). In every other story a
fourth article is the harmless spin with one injected fact change of a kind a fact sheet
models: a figure (``number``), a misspelt name (``entity``) or a reworded quotation (``quote``),
with the injected words known. In every third story (``--independent``) one more article is
*independent-style*: another harmless spin of the original with a third of its paragraphs
left out (the lead kept) and a claim of its own added (the spin benchmark's ``added``
injector), so it restates the facts in other words and adds facts no other article states;
it must raise no disputed slot. The articles go through ``unspin run`` (ingest, cluster,
provenance with compare) in a fresh store, and each story's sheet is ``corpus.facts``.

Scored:
- **disputed slots found**: recall over the injected stories (a disputed slot with a mention in
  the injected article that overlaps the injected words), precision over every disputed slot
  of every story (true when it is such a slot);
- **attribution**: of the injected changes found, the share whose slot names exactly the
  injected article as differing from the majority;
- **clean stories** (no injection) with any disputed slot;
- **origin counts**: slots whose values name exactly one independent origin (every article of
  a story comes from its original).

``--dump`` writes every disputed slot (``true``: an injected one or not) and every missed
injection with the slots that hold the injected words. Injections of a kind the sheet cannot see (a figure that counts nothing it can name, a name
spaCy does not tag as a person, a quotation with no speaker) count as misses: the recall is
over all injected stories.

    python -m benchmarks.sheets [--stories N] [--seed S] [--json [OUT]] [--dump FILE]

Targets: precision >= 0.90, recall >= 0.80, attribution >= 90%, clean stories disputed <= 5%,
origin counts right >= 95%.
"""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path
from typing import Any

from .common import main_guard, parser, pct, table, write_dump, write_json

NAME = "sheets"
KINDS = ("number", "entity", "quote")


def independent_style(art: dict, title: str, rng: random.Random) -> str | None:
    """Another harmless spin of ``art`` with a third of its paragraphs dropped (not the lead)
    and a claim of its own added; None when no sentence takes the added claim."""
    from .spin_build import harmless_blocks
    from .spin_inject import inject

    blocks, _ = harmless_blocks(art["text"], rng, title)
    kept = [b for i, b in enumerate(blocks) if i == 0 or rng.random() >= 1 / 3]
    pair = inject("added", art, kept, rng)
    return pair.rewrite if pair is not None else None


def build(n: int, seed: int, independent: int = 3) -> tuple[list, dict[str, dict]]:
    """Documents, and per story (the original's id) what was injected where."""
    from unspin.records import Document

    from .spin_build import assemble, harmless_blocks, load_articles
    from .spin_inject import inject

    docs, truth = [], {}
    for k, art in enumerate(load_articles(n, seed)):
        rng = random.Random(f"{seed}:{k}")
        day = f"2020-{1 + k // 28 % 12:02d}-{1 + k % 28:02d}"
        base = f"s{k}"
        title = art.get("title") or ""
        blocks, _ = harmless_blocks(art["text"], rng, title)
        spin = assemble(blocks)[0]
        copy = art["text"] + "\n\nShare this:\nFacebook\nTwitter\n\nLeave a Reply"
        docs += [
            Document(art["text"], f"{base}-wire", title, None, f"{day}T08:00:00Z", f"Wire {k}", None, f"{base}-wire"),
            Document(copy, f"{base}-copy", title, None, f"{day}T09:00:00Z", "FarmA", None, f"{base}-copy"),
            Document(spin, f"{base}-spin", title, None, f"{day}T10:00:00Z", "FarmB", None, f"{base}-spin"),
        ]  # fmt: skip
        truth[f"{base}-wire"] = {"injected": None}
        if independent and k % independent == 0:
            text = independent_style(art, title, random.Random(f"{seed}:{k}:indep"))
            if text is not None:
                docs.append(Document(text, f"{base}-indep", title, None, f"{day}T12:00:00Z",
                                     f"Indie {k}", None, f"{base}-indep"))  # fmt: skip
        if k % 2:
            kind = KINDS[(k // 2) % len(KINDS)]
            pair = inject(kind, art, blocks, rng)
            if pair is not None:
                docs.append(Document(pair.rewrite, f"{base}-edit", title, None,
                                     f"{day}T11:00:00Z", "FarmC", None, f"{base}-edit"))  # fmt: skip
                truth[f"{base}-wire"] = {"injected": f"{base}-edit", "kind": kind,
                                         "span": pair.span, "detail": pair.detail}  # fmt: skip
    return docs, truth


def score(docs: list, truth: dict[str, dict]) -> tuple[dict[str, Any], list[dict]]:
    from unspin import corpus
    from unspin.store import Store

    out: dict[str, Any] = {}
    dump = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="unspin-sheets-") as tmp:
        with Store.open(Path(tmp) / "s.db") as store:
            corpus.ingest(store, docs)
            corpus.cluster(store)
            corpus.provenance(store)  # with compare: the sheet reads its changes
            out["built_seconds"] = round(time.perf_counter() - started, 1)
            t = time.perf_counter()
            sheets = {wire: corpus.facts(store, wire) for wire in truth}
            out["sheet_seconds"] = round(time.perf_counter() - t, 1)
    injected = found = attributed = disputed = true_disputed = 0
    clean = clean_disputed = slots = one_origin = 0
    by_kind: dict[str, list[int]] = {}
    for wire, sheet in sheets.items():
        t = truth[wire]
        for slot in sheet.slots:
            slots += 1
            one_origin += len({o for v in slot.values for o in v.origins}) == 1
        hit = None
        for slot in sheet.disputed:
            disputed += 1
            is_true = t["injected"] is not None and any(
                m.article == t["injected"] and m.start < t["span"][1] and t["span"][0] < m.end
                for v in slot.values for m in v.mentions
            )  # fmt: skip
            true_disputed += is_true
            hit = hit or (slot if is_true else None)
            dump.append(dict(story=wire, true=is_true, injected=t, **slot.to_dict()))
        if t["injected"] is None:
            clean += 1
            clean_disputed += bool(sheet.disputed)
            continue
        injected += 1
        if hit is None:  # a miss: the slots holding the injected words, for reading by hand
            near = [slot.to_dict() for slot in sheet.slots if any(
                m.article == t["injected"] and m.start < t["span"][1] and t["span"][0] < m.end
                for v in slot.values for m in v.mentions)]  # fmt: skip
            dump.append(dict(story=wire, true=None, missed=True, injected=t, slots=near))
        found += hit is not None
        attributed += hit is not None and hit.minority == (t["injected"],)
        k = by_kind.setdefault(t["kind"], [0, 0])
        k[0], k[1] = k[0] + (hit is not None), k[1] + 1
    out.update(
        stories=len(sheets), injected=injected, clean=clean,
        recall=found / injected if injected else float("nan"),
        precision=true_disputed / disputed if disputed else float("nan"),
        disputed=disputed, attribution=attributed / found if found else float("nan"),
        clean_disputed=clean_disputed / clean if clean else float("nan"),
        origin_counts=one_origin / slots if slots else float("nan"), slots=slots,
        recall_by_kind={k: v[0] / v[1] for k, v in by_kind.items()},
        seconds=round(time.perf_counter() - started, 1),
    )  # fmt: skip
    return out, dump


def main() -> None:
    p = parser(NAME, __doc__.splitlines()[0])
    p.add_argument("--stories", type=int, default=80)
    p.add_argument("--seed", type=int, default=24)
    p.add_argument("--independent", type=int, default=3,
                   help="an independent-style article in every Nth story (0: none)")  # fmt: skip
    p.add_argument("--dump", metavar="FILE")
    args = p.parse_args()
    docs, truth = build(args.stories, args.seed, args.independent)
    r, dump = score(docs, truth)
    print(
        table(
            ["figure", "value", "target"],
            [
                ("disputed slots found: recall", pct(r["recall"]), ">= 80%"),
                ("disputed slots found: precision", pct(r["precision"]), ">= 90%"),
                ("injected value attributed to the right article", pct(r["attribution"]), ">= 90%"),
                ("clean stories with a disputed slot", pct(r["clean_disputed"]), "<= 5%"),
                ("slots with the right origin count", pct(r["origin_counts"]), ">= 95%"),
            ],  # fmt: skip
            title=f"{r['stories']} stories ({r['injected']} injected, {r['clean']} clean, "
            f"{sum(d.id.endswith('-indep') for d in docs)} with an independent-style article), "
            f"{len(docs)} articles; {r['disputed']} disputed slots; recall by kind "
            + ", ".join(f"{k} {pct(v)}" for k, v in r["recall_by_kind"].items())
            + f"; built {r['built_seconds']} s, sheets {r['sheet_seconds']} s",
        )
    )
    if args.dump:
        write_dump(args.dump, dump)
    if args.json:
        write_json(args.json, NAME, args, r)


if __name__ == "__main__":
    main_guard(NAME, main)
