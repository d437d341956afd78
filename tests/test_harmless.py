"""compare on harmless rewrites: each case is a false alarm the spin benchmark once raised, cut
down to a few sentences, next to a real change of the same kind that must still be flagged.

These tests load the real models (spaCy, MiniLM, WordNet) once per session.
"""

import pytest

import unspin


def _flagged(source: str, rewrite: str) -> list:
    return [c for c in unspin.compare(source, rewrite).changes if c.flagged]


def _kind(kind: str | tuple[str, ...], source: str, rewrite: str) -> list:
    """The flagged changes of one kind (or of any of several)."""
    kinds = (kind,) if isinstance(kind, str) else kind
    return [c for c in _flagged(source, rewrite) if c.kind in kinds]


LEAD = "The port of Hull was quiet on Tuesday as the strike entered its second week. "
TAIL = " The harbour master said 43 ships were waiting outside the port."


@pytest.mark.parametrize(
    ("source", "harmless", "changed", "kind"),
    [
        (  # a synonym of one word next to an opposite of another: "small and big" respun
            "Both small and big firms lost money during the stoppage.",
            "Both modest and large firms lost money during the stoppage.",
            "Both small and small firms lost money during the stoppage.",
            None,
        ),
        (  # the two-hop opposite still counts where the words are not also similar
            "Only small firms lost money during the stoppage.",
            "Only little firms lost money during the stoppage.",
            "Only big firms lost money during the stoppage.",
            "reversal",
        ),
        (  # WordNet reaches "late" from "previous" in two hops; the two are similar
            "The previous agreement expired in March after long talks.",
            "The earlier agreement expired in March after long talks.",
            "The future agreement expired in March after long talks.",
            "reversal",
        ),
        (  # the source word is still there: nothing was reversed
            "The list of complaints begins with pay and ends with safety rules.",
            "The list of complaints starts with pay and ends with safety rules.",
            "The list of complaints ends with pay and ends with safety rules.",
            None,
        ),
        (  # one verb with two modals in one sentence
            "The question is not whether we can settle it, but how we will settle it.",
            "The question is not whether we can settle it, but how we will settle it, truly.",
            "The question is not whether we must settle it, but how we must settle it.",
            "modality",
        ),
        (  # curly "n’t" the parser hangs on another word once "said" becomes "stated" (seed 7)
            "When I suggested it, he demurred; he said it wasn’t clear where he stood now.",
            "When I indicated it, he demurred; he stated it wasn’t clear where he stood now.",
            "When I indicated it, he demurred; he stated it was clear where he stood now.",
            "negation",
        ),
    ],
)
def test_paraphrase_is_quiet_and_the_real_change_is_not(source, harmless, changed, kind):
    assert _flagged(LEAD + source + TAIL, LEAD + harmless + TAIL) == []
    if kind:
        assert any(c.kind == kind for c in _flagged(LEAD + source + TAIL, LEAD + changed + TAIL))


def test_a_short_respun_sentence_between_aligned_ones_is_not_an_added_claim():
    source = (
        "Companies cannot invest in their business without private capital. It shows. "
        "Today fewer people than ever are working at the port."
    )
    rewrite = (
        "Companies cannot invest in their business without private capital. It indicates. "
        "Today fewer individuals than ever are working at the port."
    )
    result = unspin.compare(source, rewrite)
    assert [c for c in result.changes if c.flagged] == []
    assert any(g.source == (1,) and g.rewrite == (1,) for g in result.alignment.groups)


def test_an_inserted_claim_between_aligned_sentences_is_still_added():
    source = (
        "Companies cannot invest in their business without private capital. "
        "Today fewer people than ever are working at the port."
    )
    rewrite = (
        "Companies cannot invest in their business without private capital. "
        "The operator secretly sold 12 cranes to a Dutch firm in 2019. "
        "Today fewer individuals than ever are working at the port."
    )
    assert any(c.kind == "added" for c in _flagged(source, rewrite))


def test_a_demonym_is_not_a_misspelling_of_its_place():
    source = "Americans were told the strike would end soon. Officials in Hull agreed."
    rewrite = "America was told the strike would end soon. Officials in Hull agreed."
    assert not _kind("entity", source, rewrite)
    misspelt = "Amerikans were told the strike would end soon. Officials in Hull agreed."
    assert _kind("entity", source, misspelt)


def test_a_surname_one_letter_short_is_still_a_misspelling():
    source = "Charlotte Davies, 34, was fined for the protest. Davies said she would appeal."
    rewrite = "Charlotte Davie, 34, was fined for the protest. Davie said she would appeal."
    assert _kind("entity", source, rewrite)


def test_a_doer_described_with_a_synonym_is_the_same_doer():
    source = (
        "Soldiers cleared the mines near the bridge on Monday. "
        "The rebels attacked the convoy later that night."
    )
    harmless = (
        "Troops cleared the mines near the bridge on Monday. "
        "The rebels attacked the convoy later that night."
    )
    swapped = (
        "Soldiers cleared the mines near the bridge on Monday. "
        "The convoy attacked the rebels later that night."
    )
    assert not _kind("agent", source, harmless)
    assert _kind("agent", source, swapped)


def test_a_common_noun_doer_elsewhere_in_the_story_is_not_a_new_party():
    """BUMP's reference summaries: "Experts warned" for "Doctors warned" where experts speak
    elsewhere in the article. A named party of the story taking the action is still flagged."""
    tail = " warned on Monday that the virus was spreading quickly in the north. {} said the new vaccine was safe for children."
    assert not _kind(
        "agent", "Doctors" + tail.format("Experts"), "Experts" + tail.format("Experts")
    )
    assert _kind("agent", "Smith" + tail.format("Jones"), "Jones" + tail.format("Jones"))


def test_mixed_quotation_marks_pair_up():
    source = (
        '“This ruling is unacceptable," Jemele Hill wrote on Twitter. '
        "“Keep in mind what happened here.”"
    )
    rewrite = (
        '“This ruling is unacceptable," Jemele Hill penned on Twitter. '
        "“Keep in mind what happened here.”"
    )
    assert not _kind("quote", source, rewrite)
    changed = rewrite.replace("unacceptable", "acceptable")
    assert [c for c in _flagged(source, changed) if c.kind in ("quote", "negation", "reversal", "modality")]


def test_a_speaker_the_tagger_missed_in_the_source_is_not_a_new_attribution():
    source = (
        "Bader said she was surprised, “because she was a much cleaner witness” than the others "
        "who spoke with Weinstein."
    )
    rewrite = (
        "Bader noted she was surprised, “because she was a much cleaner witness” than the others "
        "who spoke with Weinstein."
    )
    assert not _kind("quote", source, rewrite)


@pytest.mark.parametrize(
    ("source", "rewrite", "kind"),
    [
        (  # a verb ("controlled", lemma "control") against an adjective with a negative prefix
            "Officials carried out a controlled burn of the chemicals after the derailment.",
            "Officials carried out an uncontrolled burn of the chemicals after the derailment.",
            "reversal",
        ),
        (  # the order of two events
            "The union called the strike after the talks with the port operator collapsed.",
            "The union called the strike before the talks with the port operator collapsed.",
            "reversal",
        ),
        (  # a negation of a verb the source words differently
            "The town of Hull is grappling with the fallout of the strike this week.",
            "The town of Hull is not dealing with the fallout of the strike this week.",
            "negation",
        ),
    ],
)
def test_reversals_the_lexicon_alone_would_miss(source, rewrite, kind):
    assert any(c.kind == kind for c in _flagged(LEAD + source + TAIL, LEAD + rewrite + TAIL))


# --- found on the held-out spin set (seed 7) -----------------------------------------------------


def test_words_between_two_straight_quoted_words_are_no_quotation():
    from unspin.facts import _QUOTE

    text = 'He mouths "whoa" after the line. At the very least, "assassinations" is how it played.'
    found = [m.group(1) for m in _QUOTE.finditer(text)]
    assert found == ["assassinations"]
    source = text + " The crowd said nothing at all about it."
    rewrite = text.replace("very", "really") + " The crowd said nothing at all about it."
    assert not _kind("quote", source, rewrite)


def test_a_contraction_is_no_name():
    from unspin.language.namekeys import name_key

    assert name_key("n’t") == () and name_key("n't") == ()
    assert name_key("Blinken’s") == ("blinken",)


def test_a_split_sentence_keeps_its_negation_in_one_part():
    source = (
        "The memo says that the source of the document wasn’t made clear to the court; that the "
        "dossier was largely unverified; and that Steele made his agenda clear to the FBI."
    )
    rewrite = (
        "The memo says that the source of the document wasn’t made clear to the court. That the "
        "dossier was mostly unverified; and that Steele made his agenda clear to the FBI."
    )
    assert not _kind("negation", source, rewrite)


def test_the_source_speaker_named_beside_the_rewrite_quotation_is_the_same_speaker():
    source = (
        "“She is not hanging her moderates out to dry,” says Matthew Dickinson, a political "
        "scientist at Middlebury College in Vermont.\n\n“Trump doesn’t think in a grand strategic "
        "way,” Mr. Dickinson continues. “He’s winging it. He’s a counter-puncher, and this is an "
        "opportunity to counter punch.”"
    )
    rewrite = (
        "“She is not hanging her moderates out to dry,” notes Matthew Dickinson, a political "
        "scientist at Middlebury College in Vermont.\n\n“He’s winging it. He’s a counter-puncher, "
        "and this is an opportunity to counter punch.”"
    )
    assert not _kind("quote", source, rewrite)


# --- found on the held-out spin set (seed 11) ---------------------------------------------------


def test_the_subject_of_is_is_no_doer():
    source = (
        "Malkin is a big critic of the mainstream media and believes the recent push to get "
        "social networks to crack down on fake news is just a ploy."
    )
    rewrite = (
        "Malkin is a large critic of the mainstream media and thinks the latest push to get "
        "social networks to crack down on fake news is just a ploy."
    )
    assert not _kind("agent", LEAD + source, LEAD + rewrite)


@pytest.mark.parametrize(
    ("kind", "source", "harmless", "changed"),
    [
        (  # "US" is on spaCy's stop list ("us"); a proper noun is never a stop word
            "agent",
            "US troops arrested the protesters near the embassy on Tuesday night.",
            "US forces arrested the protesters near the embassy on Tuesday night.",
            "The protesters arrested US troops near the embassy on Tuesday night.",
        ),
        (  # the source opens with the same pronoun: no one was named there either
            "entity",
            "He told hosts Matt Lauer and Savannah Guthrie that the deal was done on Friday.",
            "He informed hosts Matt Lauer and Savannah Guthrie that the deal was done on Friday.",
            None,
        ),
        (  # a count's noun search stops at a verb: "100" counts no "Palm"
            "number",
            "At least 44 people were killed and more than 100 more were injured in two Palm "
            "Sunday suicide attacks at churches.",
            "At least 44 people were killed and more than 100 more were hurt in two Palm "
            "Sunday suicide attacks at churches.",
            "At least 44 people were killed and about 30 more were hurt in two Palm "
            "Sunday suicide attacks at churches.",
        ),
    ],
)
def test_no_change_of_this_kind_on_the_harmless_side(kind, source, harmless, changed):
    assert not _kind(kind, source, harmless)
    if changed:
        assert _kind(kind, source, changed)


def test_a_named_subject_turned_into_a_pronoun_is_still_flagged():
    named = "Trump told hosts Matt Lauer and Savannah Guthrie that the deal was done on Friday."
    rewrite = "He informed hosts Matt Lauer and Savannah Guthrie that the deal was done on Friday."
    assert _kind("entity", named, rewrite)


def test_an_opposite_elsewhere_in_the_sentence_is_not_the_replaced_word():
    source = "Clinton holds a narrow lead in pledged delegates, but a wide lead in superdelegates."
    harmless = "Clinton holds a slim lead in pledged delegates, but a broad lead in superdelegates."
    changed = "Clinton holds a narrow lead in pledged delegates, but a slim lead in superdelegates."
    assert not _flagged(LEAD + source + TAIL, LEAD + harmless + TAIL)
    assert _kind("reversal", LEAD + source + TAIL, LEAD + changed + TAIL)


def test_a_quotation_trimmed_by_a_whole_sentence_is_an_omission():
    source = (
        "The nurse was reading the guidelines. “It doesn’t say anywhere that it’s for Ebola. I was "
        "surprised that it was only one set of gloves. It seems to be for general cases,” she said."
    )
    trimmed = (
        "The nurse was reading the guidelines. “It doesn’t say anywhere that it’s for Ebola. It "
        "seems to be for general cases,” she said."
    )
    cut = source.replace("only one set", "one set")
    result = unspin.compare(source, trimmed)
    assert not [c for c in result.changes if c.flagged]
    assert [c for c in result.changes if c.kind == "quote" and c.severity == "low"]
    assert _kind("quote", source, cut)


def test_whom_the_words_were_said_to_is_not_the_speaker():
    from unspin import facts
    from unspin.records import Document

    def speaker(text: str):
        quote = facts.analyse(Document(text=text, name="t")).quotes[0]
        return quote.speaker.text if quote.speaker else None

    assert (
        speaker('"We have done a much better job of getting voters out," he told Fox News.') is None
    )
    assert (
        speaker(
            "Romney’s political director, Rich Beeson, was upbeat. "
            '"We have done a much better job of getting voters out to vote this year."'
        )
        == "Rich Beeson"
    )
    assert speaker('"We have done a much better job of it," Beeson told Fox News.') == "Beeson"


def test_another_verb_between_the_same_parties_is_a_low_note_naming_the_old_verb():
    source = LEAD + "Kayahan wrote some of the best-loved pop songs in Turkey." + TAIL
    performed = source.replace("Kayahan wrote", "Kayahan performed")
    notes = [
        c
        for c in unspin.compare(source, performed).changes
        if c.kind == "other" and c.source is not None and c.source.text == "wrote"
    ]
    assert notes and notes[0].severity == "low" and notes[0].rewrite.text == "performed"
    composed = source.replace("Kayahan wrote", "Kayahan composed")  # a kind of writing
    assert not [
        c for c in unspin.compare(source, composed).changes if c.source and c.source.text == "wrote"
    ]


def test_a_negation_in_a_dropped_sentence_is_not_dropped_from_the_kept_one():
    source = (
        "“Obama makes us feel like we are a bunch of Muslims,” the 74-year-old said. “We don’t "
        "bow to kings of other countries. Obama bowed to the king of Saudi Arabia.”"
    )
    rewrite = (
        "“Obama makes us feel like we are a bunch of Muslims,” the 74-year-old stated. Obama "
        "bowed to the king of Saudi Arabia."
    )
    assert not _kind("negation", source, rewrite)
    assert _kind(
        "negation",
        LEAD + "The union does not accept the offer." + TAIL,
        LEAD + "The union accepts the offer." + TAIL,
    )


@pytest.mark.parametrize(
    ("source", "harmless", "changed", "kind"),
    [
        (  # "not only ... but" denies nothing
            "The deal opens routes not only to Asia but also to Australia, the minister said.",
            "The deal opens routes to Asia and to Australia, the minister said.",
            "The deal does not open routes to Asia or to Australia, the minister said.",
            "negation",
        ),
        (  # a negation inside a hyphenated word ("never-before-seen") denies nothing
            "The telescope peered into the cluster to see what lies beyond it.",
            "The telescope peered into the cluster to see never-before-seen details beyond it.",
            "The telescope peered into the cluster but could not see what lies beyond it.",
            "negation",
        ),
        (  # a scraped full stop with no space after it ("Jan. 18.Japan's") still ends a sentence
            "Yields reached their highest level since Jan. 18.Japan's Nikkei index fell 1% on Wednesday.",
            "Yields hit their highest level since Jan. 18. Japan's Nikkei index fell 1% on Wednesday.",
            "Yields hit their highest level since Jan. 19. Japan's Nikkei index fell 1% on Wednesday.",
            "date",
        ),
        (  # reported speech put in quotation marks: a low note, not a made-up quotation
            "The chief executive admitted the company failed to get the balance right on prices.",
            'The chief executive admitted the company "did not get the balance right" on prices.',
            'The chief executive admitted the company "badly misjudged its customers" on prices.',
            "quote",
        ),
        (  # the country a source's city lies in (WordNet part-of): less precise, not wrong
            "Activists in London poured paint on the road outside the Russian embassy on Thursday.",
            "U.K. activists poured paint on the road outside the Russian embassy on Thursday.",
            "Activists in Paris poured paint on the road outside the Russian embassy on Thursday.",
            "entity",
        ),
        (  # "whether or not" and "'Hot or Not' videos" deny nothing
            "Officials will decide next week if the plan goes ahead.",
            "Officials will decide next week whether or not the plan goes ahead.",
            "Officials will not decide next week if the plan goes ahead.",
            "negation",
        ),
        (  # a unit of time swapped, with or without a count; the same span in other units is fine
            "The court ordered him held for another 30 days while police investigate.",
            "The court ordered him held for another month while police investigate.",
            "The court ordered him held for another 30 weeks while police investigate.",
            "number",
        ),
        (
            "The strike lasted a year and the detour added hours to every voyage.",
            "The strike lasted 12 months and the detour added hours to every voyage.",
            "The strike lasted a year and the detour added minutes to every voyage.",
            "number",
        ),
        (  # a vague magnitude is a figure too
            "The new terminal will add billions of dollars to the economy, officials said.",
            "The new terminal will add $2 billion to the economy, officials said.",
            "The new terminal will add millions of dollars to the economy, officials said.",
            "number",
        ),
        (  # a bare count is not saved by the same figure counting something else elsewhere
            "Police killed a gunman who shot seven people. He fired from six feet away.",
            "Police killed a gunman who shot seven. He fired from six feet away.",
            "Police killed a gunman who shot six. He fired from six feet away.",
            "number",
        ),
        (  # a name of several words is not named by its words scattered through the source
            "Flights to India from Tel Aviv took longer by air. Oman has opened its airspace to Israeli carriers such as El Al.",
            "Flights to India from Tel Aviv took longer by air. Oman has opened its airspace to Israeli airlines such as El Al.",
            "Flights to India from Tel Aviv took longer by air. Oman has opened its airspace to Israeli carriers such as Air India.",
            "entity",
        ),
        (  # a precise figure must round to the rounded one
            "The commission has ordered its 32,000 employees to remove the app from work phones.",
            "The commission has ordered its 32,000 staff to remove the app from work phones.",
            "The commission has ordered its 32,500 employees to remove the app from work phones.",
            "number",
        ),
        (  # two floors name two bounds
            "The collapse killed at least two people and left more than 50 missing.",
            "The collapse killed at least two people and left over 50 missing.",
            "The collapse killed at least two people and left over 60 missing.",
            "number",
        ),
        (  # "32 years" is not "35 years" because the unit is the same
            "An Australian pleaded guilty to manslaughter in the death 35 years ago of an American.",
            "An Australian admitted manslaughter in the death 35 years ago of an American.",
            "An Australian pleaded guilty to manslaughter in the death 32 years ago of an American.",
            "number",
        ),
        (  # the same figure of the same thing stated in another sentence
            "Bollaert was sentenced on Friday to 18 years in state prison. The victims wept in court. "
            "He had faced a maximum of 20 years, the judge said.",
            "The victims wept in court. He had faced a maximum of 20 years but got 18 years, the judge said.",
            "The victims wept in court. He had faced a maximum of 20 years but got 19 years, the judge said.",
            "number",
        ),
    ],
    ids=[
        "not only",
        "never-before-seen",
        "glued full stop",
        "reported speech quoted",
        "the country of a city",
        "or not",
        "30 weeks",
        "hours to minutes",
        "billions to millions",
        "bare count",
        "Air India",
        "32,500 for 32,000",
        "a floor raised",
        "same span, same unit",
        "a figure elsewhere",
    ],
)
def test_summary_wordings_and_real_changes(source, harmless, changed, kind):
    """SummEdits false alarms and misses: a harmless wording of a fact stays
    quiet, and a real change of the same kind is flagged."""
    assert _flagged(LEAD + source + TAIL, LEAD + harmless + TAIL) == []
    assert any(c.kind == kind for c in _flagged(LEAD + source + TAIL, LEAD + changed + TAIL))


_LABELS = (
    "The agency has drafted new labelling rules for oat and soy drinks, officials said on Wednesday. "
    "The rules would let makers of oat drinks print a voluntary statement on their labels. "
    "Soy drinks would have to list their protein content on the label. "
    "The agency said the labelling rules follow long talks with drink makers. "
    "Makers of oat and soy drinks have until June to comment on the rules. "
    "Dairy farmers said the labelling rules were too weak. "
    "Shoppers spent more on milk last year. "
    "The guidance, which also covers infant formula and sports gels sold in pharmacies and gyms, "
    "is partly a response to the increased market availability among teenagers in rural counties, "
    "the report found."
)


def test_an_opposite_stated_elsewhere_about_the_same_thing_is_a_flip():
    """The aligned sentence says nothing of availability; the source's last sentence says it
    increased. "decreased" of the same noun is a reversal; "growing" is not (SummEdits)."""
    head = "Officials said on Wednesday that the agency has drafted new labelling rules for oat and soy drinks as a response to their "
    changed = _flagged(_LABELS, head + "decreased market availability.")
    assert [(c.kind, c.rewrite.text, c.source.text) for c in changed] == [
        ("reversal", "decreased", "increased")
    ]
    assert _flagged(_LABELS, head + "growing market availability.") == []


def test_a_word_the_source_says_of_another_thing_can_still_reverse_its_opposite():
    """The matched sentence has "install", but of the calendar; of the parking app it says
    "remove". Said of the same thing as the source, the word is no reversal."""
    source = (
        LEAD + "The council has told its staff to remove the parking app from their phones and "
        "install the new calendar." + TAIL
    )
    installed = (
        LEAD + "The council has told its staff to install the parking app on their phones." + TAIL
    )
    (change,) = _kind("reversal", source, installed)
    assert (change.source.text, change.rewrite.text) == ("remove", "install")
    calendar = (
        LEAD + "The council has told its staff to install the new calendar on their phones." + TAIL
    )
    assert _kind(("reversal", "modality"), source, calendar) == []


def test_a_weekday_the_closest_sentences_give_otherwise_is_a_change():
    """The matched sentence gives no day; the sentence nearly as close says Tuesday, and
    "Thursday" is only in a forecast about other places (BUMP)."""
    source = (
        "Floods and hail descended on Tarrow on Tuesday as storms swept the coast. "
        "Farmers in the hills said they lost sheep. "
        "Flash flooding tore through Tarrow after hours of storms. "
        "Forecasters expect more storms across the north on Thursday."
    )
    (change,) = _kind("date", source, "Tarrow was hit Thursday by flash floods.")
    assert (change.source.text, change.rewrite.text) == ("Tuesday", "Thursday")
    assert _kind("date", source, "Tarrow was hit Tuesday by flash floods.") == []


def test_could_for_can_is_the_same_modal_and_must_is_not():
    source = LEAD + "Few families on the estate could afford the new fees." + TAIL
    assert (
        _flagged(source, LEAD + "Few families on the estate can afford the new fees." + TAIL) == []
    )
    changed = LEAD + "Few families on the estate must afford the new fees." + TAIL
    assert _kind("modality", source, changed)


def test_a_word_inside_a_hyphenated_word_the_source_has_is_supported():
    source = (
        "Xu bought a wife for his son at the start of 2014. "
        "Neighbours said the daughter-in-law rarely left the house."
    )
    assert _flagged(source, "Xu bought a daughter-in-law for his son at the start of 2014.") == []
    assert _kind("reversal", source, "Xu bought a wife for his daughter at the start of 2014.")


MILIBAND = (
    "David Cameron visited a Gurdwara in Leeds in February. "
    "Ed Miliband was accused of offensive behaviour by a community leader. "
    "The Labour leader visited the temple during a tour of the Midlands on Wednesday. "
    "But his team, led by the aide Tom Baldwin, banned national journalists from the event."
)


def test_a_name_for_the_pronoun_it_stands_for_is_no_swap():
    rewrite = "Ed Miliband's team banned national journalists from the event."
    assert _kind("entity", MILIBAND, rewrite) == []
    # another person of the story in the pronoun's place is still a swap
    assert _kind(
        "entity", MILIBAND, "David Cameron's team banned national journalists from the event."
    )


def test_a_name_given_an_action_the_source_gives_someone_else_is_a_swap():
    source = (
        "Jordan Henderson has signed a new five-year contract with Liverpool. "
        "The club has also offered a new deal to Raheem Sterling."
    )
    assert (
        _kind("entity", source, "Jordan Henderson has signed a new five-year deal with Liverpool.")
        == []
    )
    (change,) = _kind(
        "entity", source, "Raheem Sterling has signed a new five-year contract with Liverpool."
    )
    # the small tagger may leave "Raheem" out of the name
    assert change.source.text == "Jordan Henderson" and "Sterling" in change.rewrite.text


RAID = (
    "Officers arrested one man in Leeds on Monday after a raid on a warehouse. "
    "The man, 34, was released on bail on Tuesday after questioning."
)


@pytest.mark.parametrize(
    ("rewrite", "flagged"),
    [
        ("They arrested one man in Leeds on Monday after a raid on a warehouse.", True),
        ("Police officers arrested one man in Leeds on Monday after a warehouse raid.", False),
        ("It took officers until Monday to arrest one man in Leeds after a warehouse raid.", False),
    ],
)
def test_a_pronoun_opening_the_rewrite_refers_to_nothing(rewrite, flagged):
    found = _kind("entity", RAID, rewrite)
    assert bool(found) is flagged
    if flagged:
        assert found[0].rewrite.text == "They" and found[0].source.text == "Officers"


def test_a_pronoun_of_the_other_gender_is_another_person():
    source = LEAD + "Ronaldo scored his 300th goal for the club on Saturday." + TAIL
    same = LEAD + "Ronaldo netted his 300th goal for the club on Saturday." + TAIL
    assert _flagged(source, same) == []
    (change,) = _kind(
        "entity", source, LEAD + "Ronaldo scored her 300th goal for the club on Saturday." + TAIL
    )
    assert change.rewrite.text == "her" and change.source.text == "his"


@pytest.mark.parametrize(
    ("source", "harmless", "changed"),
    [
        (  # a negating prefix dropped, the word away from the one it replaced in context
            "The agency will deploy a traffic tool for small, uncrewed aircraft in 2025.",
            "The agency will roll out a traffic tool for small, uncrewed aircraft in 2025.",
            "The agency will deploy a traffic tool for small, crewed aircraft in 2025.",
        ),
        (  # opposites that are stop words
            "The plan seeks the most bang for the billions the state has to spend.",
            "The plan seeks the most value for the billions the state has to spend.",
            "The plan seeks the least bang for the billions the state has to spend.",
        ),
    ],
)
def test_opposites_by_prefix_and_among_stop_words(source, harmless, changed):
    assert _flagged(LEAD + source + TAIL, LEAD + harmless + TAIL) == []
    assert _kind("reversal", LEAD + source + TAIL, LEAD + changed + TAIL)


@pytest.mark.parametrize(
    "described",
    [
        "As a junior doctor, Amira Haddad treated the first patients at the clinic in March.",
        "Amira Haddad, a junior doctor, treated the first patients at the clinic in March.",
        "Amira Haddad was a junior doctor when she treated the first patients at the clinic in March.",
    ],
    ids=["as a", "apposition", "copula"],
)
def test_a_name_said_to_be_what_the_source_says_another_name_is_is_a_swap(described):
    source = (
        described + " Her supervisor Tom Reilly praised the staff of the ward on Friday."
        " The clinic will open a second ward in May."
    )
    same = "Amira Haddad was a junior doctor who treated the first patients in March."
    assert _kind("entity", source, same) == []
    swapped = "Tom Reilly was a junior doctor who treated the first patients in March."
    (change,) = _kind("entity", source, swapped)
    assert change.rewrite.text == "Tom Reilly" and change.source.text == "Amira Haddad"


def test_a_name_given_a_noun_the_source_gives_another_name_is_a_swap():
    source = (
        "Oman is opening its airspace to all airlines this week. "
        "Israeli carriers such as El Al had to fly around the country for years. "
        "Indian passengers will also save hours on flights to Europe."
    )
    harmless = "Israeli airlines such as El Al had to fly around the country for years."
    assert _kind("entity", source, harmless) == []
    changed = "Indian carriers such as El Al had to fly around the country for years."
    (change,) = _kind("entity", source, changed)
    assert change.rewrite.text == "Indian" and change.source.text == "Israeli"
    # a nationality the source never names, tied to a word the source ties another one to in
    # a sentence the alignment did not match
    source = (
        "Oman is opening its airspace to all airlines this week. "
        "The move could cut the flight times of Israeli carriers to Asia by three hours."
    )
    unnamed = "Oman is opening its airspace to European carriers this week."
    (change,) = _kind("entity", source, unnamed)
    assert change.rewrite.text == "European" and change.source.text == "Israeli"
    # a nationality the matched sentence has is left alone, even tied to a noun the source
    # ties another nationality to elsewhere: a spinner's synonym for the noun ("British
    # soldiers" for "British troops") looks the same (docs/history.md)
    source = (
        "British troops in Afghanistan oversaw the building of the academy's officer school."
        " Afghan soldiers now train there every spring."
    )
    spun = (
        "British soldiers in Afghanistan oversaw the building of the academy's officer school."
        " Afghan soldiers now train there every spring."
    )
    assert _kind("entity", source, spun) == []


@pytest.mark.parametrize(
    ("source", "rewrite"),
    [
        (  # the source's doer is still in the rewrite sentence, doing something else
            "The James Webb Space Telescope peered into a celestial box to see what lies beyond "
            "a cluster of galaxies. Astronomers said the image was a surprise.",
            "The James Webb Space Telescope captured an image that allowed astronomers to peer "
            "beyond a cluster of galaxies.",
        ),
        (  # "the automaker" named
            "Lordstown Motors has paused production of its pickup. The automaker also will "
            "recall 19 Endurance pickups to address an electrical issue. Lordstown said no one "
            "was hurt.",
            "Lordstown will recall 19 Endurance pickups to address an electrical issue.",
        ),
    ],
)
def test_a_doer_restated_is_not_a_new_doer(source, rewrite):
    assert _kind("agent", source, rewrite) == []


def test_a_name_of_the_matched_sentence_given_a_synonym_verb_is_no_swap():
    source = (
        "Jeff Rosenzweig, a lawyer for the inmate, contended that the execution was a disgrace. "
        "In his address to Congress, Pope Francis argued for the abolition of the death penalty."
    )
    rewrite = (
        "In his address to Congress, Pope Francis contended for the abolition of the death penalty."
    )
    assert _kind("entity", source, rewrite) == []


def test_a_headline_passive_is_no_swapped_doer():
    source = "The plane was downed by a missile over Ukraine on July 17, killing all 298 on board."
    assert (
        _kind("agent", source, "Plane downed over Ukraine on July 17 killed all 298 on board.")
        == []
    )
    source = "Police arrested the protester outside the embassy on Monday."
    swapped = "The protester arrested police outside the embassy on Monday."
    assert _kind("agent", source, swapped)


def test_yet_to_is_a_negation():
    source = "Sturridge is yet to rediscover his best form since returning from injury."
    assert (
        _kind(
            "negation",
            source,
            "Sturridge has not rediscovered his best form since returning from injury.",
        )
        == []
    )
    dropped = _kind(
        "negation", source, "Sturridge has rediscovered his best form since returning from injury."
    )
    assert dropped and "yet to rediscover" in dropped[0].explanation


def test_a_negative_adjective_is_not_a_positive_statement():
    # a new verb negated: a denial only where the source says it plainly
    rewrite = "The judge said on Monday that the defendant could not be tried for the killings."
    unfit = "The judge said on Monday that the defendant was unfit to stand trial for the killings."
    fit = "The judge said on Monday that the defendant was fit to stand trial for the killings."
    assert _kind("negation", unfit, rewrite) == []
    assert _kind("negation", fit, rewrite)


@pytest.mark.parametrize(
    ("source", "harmless", "changed"),
    [
        (  # a particle flips only the same verb's particle
            "Staff refused to scrub down the area and handed out blankets instead.",
            "Staff refused to clean the area and handed out blankets to cover it up instead.",
            "Staff refused to scrub up the area and handed out blankets instead.",
        ),
        (  # an opposite the rewrite keeps, against a word of another part of speech
            "It took jurors just an hour to convict Susan Monica of murder on Tuesday.",
            "It took jurors just an hour to convict Susan Monica on the murder charges on Tuesday.",
            "It took jurors just an hour to acquit Susan Monica of murder on Tuesday.",
        ),
        (  # a verb that links to a state is no coming and going
            "The minister said the prices of bread came down sharply in May.",
            "The minister said the price of bread went sour in May.",
            "The minister said the prices of bread went up sharply in May.",
        ),
        (  # a word of the opposite tone in the replaced word's place
            "The founder of the troubled start-up was arrested on fraud charges on Tuesday.",
            "The founder of the struggling start-up was arrested on fraud charges on Tuesday.",
            "The founder of the triumphant start-up was arrested on fraud charges on Tuesday.",
        ),
        (  # the verbs of nouns in -ing
            "The central bank said it would conduct emergency bond buying to contain yields.",
            "The central bank said it would carry out emergency bond buying to contain yields.",
            "The central bank said it would conduct emergency bond selling to contain yields.",
        ),
        (  # "outside" for "inside", though a preposition
            "Astronomers used the telescope to peer inside the heart of spiral galaxies.",
            "Astronomers used the telescope to look inside the heart of spiral galaxies.",
            "Astronomers used the telescope to peer outside the heart of spiral galaxies.",
        ),
        (  # helping against hindering
            "The department will hand out $50 billion to spur chip manufacturing in the years ahead.",
            "The department will hand out $50 billion to boost chip manufacturing in the years ahead.",
            "The department will hand out $50 billion to hinder chip manufacturing in the years ahead.",
        ),
    ],
)
def test_opposites_in_the_replaced_words_place(source, harmless, changed):
    assert _kind(("reversal", "modality"), source, harmless) == []
    assert _kind("reversal", source, changed)


def test_an_ordinal_adverb_counts_nothing():
    source = "Spain became a real power in 2008, and she finished second in the final race."
    harmless = (
        "When Spain first became a real power in 2008, she finished second in the final race."
    )
    assert _kind("number", source, harmless) == []
    assert _kind(
        "number",
        source,
        "Spain became a real power in 2008, and she finished first in the final race.",
    )


def test_a_hedge_on_a_noun_the_rewrite_drops_is_not_stated_as_fact():
    source = (
        "The plane was downed by a suspected Russian missile on July 17, killing all 298 on board."
    )
    assert (
        _kind("modality", source, "The plane was downed on July 17, killing all 298 on board.")
        == []
    )
    assert _kind(
        "modality",
        source,
        "The plane was downed by a Russian missile on July 17, killing all 298 on board.",
    )


def test_a_turn_of_tone_needs_the_same_part_of_speech():
    # "trapped" (a verb) near "adventure" (a noun) is no reversal, however far apart in tone
    source = "The boys set off on a grand adventure into the caves near the village."
    rewrite = "The boys were trapped in the caves near the village for two days."
    assert _kind(("reversal", "modality"), source, rewrite) == []


def test_no_longer_denies_the_verb():
    source = "Smith, the port director, no longer works at the harbour after the strike."
    assert (
        _kind(
            "negation", source, "Smith, the port director, has left the harbour after the strike."
        )
        == []
    )
    dropped = _kind(
        "negation", source, "Smith, the port director, works at the harbour after the strike."
    )
    assert dropped and "no longer works" in dropped[0].explanation


def test_a_bound_on_a_figure_is_no_negation():
    source = LEAD + "The footage shows the owner shot from no more than six feet away." + TAIL
    rewrite = LEAD + "The footage shows the owner shot from six feet away." + TAIL
    assert _kind("negation", source, rewrite) == []
    # "not" before a comparison the figure does not hold still denies it
    more = LEAD + "The repair bill is more than $5m, the operator said on Monday." + TAIL
    denied = LEAD + "The repair bill is not more than $5m, the operator said on Monday." + TAIL
    assert _kind("negation", more, denied)


def test_a_measure_does_not_support_a_count_of_things():
    source = (
        "Police have killed a gunman who slaughtered seven in a fit of rage in Brazil. "
        "The footage shows the owner shot from six feet away. Police shot him dead on Wednesday."
    )
    same = "Police shot dead the gunman who killed seven in a pool hall massacre."
    assert _kind("number", source, same) == []
    changed = "Police shot dead the gunman who killed six in a pool hall massacre."
    (change,) = _kind("number", source, changed)
    assert change.rewrite.text == "six"


def test_a_change_of_direction_is_a_reversal_only_of_the_same_thing():
    source = (
        LEAD + "Domino's upped delivery prices after the business reported that first-half "
        "profits dropped by more than 20 per cent." + TAIL
    )
    # "raised prices" against "profits dropped": not the same thing
    harmless = (
        "Shares in Domino's have tumbled after a sharp drop in profit, after it raised prices."
    )
    assert _flagged(source, LEAD + harmless + TAIL) == []
    changed = (
        "Shares in Domino's have tumbled after a sharp increase in profit, after it raised prices."
    )
    (change,) = _kind("reversal", source, LEAD + changed + TAIL)
    assert change.rewrite.text == "increase" and change.source.text == "dropped"


def test_a_word_of_a_nearby_sentence_still_reverses_the_matched_one():
    source = (
        LEAD + "The telescope captured a new image of the cluster. "
        "The image shows old and faint galaxies in the cluster." + TAIL
    )
    harmless = LEAD + "The telescope captured a fresh image of the cluster." + TAIL
    assert _flagged(source, harmless) == []
    rewrite = LEAD + "The telescope captured an old image of the cluster." + TAIL
    (change,) = _kind("reversal", source, rewrite)
    assert change.rewrite.text == "old" and change.source.text == "new"


@pytest.mark.parametrize(
    ("source", "changed"),
    [
        ("The club regained the title it had held in 2019.", "The club lost the title it had held in 2019."),
        ("The minister is claiming the figures were correct.", "The minister denies the figures were correct."),
        ("Residents love the new ferry to the island.", "Residents dread the new ferry to the island."),
        ("Staff were told to keep the files on their laptops.", "Staff were told to remove the files from their laptops."),
        ("The repairs will start in the spring.", "The repairs will finish in the spring."),
    ],
    ids=["regain/lose", "claim/deny", "love/dread", "keep/remove", "start/finish"],
)
def test_listed_opposites_are_reversals(source, changed):
    (change,) = _kind("reversal", LEAD + source + TAIL, LEAD + changed + TAIL)
    assert change.rewrite.text in changed and change.source.text in source


@pytest.mark.parametrize(
    ("source", "changed"),
    [
        ("The striker has turned down a new contract with the club.", "The striker has accepted a new contract with the club."),
        ("The striker has accepted a new contract with the club.", "The striker has turned down a new contract with the club."),
    ],
    ids=["turned down/accepted", "accepted/turned down"],
)
def test_a_phrasal_verb_and_its_opposite_are_a_reversal(source, changed):
    (change,) = _kind("reversal", LEAD + source + TAIL, LEAD + changed + TAIL)
    assert {change.source.text, change.rewrite.text} == {"turned down", "accepted"}


def test_a_phrasal_verb_and_its_synonym_are_no_reversal():
    source = LEAD + "The striker has turned down a new contract with the club." + TAIL
    rejected = LEAD + "The striker has rejected a new contract with the club." + TAIL
    assert _flagged(source, rejected) == []


def test_a_verb_of_opposite_tone_between_the_same_parties_is_a_reversal():
    source = (
        LEAD + "Singh is taking a pause from posting after the news that the government is "
        "banning the popular app on official phones." + TAIL
    )
    rewrite = (
        LEAD + "Singh is taking a pause from posting despite the news that the government is "
        "endorsing the popular app on official phones." + TAIL
    )
    (change,) = _kind("reversal", source, rewrite)
    assert change.rewrite.text == "endorsing" and change.source.text == "banning"


def test_a_verb_opposite_to_the_action_the_source_names_by_a_noun_is_a_reversal():
    source = (
        LEAD + "Harlow Estates has completed its purchase of the old mill from the Marsh family "
        "for 4 million pounds." + TAIL
    )
    sold = source.replace("has completed its purchase of", "has sold")
    (change,) = _kind("reversal", source, sold)
    assert change.source.text == "purchase" and change.rewrite.text == "sold"
    bought = source.replace("has completed its purchase of", "has bought")
    assert not [c for c in unspin.compare(source, bought).flagged if c.kind != "omitted"]


def test_failed_to_is_a_negation():
    source = LEAD + "The union failed to agree a deal with the port operator on Monday." + TAIL
    reworded = LEAD + "The union did not agree a deal with the port operator on Monday." + TAIL
    assert _kind("negation", source, reworded) == []
    dropped = _kind(
        "negation",
        source,
        LEAD + "The union agreed a deal with the port operator on Monday." + TAIL,
    )
    assert dropped and "failed to agree" in dropped[0].explanation
    plain = LEAD + "The telescope captured a new image of the cluster of galaxies." + TAIL
    refused = (
        LEAD + "The telescope failed to capture a new image of the cluster of galaxies." + TAIL
    )
    (change,) = _kind("negation", plain, refused)
    assert change.rewrite.text == "failed"
    # a "not" dropped before "refused to": "refused" is no negation beside itself
    source = (
        LEAD + "The operator has not refused to pay the fine, its lawyer said on Monday." + TAIL
    )
    dropped = _kind(
        "negation",
        source,
        LEAD + "The operator has refused to pay the fine, its lawyer said on Monday." + TAIL,
    )
    assert dropped and "not refused" in dropped[0].explanation


def test_a_new_negation_of_a_verb_the_source_denies_in_another_way_is_still_new():
    # "Not surprisingly" denies "surprisingly", but both it and the new "not" end up on "is":
    # one negation of "is" on the source side does not cover two on the rewrite side
    source = (
        LEAD
        + "Not surprisingly, discipline is comparatively rare at the port, the report said."
        + TAIL
    )
    rewrite = (
        LEAD + "Not surprisingly, discipline is not comparatively rare at the port, the report"
        " said." + TAIL
    )
    (change,) = _kind("negation", source, rewrite)
    assert change.rewrite.text == "not"
    assert _kind("negation", source, source) == []


def test_a_word_wordnet_lists_as_itself_is_judged_as_itself():
    # "latest" is an entry of its own (most recent); its stem "late" has a sense opposed to "new"
    source = (
        LEAD + "The dock workers' union named Ellis Grant, the latest negotiator to join the"
        " talks, on Monday." + TAIL
    )
    rewrite = (
        LEAD + "The dock workers' union named Ellis Grant, the new negotiator to join the talks,"
        " on Monday." + TAIL
    )
    assert _kind(("reversal", "modality"), source, rewrite) == []
    flipped = LEAD + "The telescope captured an old image of the cluster." + TAIL
    (change,) = _kind(
        "reversal", LEAD + "The telescope captured a new image of the cluster." + TAIL, flipped
    )
    assert change.rewrite.text == "old"


def test_an_age_is_not_supported_by_a_figure_counting_something_else():
    # "more than seven decades" is no age of 38, and "WAVE 3" (a name) no rival of an age
    source = (
        "Sutton says he was just 8 years old in 1940 when his uncle brought him to his first"
        " Derby, and he has kept going for more than seven decades. Sutton, 84, invited a"
        " reporter from WAVE 3 into the Louisville home he shares with his wife."
    )
    rewrite = (
        "Sutton was just 38 years old in 1940 when his father took him to his first Derby."
        " The 84-year-old Louisville native invited a reporter into the Louisville home he"
        " shares with his wife."
    )
    changes = _kind("number", source, rewrite)
    assert [c.rewrite.text for c in changes] == ["38 years old"]


def test_another_colour_in_the_replaced_words_place_is_flagged():
    source = (
        LEAD + "Activists dumped gallons of yellow and blue paint on the road in front of the"
        " embassy." + TAIL
    )
    harmless = (
        LEAD + "Activists poured gallons of yellow and blue paint on the road outside the"
        " embassy." + TAIL
    )
    assert _flagged(source, harmless) == []
    rewrite = (
        LEAD + "Activists dumped gallons of yellow and white paint on the road in front of the"
        " embassy." + TAIL
    )
    (change,) = _flagged(source, rewrite)
    assert (change.rewrite.text, change.source.text) == ("white", "blue")
    assert "colour" in change.explanation


def test_a_pronoun_opening_an_unmatched_first_sentence_refers_to_nothing():
    source = (
        "Jordan Henderson has committed his future to Liverpool until 2020, the club announced"
        " on Friday. The midfielder, 24, said he wanted to win trophies at Anfield. Manager"
        " Brendan Rodgers called him a leader."
    )
    rewrite = (
        "He has put pen to paper on a fresh five-year contract. The midfielder, 24, said he"
        " wanted to win trophies at Anfield."
    )
    (change,) = _kind("entity", source, rewrite)
    assert change.rewrite.text == "He" and change.rewrite.start == 0
    named = rewrite.replace("He has", "Henderson has", 1)
    assert _kind("entity", source, named) == []


def test_a_pronoun_of_a_gender_the_source_never_uses_is_flagged():
    source = (
        "Raheem Sterling may hold all the cards in his contract dispute with Liverpool, but he"
        " needs to focus on his football, according to a former manager. He turned down a new"
        " deal last week."
    )
    harmless = "Sterling turned down a new deal last week. He must focus on his football."
    assert _flagged(source, harmless) == []
    rewrite = "Sterling turned down a new deal last week. She must focus on her football."
    changes = _kind("entity", source, rewrite)
    assert [c.rewrite.text for c in changes] == ["She", "her"]


def test_a_pronoun_whose_party_the_sentence_before_never_mentions_is_flagged():
    source = (
        "Thieves stole drugs worth $105m from a warehouse in the port on Monday. Officers"
        " arrested one Venezuelan and two Spanish citizens on board the vessel, said Lachaux."
    )
    # the police are the officers' group: "They" can refer to them
    harmless = (
        "Police seized drugs worth more than $105 million. They arrested one Venezuelan and two"
        " Spanish citizens on board the vessel."
    )
    assert _kind("entity", source, harmless) == []
    rewrite = (
        "Thieves stole drugs worth $105m from a warehouse. They arrested one Venezuelan and two"
        " Spanish citizens on board the vessel."
    )
    (change,) = _kind("entity", source, rewrite)
    assert change.rewrite.text == "They" and change.source.text == "Officers"


def test_a_date_is_checked_against_the_sentence_that_states_the_same_figures():
    # the alignment pairs the summary with the first sentence (the list, the queen, the
    # ranks); the year is stated beside the same two figures in the last one
    source = (
        "The Queen placed 302nd on the Sunday Times Rich List with a wealth of £340m, compared "
        "with 285th last year. Britain's super-rich are now twice as rich as they were in 2009. "
        "Her wealth grew by £10million, leaving her at number 302, down from 285 in 2014."
    )
    template = "The Queen ranked 302 on the Sunday Times Rich List, slipping from 285 in {}."
    assert _kind("date", source, template.format(2014)) == []
    assert _kind("date", source, template.format(2009))


def test_a_figure_elsewhere_in_another_unit_is_no_support():
    signed = "The defender signed a five-year contract with Chelsea on Monday."
    rewrite = "The defender signed a five-year contract worth £100,000 a month with Chelsea."
    elsewhere = " His new deal will pay him £100,000 a {} before bonuses, his agent said."
    assert _kind("number", signed + elsewhere.format("month"), rewrite) == []
    assert _kind("number", signed + elsewhere.format("week"), rewrite)
    # a span of time is not supported by the same figure counting something else
    scored = "O'Hara scored from the penalty spot to give Blackpool the lead against Reading."
    after = "O'Hara scored from the penalty spot after 25 minutes to give Blackpool the lead."
    table = " The result leaves Blackpool on 25 {}, bottom of the table."
    assert _kind("number", scored + table.format("points"), after)
    assert _kind("number", scored + " The wait lasted 25 minutes.", after) == []


def test_a_whole_date_another_close_sentence_states_is_not_a_changed_date():
    source = (
        "According to North Carolina prison records, Clarence Moore, who also went by the name "
        "David Moore, had been convicted of larceny in July 1967. "
        "Sheriff Pat Melton says Moore, 66, was serving a sentence for larceny in Butner when he "
        "escaped in June 1972. "
        "His neighbours in Frankfort said he had bought his house in April 1980."
    )
    template = (
        "Clarence David Moore was serving a sentence for larceny when in {} he escaped "
        "from a North Carolina prison."
    )
    # the alignment pairs the rewrite with the first sentence; the second dates the escape
    assert _kind("date", source, template.format("June 1972")) == []
    assert _kind("date", source, template.format("June 1968"))
    # the date of a sentence about something else is still a change
    assert _kind("date", source, template.format("April 1980"))


def test_a_figure_of_the_same_thing_elsewhere_does_not_outweigh_a_close_match():
    source = (
        "Arsenal beat Liverpool 4-1 at the Emirates on Saturday. "
        "Sterling did win the visitors' penalty after he was fouled by Bellerin in the second half. "
        "'We took advantage of our strong moments in the first half,' Wenger said."
    )
    template = (
        "Raheem Sterling won a {} half penalty for the visitors after he was fouled by Bellerin."
    )
    assert _kind("number", source, template.format("second")) == []
    assert _kind("number", source, template.format("first"))


def test_a_figure_elsewhere_on_the_same_verb_still_supports():
    # the closest sentence has the maximum he faced; another says what he was given
    source = (
        "Kevin Bollaert, 28, was facing a maximum of 20 years in prison after being found guilty "
        "of extortion and identity theft on Friday. The website had thousands of users. "
        "In a first-of-its-kind ruling, the judge {} him to 18 years."
    )
    rewrite = (
        "Kevin Bollaert, 28, was found guilty of extortion and identity theft and was sentenced "
        "to 18 years on Friday."
    )
    assert _kind("number", source.format("sentenced"), rewrite) == []
    # on another verb it is no support against the close match's 20
    assert _kind("number", source.format("sent").replace("sent him", "sent him down"), rewrite)


def test_an_opening_pronoun_of_another_kind_than_the_sources_is_flagged():
    source = (
        "She placed 302nd on the Sunday Times Rich List with a wealth of £340m. "
        "The list is published every spring."
    )
    assert _kind("entity", source, "She ranked 302nd on the Sunday Times Rich List.") == []
    assert _kind("entity", source, "They ranked 302nd on the Sunday Times Rich List.")
    firm = "It cut 300 jobs at its Leeds plant on Monday. The union called the move a betrayal."
    assert _kind("entity", firm, "They cut 300 jobs at the Leeds plant on Monday.") == []


def test_a_he_inside_the_first_sentence_before_anyone_is_named_is_flagged():
    source = (
        "The viewing figures come a week after presenter Jeremy Clarkson was dismissed from the "
        "BBC. Top Gear took the top spots on iPlayer in February."
    )
    rewrite = "Figures come a week after {} was dismissed from the BBC."
    assert _kind("entity", source, rewrite.format("Jeremy Clarkson")) == []
    assert _kind("entity", source, rewrite.format("he"))
    # the source says "he" there too: the rewrite lost nothing
    said = source.replace("presenter Jeremy Clarkson was", "he was")
    assert _kind("entity", said, rewrite.format("he")) == []


def test_a_place_tied_to_another_noun_than_in_the_source_is_flagged():
    source = (
        "Luke Shambrook went missing from a campground near Lake Eildon on Good Friday. "
        "On Wednesday the autistic boy was reunited with his rescuers at a hospital in Melbourne."
    )
    rewrite = "The autistic boy was reunited with his rescuers in a {} hospital on Wednesday."
    assert _kind("entity", source, rewrite.format("Melbourne")) == []
    assert _kind("entity", source, rewrite.format("Lake Eildon"))


def test_a_negation_is_found_beside_a_second_new_one():
    # two negations added ("not", "none") left the sentence's polarity as it was
    source = (
        "Hundreds of schoolgirls have fallen sick and scores have been hospitalized in Qom in "
        "recent months. The authorities have launched an investigation."
    )
    assert (
        _kind(
            "negation",
            source,
            "Hundreds of schoolgirls have fallen sick in Qom in recent months, with scores hospitalized.",
        )
        == []
    )
    assert _kind(
        "negation",
        source,
        "Hundreds of schoolgirls have not fallen sick in Qom in recent months, with none hospitalized.",
    )


def test_a_word_of_opposite_tone_rated_through_its_synonyms_is_a_flip():
    # VADER rates "struggling" (-1.8) but not "thriving"; its WordNet sense has "prosperous"
    # (+2.1); the parser reads "struggling" as a verb, "thriving" as an adjective
    source = (
        "The founder of the troubled digital start-up Ozy Media was arrested on Thursday on "
        "fraud charges as part of a scheme to prop up the financially struggling company."
    )
    rewrite = (
        "The founder of the troubled start-up Ozy Media has been arrested on fraud charges as "
        "part of a scheme to prop up the financially {} company."
    )
    assert _kind(("reversal", "modality"), source, rewrite.format("troubled")) == []
    assert _kind("reversal", source, rewrite.format("thriving"))
