"""Pieces of pattern the furniture rules share, and the record a rule is."""

from __future__ import annotations

import re
from typing import NamedTuple


class Furniture(NamedTuple):
    """One furniture rule: the family it marks, its pattern (searched in the normalised line),
    and words one of which (lower case) a line must hold for the pattern to be tried at all: the
    unanchored rules scan every position of long prose paragraphs, so most are skipped this way."""

    name: str
    pattern: re.Pattern[str]
    needs: tuple[str, ...] = ()


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
