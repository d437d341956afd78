"""Make synthetic (evidence, rewrite, unsupported spans) examples from AllSides news sentences.

Evidence is one or two consecutive source sentences; the rewrite is a version of one of them with
either harmless edits only (every word supported) or one or two harmful edits whose new words are
marked unsupported. The edits live in ``edits.py``. Output is deterministic for a seed::

    .venv/bin/python train/make_data.py --out /tmp/unspin-verifier/data.jsonl.gz

The AllSides text is read from ../shared/bench and the output is written outside the repository
(it quotes the articles), so nothing from the benchmark data lands in the repo.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import edits  # noqa: E402
from unspin import clean  # noqa: E402
from unspin.language.nlp import spacy_model  # noqa: E402

ARTICLES = HERE.parent.parent / "shared" / "bench" / "allsides" / "articles.jsonl.gz"


def recipe_hash(args: argparse.Namespace) -> str:
    """A hash of the generator code and its arguments: same hash, same data."""
    h = hashlib.sha256()
    for name in ("make_data.py", "edits.py"):
        h.update((HERE / name).read_bytes())
    keys = ("seed", "articles_used", "per_article", "dev_frac", "harmful_frac")
    h.update(json.dumps({k: getattr(args, k) for k in keys}, sort_keys=True).encode())
    return h.hexdigest()[:16]


def good(sentence: str) -> bool:
    n = len(sentence.split())
    if not 8 <= n <= 45 or clean.boilerplate_rule(sentence) or "http" in sentence or "@" in sentence:
        return False
    letters = sum(ch.isalpha() for ch in sentence)
    return letters > 0.7 * len(sentence) and sentence[-1] in '.!?"' and sentence[:1].isupper()


def pick(articles: list[dict], args, rng: random.Random) -> list[tuple]:
    """(article index, target sentence, other sentence or None, other comes first) jobs."""
    jobs = []
    for a, art in enumerate(articles):
        text = art.get("text") or ""
        sents = [text[s:e] for s, e in clean.split(text[:8000])][:40]
        ok = [i for i, s in enumerate(sents) if good(s)]
        rng.shuffle(ok)
        for i in ok[: args.per_article]:
            r = rng.random()
            if r < 0.35 or len(sents) == 1:
                jobs.append((a, sents[i], None, False))
            elif r < 0.8 and i + 1 < len(sents):
                jobs.append((a, sents[i], sents[i + 1], False))
            elif i > 0:
                jobs.append((a, sents[i], sents[i - 1], True))
            else:
                jobs.append((a, sents[i], None, False))
    return jobs


def apply(table: dict, weights: dict, n: int, d, ctx) -> list[str]:
    names = list(table)
    done: list[str] = []
    tries = 0
    while len(done) < n and tries < 12:
        tries += 1
        name = ctx.rng.choices(names, [weights[x] for x in names])[0]
        if table[name](d, ctx):
            done.append(name)
    return done


def build(job, doc, pools, glob, rng, harmful_frac) -> dict | None:
    a, target, other_text, first = job
    evidence = target if other_text is None else (f"{other_text} {target}" if first else f"{target} {other_text}")
    ctx = edits.Ctx(evidence, other_text, pools["verbs"], pools["ents"], glob["adjs"], glob["pps"], rng)
    d = edits.Draft(doc)
    harmful = rng.random() < harmful_frac
    done: list[str] = []
    if harmful:
        done = apply(edits.HARMFUL, edits.HARMFUL_WEIGHTS, 1 if rng.random() < 0.7 else 2, d, ctx)
        if not done:
            return None  # no harmful edit fits this sentence; skip it rather than bias the classes
        if rng.random() < 0.5:
            done += apply(edits.HARMLESS, edits.HARMLESS_WEIGHTS, 1, d, ctx)
    else:
        k = rng.choices([0, 1, 2, 3], [15, 35, 35, 15])[0]
        done = apply(edits.HARMLESS, edits.HARMLESS_WEIGHTS, k, d, ctx)
    rewrite, spans = d.render()
    if harmful and not spans:
        return None
    return {"evidence": evidence, "rewrite": rewrite, "spans": spans, "edits": done, "harmful": harmful}


def article_pools(docs: list) -> dict:
    verbs, ents = [], defaultdict(list)
    for doc in docs:
        verbs += [(t.text, t.lemma_, t.tag_) for t in doc if t.pos_ == "VERB" and t.is_alpha]
        for e in doc.ents:
            if e.text not in ents[e.label_] and not e.text.endswith(("'s", "’s")) and "\n" not in e.text:
                ents[e.label_].append(e.text)
    return {"verbs": verbs, "ents": ents}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--articles", default=str(ARTICLES))
    p.add_argument("--out", default="/tmp/unspin-verifier/data.jsonl.gz")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--articles-used", type=int, default=7500)
    p.add_argument("--per-article", type=int, default=6)
    p.add_argument("--dev-frac", type=float, default=0.05)
    p.add_argument("--harmful-frac", type=float, default=0.5)
    p.add_argument("--processes", type=int, default=2, help="spaCy worker processes (1 thread each)")
    args = p.parse_args(argv)
    t0 = time.time()
    rng = random.Random(args.seed)
    with gzip.open(args.articles, "rt", encoding="utf-8") as fh:
        articles = [json.loads(line) for line in fh]
    articles.sort(key=lambda x: str(x.get("ID")))
    rng.shuffle(articles)
    articles = articles[: args.articles_used]
    jobs = pick(articles, args, rng)
    print(f"{len(jobs)} sentences picked from {len(articles)} articles in {time.time() - t0:.0f}s", flush=True)
    nlp = spacy_model()
    targets = list(nlp.pipe([j[1] for j in jobs], batch_size=200, n_process=args.processes))
    print(f"parsed {len(targets)} sentences in {time.time() - t0:.0f}s", flush=True)
    by_article = defaultdict(list)
    for k, j in enumerate(jobs):
        by_article[j[0]].append(k)
    glob: dict[str, list[str]] = {"adjs": [], "pps": []}
    out, stats = [], Counter()
    for a in sorted(by_article):
        ks = by_article[a]
        pools = article_pools([targets[k] for k in ks])
        dev = int(hashlib.sha256(str(articles[a].get("ID")).encode()).hexdigest(), 16) % 1000 < args.dev_frac * 1000
        for k in ks:
            ex = build(jobs[k], targets[k], pools, glob, rng, args.harmful_frac)
            if ex is None:
                stats["skipped"] += 1
                continue
            ex.update(id=len(out), article=str(articles[a].get("ID")), split="dev" if dev else "train")
            out.append(ex)
            stats["harmful" if ex["harmful"] else "harmless"] += 1
            stats.update(f"edit:{e}" for e in ex["edits"])
        for k in ks:  # this article's words become "other article" material for the next ones
            doc = targets[k]
            glob["adjs"] += [t.lower_ for t in doc if t.dep_ == "amod" and t.is_alpha and t.text.islower()]
            glob["pps"] += [doc[s:e].text for s, e in edits.pp_of(doc)]
        glob["adjs"], glob["pps"] = glob["adjs"][-3000:], glob["pps"][-3000:]
    path = Path(args.out)
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for ex in out:
            fh.write(json.dumps(ex, ensure_ascii=False) + "\n")
    meta = {"recipe": recipe_hash(args), "examples": len(out), "seconds": round(time.time() - t0),
            "stats": dict(sorted(stats.items())), "dev": sum(e["split"] == "dev" for e in out)}  # fmt: skip
    path.with_suffix(".meta.json").write_text(json.dumps(meta, indent=1))
    print(json.dumps(meta, indent=1))


if __name__ == "__main__":
    main()
