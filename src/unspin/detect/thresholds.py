"""The detectors' cut-offs, in one record.

Every similarity, share and count a detector compares against lives here, so that a reader sees
them side by side and a benchmark can vary one without editing a module. Sentence similarity is
the alignment's blended score (``align.similarity``, 0..1); word similarity is the cosine of two
MiniLM context vectors. None of them was set on an evaluation set item by item: each was chosen
on the development sets as a whole and is applied unchanged everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # evidence (detect.build_pairs)
    weak: float = 0.35  # sentence similarity at which an unaligned sentence still borrows evidence
    context: int = 4  # nearest source sentences searched for a word's counterpart
    # figures and dates
    matched: float = 0.5  # similarity of a match close enough to outweigh a figure elsewhere
    elsewhere_margin: float = 0.1  # how much less like the sentence another source sentence may be
    # names and pronouns
    name_close: float = 0.6  # similarity above which a name swap between matched sentences counts
    gender_score: float = 0.6  # similarity at which a pronoun of the other gender counts
    foreign_gender: int = (
        3  # pronouns of one gender only in the source, for the other to be foreign
    )
    referred: float = 0.5  # similarity at which a pronoun's matched source subject is trusted
    # quotations
    quote_match: float = 0.45  # wording, speaker and occasion score of the same quotation
    quote_wording: float = 0.4  # word overlap below which two quotations are not the same one
    reported: float = 0.8  # share of a quotation's content words one source sentence must have
    # roles
    action_score: float = 0.6  # similarity at which a changed verb between the same parties counts
    # words
    synonym: float = 0.62  # context-vector cosine at which a new word counts as a paraphrase
    paraphrase: float = 0.6  # similarity of a close paraphrase (short runs of new words are minor)
    flip_score: float = 0.4  # similarity needed before an opposite or sibling word counts
    negation_score: float = 0.45  # similarity at which a negation on one side only counts
    new_negation: float = 0.5  # similarity at which a negated new verb counts as a negation
    tone_score: float = 0.5  # similarity at which a word of the opposite tone counts as a flip
    hedge_score: float = 0.55  # similarity at which a hedge the rewrite drops counts
    run: int = 3  # unsupported content words in a row that make an added claim
    # whole sentences
    supported: float = 0.75  # share of an unmatched sentence's words in the source: a summary


T = Thresholds()
