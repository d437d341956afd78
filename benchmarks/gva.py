"""Fact sheets and story clustering on real local news: the Gun Violence Archive (issue 24).

``gva/incidents.jsonl.gz``: 1,698 shootings (SemEval-2018 task 5), 777 reported by two or
more outlets (2,999 articles in all), each with gold facts: date, place, number killed and
injured, participants with names. The gold is one record per incident, not what each outlet
said, so a miss can be an early report's real figure; this script counts what a sheet holds.

**Fact sheets.** For each incident with 2+ articles, its articles are one story (the gold
grouping, so clustering errors do not count here), every article its own independent origin
(distinct outlets), and the sheet is built as ``unspin facts`` builds one
(``facts.analyse_many``, ``mentions.extract``, ``slots.sheet``). Scored:

- killed: of incidents with deaths, the share whose sheet has a ``* killed`` slot holding a value
  that agrees with the gold number (a count of 1 included: "a man was shot and killed");
- injured: the same for ``* injured`` and the gold number injured; beside it, not instead,
  ``injured_or_shot`` also counts a ``* shot`` slot holding it where the gold has no deaths
  (GVA counts everyone shot who survived as injured; most sheets say "a man was shot");
- victims: of gold victims with a name, the share whose surname is a person slot of the sheet;
  beside it, the same over the victims whose surname some article's text has (the gold names
  victims no article names);
- disputed slots per incident, and ``--dump FILE`` writes every disputed slot (values and the
  words in each article) for reading by hand.

**Clustering.** ``--cluster`` also ingests the articles of all 1,698 incidents (those reported
once included) together into a fresh store, clusters them, and scores the stories against the
incidents with B-cubed; ``--cluster-only`` does only that.

    python -m benchmarks.gva [--limit N] [--cluster | --cluster-only] [--json [OUT]] [--dump FILE]

Targets: killed and injured >= 0.90, victims >= 0.85.
"""

from __future__ import annotations

import time
from typing import Any

from .common import iter_jsonl_gz, main_guard, parser, pct, subset, table, write_dump, write_json

NAME = "gva"
DATA = "gva/incidents.jsonl.gz"
TARGETS = {"killed": 0.90, "injured": 0.90, "victims": 0.85}


def incidents(limit: int | None) -> list[dict]:
    rows = [r for r in iter_jsonl_gz(DATA) if len(r["documents"]) >= 2]
    return subset(rows, limit)


def _documents(incident: dict) -> list:
    from unspin.records import Document

    return [
        Document(text=d["text"], name=d["doc_id"], title=d.get("title"), url=d.get("url"),
                 published=d.get("dct"), outlet=d.get("outlet"), id=d["doc_id"])
        for d in sorted(incident["documents"], key=lambda d: (d.get("dct") or "", d["doc_id"]))
    ]  # fmt: skip


def sheet_of(incident: dict):
    from unspin import facts, mentions, slots
    from unspin.records import SheetArticle

    docs = _documents(incident)
    articles = [SheetArticle(d.id, d.outlet, d.published, d.id) for d in docs]
    found = {d.id: mentions.extract(a) for d, a in zip(docs, facts.analyse_many(docs), strict=True)}
    return slots.sheet(incident["incident_id"], articles, found)


def holds(sheet, event: str, gold: int) -> bool:
    """Some value of a ``* killed`` (or injured) slot agrees with the gold number."""
    from unspin.language.numbers import Quantity, parse

    want = Quantity(0, 0, str(gold), float(gold), float(gold), float(gold), "", None, half=0.0)
    for slot in sheet.slots:
        if slot.kind == "quantity" and slot.slot.endswith(" " + event):
            for v in slot.values:
                stated = parse(v.value)
                if stated and stated[0].comparable(want) and stated[0].agrees(want):
                    return True
    return False


def victims(sheet, incident: dict) -> tuple[int, int, int, int]:
    """(found, named victims, found of those in the text, named victims whose surname some
    article's text has: the gold names some victims no article names)."""
    import re

    from unspin.language.namekeys import name_key

    people = {s.slot.removeprefix("person ") for s in sheet.slots if s.kind == "person"}
    named = [p for p in incident["participants"] if p.get("Type") == "Victim" and p.get("Name")]
    texts = " ".join(d["text"] for d in incident["documents"])
    found = in_text = found_in_text = 0
    for p in named:
        key = name_key(p["Name"])
        hit = bool(key) and key[-1] in people
        seen = bool(key) and re.search(rf"\b{re.escape(key[-1])}\b", texts, re.I) is not None
        found, in_text, found_in_text = found + hit, in_text + seen, found_in_text + (hit and seen)
    return found, len(named), found_in_text, in_text


def score(rows: list[dict]) -> tuple[dict[str, Any], list[dict]]:
    killed = injured = shot = with_deaths = with_injuries = 0
    v_found = v_all = vt_found = vt_all = disputed = 0
    dump = []
    started = time.perf_counter()
    for incident in rows:
        sheet = sheet_of(incident)
        if incident["num_killed"]:
            with_deaths += 1
            killed += holds(sheet, "killed", incident["num_killed"])
        if incident["num_injured"]:
            with_injuries += 1
            hit = holds(sheet, "injured", incident["num_injured"])
            injured += hit
            shot += hit or (
                not incident["num_killed"] and holds(sheet, "shot", incident["num_injured"])
            )
        f, n, ft, nt = victims(sheet, incident)
        v_found, v_all, vt_found, vt_all = v_found + f, v_all + n, vt_found + ft, vt_all + nt
        disputed += len(sheet.disputed)
        for slot in sheet.disputed:
            dump.append(dict(incident=incident["incident_id"], gold_killed=incident["num_killed"],
                             gold_injured=incident["num_injured"], **slot.to_dict()))  # fmt: skip
    seconds = time.perf_counter() - started
    out = {
        "incidents": len(rows),
        "articles": sum(len(r["documents"]) for r in rows),
        "killed": killed / with_deaths if with_deaths else float("nan"),
        "incidents_with_deaths": with_deaths,
        "injured": injured / with_injuries if with_injuries else float("nan"),
        "incidents_with_injuries": with_injuries,
        "injured_or_shot": shot / with_injuries if with_injuries else float("nan"),
        "victims": v_found / v_all if v_all else float("nan"),
        "named_victims": v_all,
        "victims_in_text": vt_found / vt_all if vt_all else float("nan"),
        "named_victims_in_text": vt_all,
        "disputed_slots": disputed,
        "disputed_per_incident": disputed / len(rows) if rows else float("nan"),
        "seconds": round(seconds, 1),
    }
    return out, dump


def cluster_score(rows: list[dict]) -> dict[str, Any]:
    from .stories import bcubed_dict, run_corpus, stories_to_map

    docs = [d for r in rows for d in _documents(r)]
    gold = {d["doc_id"]: r["incident_id"] for r in rows for d in r["documents"]}
    stories, run = run_corpus(docs)
    pred = stories_to_map(stories)
    return {
        "bcubed": bcubed_dict(pred, gold),
        "one story per article": bcubed_dict({d: d for d in gold}, gold),
        "incidents": len(rows),
        "articles": len(docs),
        "seconds": run["seconds"],
    }


def clustering_table(c: dict) -> str:
    return table(["clustering", "precision", "recall", "F1"],
                 [(k, *(f"{c[k][m]:.3f}" for m in ("precision", "recall", "f1")))
                  for k in ("bcubed", "one story per article")],
                 title=f"{c['incidents']} incidents, {c['articles']} articles, {c['seconds']} s")  # fmt: skip


def main() -> None:
    p = parser(NAME, __doc__.splitlines()[0], "score N incidents spread evenly over the 777")
    p.add_argument("--cluster", action="store_true", help="also cluster all the articles")
    p.add_argument("--cluster-only", action="store_true", help="only cluster all the articles")
    p.add_argument("--dump", metavar="FILE", help="write every disputed slot as JSON lines")
    args = p.parse_args()
    if args.cluster_only:
        c = cluster_score(list(iter_jsonl_gz(DATA)))
        print(clustering_table(c))
        if args.json:
            write_json(args.json, NAME + "_cluster", args, c)
        return
    rows = incidents(args.limit)
    results, dump = score(rows)
    if args.cluster:
        results["clustering"] = cluster_score(list(iter_jsonl_gz(DATA)))
    print(
        table(
            ["figure", "value", "of", "target"],
            [
                (
                    "killed: a slot holds the gold number",
                    pct(results["killed"]),
                    results["incidents_with_deaths"],
                    ">= 90%",
                ),
                (
                    "injured: a slot holds the gold number",
                    pct(results["injured"]),
                    results["incidents_with_injuries"],
                    ">= 90%",
                ),
                (
                    "injured, or shot where the gold has no deaths (not the target)",
                    pct(results["injured_or_shot"]),
                    results["incidents_with_injuries"],
                    "",
                ),
                (
                    "victims named: a person slot",
                    pct(results["victims"]),
                    results["named_victims"],
                    ">= 85%",
                ),
                (
                    "victims named in some article's text: a person slot (not the target)",
                    pct(results["victims_in_text"]),
                    results["named_victims_in_text"],
                    "",
                ),
                (
                    "disputed slots per incident",
                    f"{results['disputed_per_incident']:.2f}",
                    results["incidents"],
                    "",
                ),
            ],  # fmt: skip
            title=f"GVA, {results['incidents']} incidents with 2+ articles "
            f"({results['articles']} articles, {results['seconds']} s)",
        )
    )
    if args.cluster:
        print(clustering_table(results["clustering"]))
    if args.dump:
        write_dump(args.dump, dump)
    if args.json:
        write_json(args.json, NAME, args, results)


if __name__ == "__main__":
    main_guard(NAME, main)
