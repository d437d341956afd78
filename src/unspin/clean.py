"""clean: normalise text, split it into sentences with offsets, and mark boilerplate.

Offsets always point into the text *as read*; normalisation only builds comparison keys.
Boilerplate (content-farm furniture) is recognised by families of general rules: related-link
lines (with or without a separator after the label), comment prompts, share/subscribe/follow and
app or newsletter promos, syndication and copyright notices, advertising, photo credits and
captions, bylines, time stamps, cookie and paywall notices, and lines repeating the headline or
an earlier line. A sentence in reported speech ('"Follow us," the officer said.') is prose.
"""

from __future__ import annotations

import re
import unicodedata

from syntok import segmenter

from .records import Sentence

_QUOTES = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "«": '"', "»": '"'}
)
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
_SPACE = re.compile(r"\s+")
_END = re.compile(r"""[.!?:;"'”’)\]]\s*$""")


def normalise(text: str) -> str:
    """A comparison key: NFKC, straight quotes and dashes, single spaces. Idempotent."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    return _SPACE.sub(" ", text).strip()


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph-like blocks: a line break ends a block unless the line is hard-wrapped prose."""
    blocks: list[tuple[int, int]] = []
    start = None
    pos = prev_end = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        end = pos + len(body)
        if body.strip():
            if start is None:
                start = pos
            wrapped = len(body) > 60 and not _END.search(body)
            if not wrapped:
                blocks.append((start, end))
                start = None
        elif start is not None:
            blocks.append((start, prev_end))
            start = None
        prev_end = end
        pos += len(line)
    if start is not None:
        blocks.append((start, prev_end))
    return blocks


def split(text: str, blocks: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets into ``text``, trimmed of surrounding space (``blocks``:
    its paragraph-like blocks, when the caller has them already)."""
    spans: list[tuple[int, int]] = []
    for b_start, b_end in _unglue(text, _blocks(text) if blocks is None else blocks):
        block = text[b_start:b_end]
        for paragraph in segmenter.analyze(block):
            for sentence in paragraph:
                tokens = [t for t in sentence if t.value]
                if not tokens:
                    continue
                s = b_start + tokens[0].offset
                e = b_start + tokens[-1].offset + len(tokens[-1].value)
                while s < e and text[s].isspace():
                    s += 1
                while e > s and text[e - 1].isspace():
                    e -= 1
                if e > s:
                    spans.append((s, e))
    return _attach_orphans(text, spans)


# A full stop glued to the next sentence, as scraped paragraphs often come ("since Jan.
# 18.Japan's Nikkei fell"): after a small letter, a digit or a percent sign, before a capitalised
# word. Not "U.S.Army" (a capital before the stop) and not "$75.98" (digits after it).
GLUED_STOP = r"(?<=[a-z0-9%])\.(?=[A-Z][a-z]{2})"
_GLUED = re.compile(GLUED_STOP)


def _unglue(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Blocks cut after each glued full stop, so the segmenter sees two sentences."""
    out = []
    for start, end in blocks:
        for m in _GLUED.finditer(text, start, end):
            out.append((start, m.end()))
            start = m.end()
        out.append((start, end))
    return out


def _attach_orphans(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Glue a lone closing quote or bracket that the segmenter split off onto its sentence."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        piece = text[s:e]
        orphan = len(piece) <= 2 and not any(ch.isalnum() for ch in piece)
        if out and (orphan or text[out[-1][1] - 1] in ";,") and "\n\n" not in text[out[-1][1] : s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


# --- boilerplate ------------------------------------------------------------------------------

# Pieces the rules share. normalise() has run first: dashes are "-" and guillemets are '"'.
_W = r"[^\n]{0,160}"
# What separates a link label from its headline: a colon, bar, bullet or arrow; a dash or a quote
# (a normalised "»") only with space after it, so "Next-day delivery" is not a link.
_SEP = r"""(\s*[:|>•·›▶►→~*/]|\s*["-](?=\s)|\s+-)"""
# A headline-like rest: opens with a capital, a digit or a quote and does not end as a sentence.
_HEAD = r"""(?-i:[A-Z0-9"'(\[£$€])[^\n]{1,150}(?<![.,;:])$"""
_CAP = r"(?-i:[A-Z][\w.&'-]*)"  # a capitalised word
_CAP_OR_DIGIT = r"(?-i:[A-Z0-9][\w.&'-]*)"
_PLATFORM = (
    r"(twitter|x|facebook|instagram|tiktok|youtube|linkedin|threads|bluesky|mastodon|snapchat"
    r"|telegram|whatsapp|reddit|pinterest|messenger|flipboard|tumblr|google news|social( media)?)\b"
)
_PHOTO = r"(photo(graph)?|image|picture|pic|video|graphic|illustration|footage)"
_IMAGE_BANK = (
    r"(getty images|shutterstock|alamy( stock photo)?|istock(photo)?|unsplash|pexels|pixabay"
    r"|adobe stock)"
)
_AGENCY = (
    r"(reuters|ap|aap|pti|ians|afp|epa(-efe)?|pa( wire| media| images)?|dpa|anadolu( agency)?|xinhua|ansa"
    r"|kyodo|efe|tass|bloomberg|(the )?associated press|nurphoto|sopa images|zuma (press|wire)"
    r"|sipa usa|rex|getty|imago|ap images|" + _IMAGE_BANK[1:-1] + ")"
)
# Link labels: with a separator after them anything may follow ("See also: ...").
_LINK_LEAD = (
    r"see also|read (more|also|next|this)|related( (articles?|stories|posts?|coverage|news|reading"
    r"|content|links|videos?))?|more (from|on|stories|news)|recommended( for you| reading)?"
    r"|you (may|might) (also )?(like|enjoy|be interested in)|don'?t miss|also (read|see|watch)"
    r"|trending( now)?"
    r"|popular( now| stories)?|top stories|editor'?s picks?|watch( now)?|listen( now)?"
    r"|further reading|more coverage|latest news|previous( post| article)?|next( post| article)?"
    r"|check out|must read|most (read|popular|viewed|shared)|keep reading|up next|icymi"
    r"|in case you missed it|what to read next"
)
# Link labels that also mark a line with no separator when a headline follows ("READ MORE Ferry
# fire: what we know"); leaves out words that open prose ("Watch Commander Reilly said ...").
_LINK_BARE = (
    r"see also|read (more|next|this)|also (read|see)|related( (articles?|stories|posts?|coverage"
    r"|news|reading|content|links|videos?))?|more (from|on)|more (stories|news|coverage)( (from|on"
    r"|about))?|recommended( for you| reading)?|you (may|might) (also )?like|don'?t miss"
    r"|further reading|must read|most read|latest news|top stories|editor'?s picks?|icymi"
    r"|in case you missed it|keep reading|up next|what to read next"
)
# A line made only of time-stamp words: "Updated 3:42 PM EST, Tue March 5, 2019", "Posted 2
# days ago", "5 min read". Atomic, so a failing line is never re-split.
_STAMP_TOKEN = (
    r"(?>\d{4}-\d{2}-\d{2}(t\d{2}(:\d{2}){1,2}(\.\d+)?(z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}"
    r"|\d{1,2}([:.]\d{2}){1,2}(\s?[ap]\.?m\.?)?|\d{1,2}\s?[ap]\.?m\.?|[ap]\.?m\.?|noon|midnight"
    r"|(\d+|an?|one) (sec(ond)?s?|min(ute)?s?|hours?|hrs?|h|days?|weeks?|months?|years?) ago"
    r"|just now|\d+[- ]?min(ute)?s?( read| listen)?|reading time"
    r"|jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?"
    r"|oct(ober)?|nov(ember)?|dec(ember)?"
    r"|mon(day)?|tue(s(day)?)?|wed(nesday)?|thu(r(s(day)?)?)?|fri(day)?|sat(urday)?|sun(day)?"
    r"|[ecmpa][sd]?t|hst|gmt|bst|utc|cet|cest|eet|eest|wet|west|ist|jst|kst|hkt|sgt|aest|aedt"
    r"|acst|awst|nzst|nzdt|sast|msk"
    r"|\d{1,4}(st|nd|rd|th)?"
    r"|(last |first |originally )?(published|updated|posted|modified|edited|reviewed|uploaded)"
    r"( on| at)?"
    r"|last update|on|and)(?!\w)"
)
_STAMP_SEP = r"[\s,.:;/|@()\[\]\-•·]+"
_ROLE = (
    r"(?i:(the |a )?([\w-]+ ){0,3}(writer|reporter|correspondent|editor|columnist|contributor"
    r"|journalist|producer|staff|critic|analyst|photographer)s?)"
)
_PERSON = r"[A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3}"  # a name: up to four capitalised words
_EMAIL = r"[\w.+-]+@[\w-]+(\.[\w-]+)+"
# A way to reach a writer: an e-mail address, a handle or a phone number after a contact verb.
_BIO_CONTACT = (
    r"(\b(reach|contact|email|e-mail|follow|find|write to|message) (him|her|me|them)\b"
    r"|\bcan be (reached|contacted|found|emailed)\b|\be-?mail\s*:)[^\n]{0,60}"
    r"(" + _EMAIL + r"|@\w+|\d{3}[-.]\d{4})"
)
_FOOTER = (
    r"(privacy( (policy|notice|settings|centre|center))?|terms( (of (use|service)|(and|&) "
    r"conditions))?|cookies?( (policy|settings|preferences))?|accessibility( statement)?|contact us"
    r"|about us|site ?map|help|faqs?|careers|advertise( with us)?|corrections"
    r"|do not sell my (personal )?(information|info))"
)

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (  # 0: a link label and a separator, then anything
        "related-links",
        re.compile(
            r"^\W*(" + _LINK_LEAD + r""
            # a spun link label: a reading verb and one more word before a colon ("See
            # additionally:", "Read likewise:"); a bare "READ:" or "MORE:"
            r"|(see|read|watch|listen|check)\s+\w+(?=\s*:)|(read|more|also)(?=\s*:)"
            # "Also on Harbour Gazette:", "More from the Gazette:"
            r"|(also|more) (on|at|from|in) ([\w.'&-]+\s){0,3}[\w.'&-]+(?=\s*:))\b" + _SEP + _W,
            re.I,
        ),
    ),
    (  # 1: a link label on its own ("RELATED STORIES", "Read More", "In case you missed it")
        "related-links",
        re.compile(
            r"^\W*(" + _LINK_LEAD + r"|more (stories|in this section|like this|to explore)"
            r"|latest stories|more on this (story|topic|subject)|recommended by our editors)\W*$",
            re.I,
        ),
    ),
    (  # 2: a link label, no separator, a headline ("Related Stories Port strike called off")
        "related-links",
        re.compile(r"^\W*(" + _LINK_BARE + r")\s+" + _HEAD, re.I),
    ),
    (  # 3: "More stories by Tom Bellweather", "Related Hull port strike stories:"
        "related-links",
        re.compile(
            r"^\W*((read|see|view) )?(more|all|other|latest|related)( [\w'-]+){0,3}? (stories|articles"
            r"|reports|posts|news|coverage|columns|videos|photos)(( like this)?\W*$| (by|from|on"
            r"|about|of|in) "
            r"[^\n]{1,80}(?<![.,;:!?])$)",
            re.I,
        ),
    ),
    (  # 4: "Read the full story here", "Read more here."
        "related-links",
        re.compile(
            r"^\W*((read|view|see|get) (the )?(full|complete|whole|entire|original) (story|article)"
            r"|read the rest of (the|this) (story|article)|read more( of this (story|article))?)"
            r"( (here|below|now|online))?\W*$",
            re.I,
        ),
    ),
    (
        "comment-prompt",
        re.compile(
            r"^\W*(leave a (reply|comment)|post (a|your) comment|add (a|your) comment"
            r"|[\d,.]+k? comments?(\W*$| (so far|below))|comments?( \(\d+\)| \d+)?\W*$"
            r"|join the (discussion|conversation|debate)"
            r"|what do you think(\?\s*(let|tell|share|comment|sound|join|leave|have)\b|\W*$)"
            r"|tell us (what|in the comments)|let us know (in the comments|what you think"
            r"|your thoughts|below)|your email address will not be published"
            r"|required fields are marked|cancel reply|you must be (logged|signed) in to (post"
            r"|comment|reply)|be the first to comment|share your (thoughts|views)"
            r"|comment(ing|s)? (is|are|has been|have been) (now )?(closed|disabled|turned off"
            r"|switched off)|notify me of (follow-up comments|new (posts|comments|replies))"
            r"|save my name,? email|(log|sign) ?in to (comment|reply|join the (discussion"
            r"|conversation))|(show|view|load|hide|read|see) (all |more )?([\d,]+ )?(comments"
            r"|replies)\W*$|sort by:? (newest|oldest|best|top|most (recent|popular|liked))\W*$"
            r"|have your say(\W*$|\s*[:!-]| (below|here|in the comments))|sound off (below|in the comments)"
            r"|report (abuse|this comment)\W*$|([\d,]+ )?repl(y|ies)\W*$|[\d,]+ comments?\W+add yours"
            r"|comments( on this (story|article|post))? are (moderated|pre-moderated|reviewed)\b"
            r"|(most (popular|recent|liked)|top|newest|oldest|best|latest) comments\W*$)",
            re.I,
        ),
    ),
    (  # share prompts: "Share this:", "Email this story to a friend", "Facebook Twitter Email"
        "share-subscribe",
        re.compile(
            r"^\W*((share|tweet|pin|email|e-mail|print|gift|save)( (this|it|now|article|story|page))?"
            r"\W*$|(share|tweet|email|e-mail|print|gift|save|send|forward|post) (this|the|full) "
            r"(article|story|page|post|link|video|gallery|piece)\b|(share|tweet|post|send)( (this"
            r"|it))? (on|via|to|with|using) (" + _PLATFORM + r"|e-?mail|sms|friends|your friends"
            r"|a friend)|share (this|it|now)\s*[:|]|read or share this (story|article)"
            r"|[\d.,]+k? shares?\W*$|copy (the )?(link|url|article link)( to clipboard)?\W*$"
            r"|(("
            + _PLATFORM
            + r"|e-?mail|sms|print|copy link|share|tweet)\W+)+("
            + _PLATFORM
            + r"|e-?mail|sms|print|copy link)\W*$|(click|tap) (here|to (share|print|email"
            r"|subscribe|follow|read|comment|join|sign))\b|send this (page|story|article) to "
            r"(someone|a friend)|(enable|turn on|allow) (push )?notifications)"
            r"|^\W*(email|e-mail|send|forward)( this| it)? to a friend\W*$|^\W*spread the word\b"
            r"|\(opens in (a )?new (window|tab)\)",
            re.I,
        ),
    ),
    (  # follow and subscribe prompts: "Follow us on Instagram", "Subscribe now"
        "share-subscribe",
        re.compile(
            r"^\W*((stay (up to date|connected|informed|in touch|in the know)|for (more|the latest)"
            r"( [\w-]+){0,3})\W+)?(follow|like|join|find|add) (us|him|her|them|me|@\w+|"
            + _CAP
            + r"( "
            + _CAP
            + r"){0,3})((\s+(online )?(on|at|via|in|to your))?\s*[:|]?\s*("
            + _PLATFORM
            + r"|[\w-]+(\.[\w-]+)*\.(com|net|org|co\.uk)\b|@\w+)|\W*$|\s+for (the latest|more"
            r"|updates|breaking)\b)"
            r"|^\W*(like|follow|join|subscribe to) (us on |our )" + _PLATFORM + r"( (page|account"
            r"|group|channel|feed))?|^\W*(follow|like|find) [^\n]{1,60} on " + _PLATFORM + r"( (and"
            r"|or|&) " + _PLATFORM + r")?\W*$|^\W*be the first to know\b"
            r"|^\W*((subscribe|sign up|signup)(\W*$|\s*!|\s+(now|today|here|for|to|or (log|sign)"
            r" ?in)\b)"
            r"|register( now| today| here| for free)?\W*$|register (now|today|here|for (free"
            r"|an account))\b|get (our|the) (free )?(newsletter|app|latest)|download (our|the) app"
            r"|send this page to someone|(support|fund) (our|independent|local|quality"
            r"|public[- ]interest) journalism|(donate|give|contribute) (now|today|here)\W*$"
            r"|become a (member|supporter|subscriber|patron)\b|get (breaking news |push |email )?"
            r"(alerts|notifications)\b)",
            re.I,
        ),
    ),
    (  # 8: newsletter promos, anywhere in the line (prefiltered by _NEEDS)
        "share-subscribe",
        re.compile(
            r"^\W*newsletters?\s*[:|]|^\W*join [\d,.]+k?\+? (other )?(readers|subscribers)\b"
            r"|^\W*(sign up|subscribe|register|get|join|try|receive|want)\b[^\n]{0,120}"
            r"\b(newsletters?|inbox|updates|alerts|briefing|digest|bulletin)\b"
            r"|(^|[.!?:|-]\s+)(sign up|subscribe)( (here|now|today|for free|below))?\W*$"
            r"|\b(to|in|into) your inbox\b|\bby (signing up|subscribing|clicking (sign up"
            r"|subscribe))\b|\bthanks? (you )?for (signing up|subscribing)\b"
            r"|\byou('re| are) (now )?(signed up|subscribed)\b|^\W*(enter|type) your e-?mail"
            r"|^\W*((invalid|valid|your) )?e-?mail( address)?\W*$|\bnewsletter sign[- ]?up\b"
            r"|^\W*sign me up\b|^\W*our ([\w'-]+ ){0,3}(newsletters?|briefing|bulletin) (brings"
            r"|gives|delivers|sends|is)\b"
            r"|\bunsubscribe (at any time|anytime)\b|\b(sign up|subscribe) (for|to) (one of |any of )?"
            r"our\b",
            re.I,
        ),
    ),
    (  # app promos: "Download the Harbour Gazette app", "Get it on Google Play"
        "share-subscribe",
        re.compile(
            r"\bscan (the|this|our) qr code\b"
            r"|^\W*((never|don'?t) miss a (story|thing|beat|headline)\W+)?(download|get|install|try"
            r"|grab)( or update)? (the |our )?(free |new |official "
            r"|latest )?(" + _CAP_OR_DIGIT + r" ){0,4}(news |mobile )?app\b(?!')"
            r"|^\W*(open|continue|read (this|the) (story|article)|listen to (this|the) (article"
            r"|story|podcast)|watch (this|it)) (in|on) (the|our) app\b|^\W*open in (the )?app\W*$"
            r"|^\W*our (free |new |official )?(news |mobile )?apps? (is|are) (now )?(available|free)"
            r" (on|for|in|to download)\b"
            r"|^\W*(available|download|get|install|try)( it)?\b[^\n]{0,60}\b(app store|google play"
            r"|play store|ios|iphone|ipad|android)\W*$",
            re.I,
        ),
    ),
    (  # 10: syndication and copyright notices (prefiltered by _NEEDS)
        "syndication",
        re.compile(
            r"\bthis (story|article|post|piece|content|column|essay|interview) (was |is |has been "
            r"|had been )?(originally|first) (published|appeared|posted|ran|aired)\b"
            r"|^\W*(story |article |post )?(originally|first) (published|appeared|posted) (on|in"
            r"|at|by)\b(?!\s+(\d|(mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug"
            r"|sep|oct|nov|dec)\w*\b))|^\W*(a|an earlier|the original) version of this (story|article|piece"
            r"|post) (first |originally )?(appeared|ran|was (first )?published)"
            r"|\bthis (story|article|post|piece|content) (was|has been|is) (auto-?generated"
            r"|published (from|via)|republished|reproduced|syndicated|edited by|provided by)"
            r"|\b(auto-?generated|published|taken) from (a|an|the) (syndicated|wire|news agency"
            r"|wire agency|agency|rss) (news )?feed\b"
            r"|\bthis (story|article|post|piece|content|report) (is|was) (published|produced"
            r"|reported|co-published) (in partnership|in collaboration|in association|jointly) with\b"
            r"|^\W*this (story|article|post|piece|content) (was|is) produced by\b"
            r"|^\W*(syndicated|republished|reprinted|adapted|excerpted) from [^\n,]{1,100}$"
            r"|^\W*(republished|reprinted|reproduced|reposted|published) (here )?with (the )?"
            r"(kind )?permission\b|^\W*(distributed|syndicated) by\b"
            r"|^\W*(content|story|article|text|material) (provided|supplied|distributed"
            r"|syndicated|produced) by\b"
            r"|^\W*(all )?(content|contents|text|material)( (and|&) (photos?|images?|text|content"
            r"|video))? (copyright|©)\s+[^\n]{1,80}$"
            r"|©\s*(copyright\s*)?(\d{4}|(?-i:[A-Z]))|^\W*(copyright|\(c\))\s*:?\s*(©\s*|\(c\)\s*)?(\d{4}"
            r"|(?-i:[A-Z]))|\b(copyright|\(c\)) (©\s*)?\d{4}\b|all rights reserved"
            r"|\bthis (material|content|article|story) (may|must) not be\b|\bmay not be (published"
            r"|reproduced|copied|republished)(,|,? or|,? and) (broadcast|rewritten|redistributed"
            r"|distributed|reproduced|published|transmitted|copied)"
            r"|^\W*(disclaimer|sources?|via)\s*:|views expressed (here|in this)"
            r"|^\W*(with )?(inputs?|additional reporting|reporting) from (the )?("
            + _AGENCY
            + r"|(?-i:[A-Z]{2,5}))( (and|&) [^\n]{1,30})?\W*$"
            r"|(this|the) (article|post|content) (contains|may contain) affiliate",
            re.I,
        ),
    ),
    (
        "advertising",
        re.compile(
            r"^\W*((advertisement|advertising|advert|ads?|sponsored( content| post| story| links?"
            r"| stories)?|paid (content|post|partner( content)?|partnership|promotion)|partner content|advertiser content"
            r"|promoted( stories| content| links)?|ad feedback|report (this )?ad"
            r"|skip (ad|advertisement)|ads by google|around the web|from (our|the) partners"
            r"|(story|article) continues (below|after)( (the |this )?(advertisement|ad))?"
            r"|continue reading( (the|this) (main )?(story|article))?( below)?"
            r"|scroll (down )?to continue( with content| reading)?)(\W+|$))+$"
            r"|^\W*(sponsored|presented|brought to you|powered|paid for|content|ads|recommended"
            r"|promoted) by (?-i:[A-Z])[\w.&'-]*( [\w.&'-]+){0,4}\W*$",
            re.I,
        ),
    ),
    (  # photo credits and gallery furniture on a line of their own
        "credit-line",
        re.compile(
            r"^\W*(" + _CAP + r" ){0,3}(" + _PHOTO + r"|file photo|photo illustration|main image"
            r"|top image|featured image|cover image|header image|media|credits?)( (credit|source"
            r"|caption|copyright|courtesy))?s?\s*[:|/]" + _W + r"$"
            r"|^\W*(photo(graph)?|image|picture|pic|video|media)s? (credit|source|caption"
            r"|copyright)s?\b" + _W + r"$"
            # "Photo by X on Unsplash", "Photo courtesy of the family." (not "Video courtesy of
            # a neighbour shows ...": a long rest must not end as a sentence)
            r"|^\W*(" + _PHOTO + r"|photo illustration|file photo)s? (by|courtesy( of)?|via"
            r"|supplied by|provided by)\s+(\S+( \S+){0,2}|[^\n]{1,80}(?<![.,;!?]))$"
            r"|^\W*("
            + _CAP
            + r"\s+){0,4}"
            + _CAP
            + r"\s*/\s*"
            + _AGENCY
            + r"(\s*(via|/)\s*"
            + _AGENCY
            + r")?\W*$|^\W*("
            + _AGENCY
            + r"\s+(via|/)\s+)?"
            + _IMAGE_BANK
            + r"\W*$"
            r"|^\W*" + _AGENCY + r"\s*/\s*(" + _CAP + r"\s?){1,4}\W*$"
            r"|^\W*(handout|supplied|file|pool)( photo| image| picture)?\s*(via|by|from|/)\s*"
            + _W
            + r"$"
            r"|^\W*(click (here )?to enlarge|enlarge (this )?(image|photo)|(toggle|hide|show) caption"
            r"|(image|photo|picture|slide) \d+ (of|/) \d+|\d+ (of|/) \d+ (photos|images|pictures)"
            r"|(photo|image|picture) gallery|view (the )?(full )?(gallery|slideshow)"
            r"|open (image|photo) in gallery|swipe (left |right )?for more( photos| images)?"
            r"|file (photo|picture|image)|handout( photo| image| picture)?|supplied"
            r"|stock (image|photo))\W*$",
            re.I,
        ),
    ),
    (  # 13: a credit closing a caption: "... Dock Street. (Photo: Harbour Gazette)"
        "credit-line",
        re.compile(
            r"\(\s*(" + _CAP + r"\s+){0,3}(photo(graph)?|image|picture|pic|video|file photo)s?"
            r"(\s*[:/]\s*[^()]{1,80}|\s+(by|courtesy( of)?|via|credit)\b[^()]{0,80})?\)\W*$"
            r"|\(\s*([^()]{0,40}(/|\bvia )\s*)?" + _IMAGE_BANK + r"\s*\)\W*$"
            r"|\(\s*" + _AGENCY + r"\s*/\s*[^()]{1,50}\)\W*$"
            r"|[.!?)]\s+(photo(graph)?|picture|image|pic|credit)s?\s*:\s*[^\n]{1,80}$"
            # "... on Sunday. | Courtesy of reader Tom Baines", "... - Photo by Priya Raman"
            r"|\s(\||-)\s*("
            + _PHOTO
            + r"s? (by|courtesy( of)?|via|credit)|courtesy( of)?|credit)\s"
            r"[^\n]{1,80}$"
            r"|\(\s*(?-i:[A-Z][\w.'-]+( [A-Z][\w.'-]+){0,3})\s*/\s*(?-i:[A-Z])[^()/]{1,50}\)\W*$"
            r"|[.!?]\s+(" + _IMAGE_BANK + r"|" + _AGENCY + r" (photo|images?|pictures?))\W*$",
            re.I,
        ),
    ),
    (  # 14
        "social-embed",
        re.compile(r"pic\.twitter\.com/|^\W*—?\s*.{0,60}\(@\w+\)\s+\w+ \d{1,2}, \d{4}\s*$", re.I),
    ),
    (  # "By Jane Doe, Staff Writer", "By: Breaking News Staff", "By Tom Reilly | tom@x.com"
        "byline",
        re.compile(
            r"^\W*(?i:by:?|written by|reporting by|words by|story by|text by|report by|posted by"
            r"|submitted by|authou?red by|authors?:|writer:|reporter:|columnist:|contributors?:|words:)\s+"
            + _PERSON
            + r"((\s*[,|/;•·]\s*|\s+-\s+|\s+(?i:and)\s+)("
            + _PERSON
            + "|"
            + _ROLE
            + "|"
            + _EMAIL
            + r"))*(\s*[|•·,-]\s*(?i:updated|published|posted)\b[^\n]{0,60})?\W*$"
        ),
    ),
    (  # "Jane Doe | Reporter", "Colette Marchetti, Senior Political Correspondent"
        "byline",
        re.compile(
            r"^\W*[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3}\s*([,|/]|\s-)\s*"
            + _ROLE
            + r"((\s+(?i:at|for)\s+|\s*,\s*)(?i:the )?[A-Z][\w.&'-]*( [\w.&'-]+){0,4})?\W*$"
        ),
    ),
    (  # a one-line bio: "Jane Doe is a freelance reporter based in Leeds."
        "byline",
        re.compile(
            r"^\W*[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3} is (a|an|the) "
            + _ROLE
            + r" (?i:at|for|with|based in) ((?i:the) )?[A-Z][\w.&'-]*( ((?i:of|and|the|in|on) )?"
            r"[A-Z][\w.&'-]*){0,5}\.?$"
        ),
    ),
    (  # "Staff Writer", "From staff reports", "Guardian staff and agencies"
        "byline",
        re.compile(
            r"^\W*(?i:(compiled )?from )?([A-Z0-9][\w.&'-]* ){0,4}(?i:((staff|wire|news services?"
            r"|agency|agencies)( (and|&) (staff|wire|news services?|agency|agencies))? (reports|services"
            r"|writers?|reporters?))|staff( and agencies| writers?| reporters?)?|and agencies"
            r"|news desk|newsroom)\W*$"
        ),
    ),
    (
        "dateline",
        re.compile(
            r"^\W*((published|updated|posted)( on)?:?\s*)?((mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
            r"(\w+ \d{1,2},? \d{4}|\d{1,2} \w+ \d{4}|\d{4}-\d{2}-\d{2})([ ,]+\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?( \w{2,4})?)?\W*$",
            re.I,
        ),
    ),
    (  # a line of time-stamp words with a digit or a stamp verb in it, perhaps an outlet after
        "dateline",
        re.compile(
            r"^\W*(?="
            + _STAMP_TOKEN  # checked first: a prose line fails here, before the scan below
            + r")(?=[^\n]*(published|updated|posted|modified|reviewed|uploaded|ago\b|min\b"
            r"|(?<!\d)\d{1,2}[:.]\d\d\b|\d/\d|\d{4}-\d\d-|\b(jan|feb|mar|apr|may|jun|jul|aug"
            r"|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)))"
            + _STAMP_TOKEN
            + "("
            + _STAMP_SEP
            + _STAMP_TOKEN
            + r")*(\s*[/|•·-]\s*"
            + _CAP
            + "( "
            + _CAP
            + r"){0,3})?\W*$",
            re.I,
        ),
    ),
    (  # update notices: "This story will be updated ...", "This is a developing story."
        "dateline",
        re.compile(
            r"^\W*(this (is a )?(developing|breaking)( news)? story|this story is (developing"
            r"|breaking)|this (story|article|post|page|report) (will be|is being|may be|could be) "
            r"updated|check back (later |soon )?for (more |further )?updates|(more|further) "
            r"(details|information|updates) to (come|follow)|refresh (this page )?for (the latest )?"
            r"updates|stay with us for updates|we will update this (story|article|page))\b[^\n]{0,100}$",
            re.I,
        ),
    ),
    (  # "Tags: ...", and "Filed under politics, world news" with no colon and no full stop
        "tag-line",
        re.compile(
            r"^\W*(tags?|tagged|keywords|filed under|categories|topics)\s*[:|]" + _W + r"$"
            r"|^\W*(#\w+[\s,]*){2,}$|^\W*explore more (on|about) (these|this) topics?\W*$"
            # a list: words parted by commas, bars or bullets; or at most three words
            r"|^\W*(tags|tagged( with| as)?|filed (under|in)|posted in|categor(y|ies|i[sz]ed (in|as"
            r"|under))|topics)\s+([\w'&-]+( [\w'&-]+){0,3}(\s*[,|/•·;]\s*[\w'&-]+( [\w'&-]+){0,3})+"
            r"|[\w'&-]+( [\w'&-]+){0,2})\s*$",
            re.I,
        ),
    ),
    (
        "byline",  # reporting credits at the foot: "Fred Weir in Moscow contributed to this report."
        re.compile(
            r"^[^\n.!?]{2,80}\bcontributed (reporting|to this (report|story|article))\b[^\n]{0,60}$"
            r"|^\W*(additional|with additional|with) reporting by\b" + _W + r"$"
            r"|^\W*\(?(additional )?reporting by\b[^\n]{0,160}\b(editing|writing"
            r"|additional reporting|compiled|fact-checking) by\b[^\n]{0,120}$"
            r"|^[^\n.!?]{0,40}\b(writer|reporter|correspondent|staff|freelancer?|intern"
            r"|photographer)\b[^\n.!?]{0,60}\bcontributed\W*$"
            r"|^\W*(e-?mail|phone|tel|twitter|contact)\s*:\s*("
            + _EMAIL
            + r"|@\w+|[\d() +.-]{7,})\W*$"
            r"|^\W*(contact|reach|email|e-mail|write to) (the (reporter|writer|author|editor)|"
            + _CAP
            + "( "
            + _CAP
            + r"){1,2}) (at|on|via)\b[^\n]{0,100}$",
            re.I,
        ),
    ),
    (  # cookie and consent banners, footer links
        "cookie-paywall",
        re.compile(
            r"^\W*((accept|reject|allow|decline|refuse)( all| necessary| essential| optional"
            r"| non-essential)( cookies)?|(accept|reject|allow|decline|refuse|manage|customi[sz]e"
            r"|review)( all| necessary| essential| optional| non-essential)? (cookies|cookie "
            r"(settings|preferences)|preferences|choices|consent))( and (continue|close))?\W*$"
            r"|^\W*(manage |update |change |view |read our |see our )?cookies? (policy|settings"
            r"|preferences|notice|consent|statement|choices)\W*$"
            r"|^\W*your privacy (choices|settings|options|rights)\W*$"
            r"|^\W*(i accept|i agree|(accept|agree) and (continue|close)|ok,? got it|got it)\W*$"
            r"|^\W*we (care about|value|respect) your privacy\b"
            r"|^\W*(" + _FOOTER + r"\W+)*(privacy (policy|notice|settings|centre|center)|terms "
            r"(of (use|service)|(and|&) conditions)|cookie (policy|settings|preferences))(\W+"
            + _FOOTER
            + r")*\W*$",
            re.I,
        ),
    ),
    (  # 25: cookie notices anywhere in the line (prefiltered by _NEEDS)
        "cookie-paywall",
        re.compile(
            r"\b(we|this (site|website)|our (site|website|partners)|we and our (\w+ )?partners)"
            r"( \w+){0,3} (use|uses|store|stores|set|sets|place|places|collect) cookies\b"
            r"|\bby (continuing to (use|browse)|using|browsing|clicking|staying on) (this|our) "
            r"(site|website|page)\b|\b(you )?(agree|consent) to (our|the) use of cookies\b"
            r"|\bdo not sell( or share)? my (personal )?(information|info|data)\b"
            r"|\bon your device,? such as cookies\b|\bcookies (and|or) similar (technologies"
            r"|tracking)\b",
            re.I,
        ),
    ),
    (  # paywall prompts: "Subscribe to continue reading", "Already a subscriber? Log in"
        "cookie-paywall",
        re.compile(
            r"^\W*(subscribe|sign in|log in|login|register|sign up|create a (free )?account"
            r"|become a (member|subscriber)|join)( or (subscribe|register|sign up|log in|sign in))?"
            r"( now| today| for free| free)?\s+(to|and) ("
            r"(continue|keep) reading|read (the |this )?(full |rest of the )?(story|article|piece)"
            r"|(access|unlock|view) (the |this )?(full )?(story|article|piece|content))"
            r"|^\W*(to )?(continue|keep) reading,?( please)? (subscribe|sign in|log in|register"
            r"|sign up|create)\b|^\W*(continue|keep) reading (with|for) (a )?(free|\d+|just)\b"
            r"|^\W*already (a subscriber|a member|have an account|registered|subscribed)\b"
            r"|^\W*(exclusive|only available|available) (to|for) (\w+ ){0,2}(subscribers"
            r"|members)\W*$|^\W*(get|enjoy|unlock) unlimited (digital )?access\b"
            r"|^\W*unlock (this|the full|the|full)( \w+)? (article|story)\b"
            r"|^\W*unlock( (this|full|the) (article|story))?\W*$"
            r"|^\W*(for )?(paying |premium )?(subscribers|members) only\W*$"
            r"|^\W*(start|begin|claim|try) (your|a) (free|\d+-day) trial\b"
            r"|^\W*(this|the) (article|story|content|page) is (only |exclusively )?(available |"
            r"reserved )?(to|for) (paying |premium |digital )?(subscribers|members)\b",
            re.I,
        ),
    ),
    (  # 27: paywall notices anywhere in the line (prefiltered by _NEEDS)
        "cookie-paywall",
        re.compile(
            r"\byou('ve| have) (reached|hit|used( up)?|read) (your|the|all( of)?( your)?|\d+( of "
            r"\d+)?)\b[^\n]{0,40}\b(free|limit)\b|\blimit of (\d+ )?free (articles|stories)\b"
            r"|\b(for|to) (paying |premium |digital )?(subscribers|members) only\b"
            r"|\bunlimited digital access\b|\b\d+ free (articles?|stories) (left|remaining)\b"
            r"|\b(disable|turn off|pause|whitelist|allowlist) (your |the |an )?ad[ -]?block(er|ing)?s?\b",
            re.I,
        ),
    ),
    (  # tip and correction prompts: "Got a news tip?", "Report a correction or typo"
        "contact-prompt",
        re.compile(
            r"^\W*(do you )?(got|have|know of|spotted) (a|an|any) (news |story )?(tips?|story( ideas?)?"
            r"|scoop|news story)\s*\?"
            r"|^\W*(do you )?(have|got|know) (information|info|more information|something to share"
            r"|anything to add) (about|on|regarding) (this|the) (story|issue|topic|case)\s*\?"
            r"|^\W*(see|spot|spotted|notice|noticed|found)( something| anything)? (wrong|amiss|off"
            r"|inaccurate|incorrect)\s*\?"
            r"|^\W*(send|email|e-mail|submit|share|text) (us )?(your |a |any )?(news |story )?"
            r"(tips?|story ideas?)\b[^\n]{0,100}$"
            r"|^\W*(report|submit|suggest|request|send) (a|an) (correction|typo|error|fix"
            r"|clarification)( or (a |an )?(typo|correction|error|clarification|mistake))?"
            r"( (here|to us|to the (editor|newsroom)))?\W*$"
            r"|^\W*(spot(ted)?|see|saw|found|notice(d)?) (a|an) (typo|mistake|error|problem)"
            r"( in this (story|article))?\s*\?"
            r"|^\W*corrections?( (and|&) clarifications| policy| request)?\W*$"
            r"|\bcontact (our|the) (newsroom|news ?desk|editors?|tips? line|news team)\b"
            # an editor's note on the story itself: "Correction: An earlier version misstated ..."
            r"|^\W*(correction|clarification|editor'?s note|editors'? note)\s*[:|-]",
            re.I,
        ),
    ),
    (  # reading and listening time: "Estimated reading time 5 minutes", "Listen to this article"
        "dateline",
        re.compile(
            r"^\W*((estimated|approximate|approx\.?|average) )?(reading|read|listening|listen)"
            r" time\W*((about|approx\.?|around|~) )?\d+([-–]\d+)?\s*(min(ute)?s?|m)?\W*$"
            r"|^\W*(listen to|hear|play) (this|the) (article|story)( now)?(\W+\d+(:\d\d)?\s*(min"
            r"(ute)?s?|m)\b)?(\W+\d+\s*sec(ond)?s?)?\W*$"
            r"|^\W*(about |approx\.? )?\d+([-–]\d+)?[\s-]*min(ute)?s?\s+(read|listen)(ing)?"
            r"( time)?\W*$|^\W*(less than (a|one) min(ute)?|under (a|one) min(ute)?) (to )?(read|listen)"
            r"\W*$|^\W*(this (article|story|piece|post) takes|it takes) (about |around "
            r"|approximately |roughly )?\d+ min(ute)?s? to (read|listen)\W*$",
            re.I,
        ),
    ),
    (  # a writer's note at the foot: "Karen Whitlock covers city hall for the Gazette. Reach
        # her at kw@gazette.com", "About the author: ...", "Follow him on X @mtorres"
        "byline",
        re.compile(
            r"^\W*about the (author|writer|reporter|columnist|contributor)s?\b\s*[:.|-]"
            r"|^(?-i:"
            + _PERSON
            + r") is our ([\w'’-]+ ){0,3}"
            + _ROLE
            + r"(,? based in [^\n.]{1,40})?\.$"
            r"|^(?-i:"
            + _PERSON
            + r") ((covers|writes about|reports on|has covered|has written about|has reported on) "
            r"[^\n.]{1,60} (for (the )?" + _CAP + r"( " + _CAP + r"){0,4}|since \d{4}))\."
            r"(\s+[^\n]{0,120}" + _BIO_CONTACT + r"[^\n]{0,60})?$"
            r"|^(?-i:"
            + _PERSON
            + r") (is (a|an|the|our) ([\w'’-]+ ){0,3}"
            + _ROLE
            + r"|covers|writes about|reports on)"
            r"\b[^\n]{0,100}" + _BIO_CONTACT + r"[^\n]{0,60}$"
            r"|^\W*(you can )?(reach|contact|email|e-mail|follow|find|write to|message) (him|her|me)"
            r" (at|on|via)\b[^\n]{0,80}(" + _EMAIL + r"|@\w+|\d{3}[-.]\d{4})[^\n]{0,30}$",
            re.I,
        ),
    ),
    (  # an agency's sign-off on a line of its own or after a caption: "— Reuters", "AAP"
        "syndication",
        re.compile(
            r"^\W*-?\s*" + _AGENCY + r"\W*$|[.!?]\s+-\s*" + _AGENCY + r"\W*$"
            r"|\|\s*" + _AGENCY + r"( photo| images?)?\s*/\s*[^\n]{1,60}$",
            re.I,
        ),
    ),
]

# A reported-speech sentence is prose even when it opens like furniture ('"Follow us," the
# officer told the crowd.', "Sign up to the scheme has been slow, the minister admitted."): an
# attribution after a comma or a closing quote, and a full stop at the end. Checked for every
# rule but the link labels (a headline after "See also:" may end "..., union says").
_SPOKEN = re.compile(
    r"""(,|[,?!]["'])\s+([\w.'-]+\s+){0,4}(said|says|told|tells|added|adds|asked|urged|warned"""
    r"""|wrote|writes|explained|noted|stated|insisted|argued|replied|shouted|admitted|advised"""
    r"""|advise|announced|recalled|joked|claimed|conceded|promised|found|showed|shows|reported"""
    r"""|revealed|suggested|confirmed)\b[^\n]{0,120}\.["')]*$""",
    re.I,
)


def boilerplate_rule(sentence: str) -> str | None:
    """The name of the furniture rule a sentence matches, or None for article prose."""
    return _rule(normalise(sentence))


# Words one of which a rule cannot match without (lower case), by position in _RULES: the
# unanchored rules scan every position of long prose paragraphs, so most are skipped this way.
_NEEDS: dict[int, tuple[str, ...]] = {
    8: (
        "newsletter", "inbox", "updates", "alerts", "briefing", "digest", "bulletin", "sign up",
        "join",
        "subscrib", "signing up", "signed up", "email", "e-mail", "unsubscribe", "sign me up",
    ),
    10: (
        "originally", "first published", "first appeared", "first posted", "first ran",
        "first aired", "version of this", "auto-generated", "autogenerated",
        "published from", "published via", "republished", "reproduced", "syndicated",
        "edited by", "provided by", "feed", "permission", "distributed by", "syndicated by",
        "supplied by", "produced by",
        "©", "(c)", "copyright", "rights reserved", "may not be", "must not be", "disclaimer",
        "source", "via", "views expressed", "affiliate", "partnership", "collaboration",
        "association", "jointly", "reprinted", "adapted from", "excerpted", "inputs",
        "reporting from",
    ),
    13: (
        "photo", "image", "pic", "video", "credit", "/", "getty", "shutterstock", "alamy",
        "istock", "unsplash", "pexels", "pixabay", "adobe stock", "courtesy",
    ),
    14: ("pic.twitter.com/", "(@"),
    25: ("cookie", "by continuing", "by using", "by browsing", "by clicking", "by staying",
         "do not sell"),
    27: ("free", "limit", "only", "unlimited", "block"),
}  # fmt: skip


def _rule(text: str) -> str | None:
    if not text:
        return "empty"
    lower = text.lower()
    spoken = None
    for k, (name, pattern) in enumerate(_RULES):
        needs = _NEEDS.get(k)
        if needs and not any(word in lower for word in needs):
            continue
        if pattern.search(text):
            if name != "related-links":
                if spoken is None:
                    spoken = _SPOKEN.search(text) is not None
                if spoken:
                    continue
            return name
    return None


_NON_WORD = re.compile(r"[^\w]+")


def _key(text: str) -> str:
    return _keyed(normalise(text))


def _keyed(normal: str) -> str:
    return _NON_WORD.sub(" ", normal.lower()).strip()


def sentences(text: str, title: str | None = None) -> tuple[Sentence, ...]:
    """Split ``text`` into :class:`Sentence` records and mark boilerplate ones.

    A furniture line split into several sentences ("See also: GOP rebranding? Ailes isn't
    buying it") is furniture throughout: when one of a block's sentences is furniture and the
    block as a whole matches a rule too, its other sentences take the first one's rule (or the
    block's, when the first is not furniture)."""
    spans = _blocks(text)
    marked = list(_mark(text, split(text, spans), title))
    blocks = iter(spans)
    block = next(blocks, None)
    lead: Sentence | None = None  # the first sentence of the current block
    carry: str | None = None  # the rule its other sentences take
    for k, sent in enumerate(marked):
        while block is not None and sent.start >= block[1]:
            block, lead = next(blocks, None), None
        if block is None or not block[0] <= sent.start:
            continue
        if lead is None:
            lead = sent
            carry = _block_rule(text, block, marked, k)
        if carry and sent.boilerplate is None:
            marked[k] = Sentence(sent.index, sent.start, sent.end, sent.text, carry)
    return tuple(marked)


_BLOCK_SENTENCES, _BLOCK_CHARS = 3, 300  # the most a furniture block spans


def _block_rule(
    text: str, block: tuple[int, int], marked: list[Sentence], first: int
) -> str | None:
    """The rule a block of several sentences matches as a whole, when one of its sentences is
    furniture on its own ("Want more stories like this? Sign up for our newsletter.")."""
    inside = [m for m in marked[first:] if m.start < block[1]]
    if not 2 <= len(inside) <= _BLOCK_SENTENCES or block[1] - block[0] > _BLOCK_CHARS:
        return None  # a prose paragraph, where an unanchored rule may match anything
    if not any(m.boilerplate for m in inside):
        return None
    rule = _rule(normalise(text[block[0] : block[1]]))
    return rule and (inside[0].boilerplate or rule)


def paragraphs(text: str, title: str | None = None) -> tuple[Sentence, ...]:
    """Paragraph-like blocks as :class:`Sentence` records, boilerplate marked: a cheap stand-in
    for :func:`sentences` where only the content matters (sketching a corpus at ingest), since
    content-farm furniture comes in lines of its own. About 20x faster than sentence splitting."""
    return _mark(text, _blocks(text), title)


_ROUGH_END = re.compile(r"""(?<=[.!?])["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")


def rough_sentences(text: str, title: str | None = None) -> tuple[Sentence, ...]:
    """Sentences split by a single regular expression (a stop, then space, then a capital or a
    digit) inside each block, with boilerplate marked by block (content-farm furniture comes in
    lines of its own, as for :func:`paragraphs`): for comparing many articles with each other
    (provenance), where both sides are split the same way and a sentence cut at "Mr." costs
    nothing. Several times faster than :func:`sentences`; never stored, never shown."""
    out: list[Sentence] = []
    for block in paragraphs(text, title):
        start = block.start
        for cut in [*_ROUGH_END.finditer(text, block.start, block.end), None]:
            end = cut.start() if cut else block.end
            if end > start:
                out.append(Sentence(len(out), start, end, text[start:end], block.boilerplate))
            if cut:
                start = cut.end()
    return tuple(out)


def _mark(text: str, spans: list[tuple[int, int]], title: str | None) -> tuple[Sentence, ...]:
    seen: set[str] = set()
    title_key = _key(title) if title else None
    rules: list[str | None] = []
    for index, (s, e) in enumerate(spans):
        normal = normalise(text[s:e])
        key = _keyed(normal)
        rule = _rule(normal)
        if rule is None and index > 0 and title_key and key == title_key:
            rule = "repeated-headline"
        elif rule is None and key in seen and len(key) > 20:
            rule = "repeated-line"
        seen.add(key)
        rules.append(rule)
    _headline_runs(text, spans, rules)
    return tuple(
        Sentence(index=k, start=s, end=e, text=text[s:e], boilerplate=rules[k])
        for k, (s, e) in enumerate(spans)
    )


# A headline in a list of links: a capital, a digit or a quote first, two to 25 words, and no
# full stop, comma or colon at the end unless most of its words are capitalised ("Four Years Ago
# Trump Was Seen as a Sideshow. Now He Is the Show.").
_HEADLINE = re.compile(r"""^(?-i:[A-Z0-9"'(\[£$€])[^\n]{1,158}$""")
_OPEN_END = re.compile(r"""(?<![.!,;:])(?<!\.["')])$""")
_RUN = 8  # the most headlines a link label carries


def _headline_runs(text: str, spans: list[tuple[int, int]], rules: list[str | None]) -> None:
    """Mark the bare headlines listed under a short link label ("Related Stories", "Trending
    Now", "More From Our Network"), one a line with no blank line between, as related links."""
    end = -1  # where the current label's list of headlines ends
    for k, (s, e) in enumerate(spans):
        piece = normalise(text[s:e])
        if rules[k] == "related-links" and len(piece.split()) <= 5 and piece[-1:] not in ".!?":
            end = _list_end(text, e)
        elif s < end and e <= end and rules[k] is None:
            rules[k] = "related-links"


def _list_end(text: str, pos: int) -> int:
    """The end of the headline lines that follow ``pos`` (the end of a label's line)."""
    end = pos
    for _ in range(_RUN):
        if not text.startswith("\n", end):
            break
        stop = text.find("\n", end + 1)
        stop = len(text) if stop < 0 else stop
        if not _headline(normalise(text[end + 1 : stop])):
            break
        end = stop
    return end


def _headline(line: str) -> bool:
    words = line.split()
    if not (_HEADLINE.match(line) and 2 <= len(words) <= 25):
        return False
    long = [w for w in words if len(w) > 3]
    capitalised = sum(w[0].isupper() for w in long) >= 0.6 * len(long)
    return bool(_OPEN_END.search(line)) or capitalised
