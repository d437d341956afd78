"""Furniture rules, first part: link labels, comment, share, follow, newsletter and app
prompts, syndication and copyright notices, advertising. Tried in this order, before
:mod:`.notes`."""

from __future__ import annotations

import re

from .fragments import (
    _AGENCY,
    _CAP,
    _CAP_OR_DIGIT,
    _HEAD,
    _LINK_BARE,
    _LINK_LEAD,
    _PLATFORM,
    _SEP,
    _W,
    Furniture,
)

RULES: list[Furniture] = [
    Furniture(  # a link label and a separator, then anything
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
    Furniture(  # a link label on its own ("RELATED STORIES", "Read More", "In case you missed it")
        "related-links",
        re.compile(
            r"^\W*(" + _LINK_LEAD + r"|more (stories|in this section|like this|to explore)"
            r"|latest stories|more on this (story|topic|subject)|recommended by our editors)\W*$",
            re.I,
        ),
    ),
    Furniture(  # a link label, no separator, a headline ("Related Stories Port strike called off")
        "related-links",
        re.compile(r"^\W*(" + _LINK_BARE + r")\s+" + _HEAD, re.I),
    ),
    Furniture(  # "More stories by Tom Bellweather", "Related Hull port strike stories:"
        "related-links",
        re.compile(
            r"^\W*((read|see|view) )?(more|all|other|latest|related)( [\w'-]+){0,3}? (stories|articles"
            r"|reports|posts|news|coverage|columns|videos|photos)(( like this)?\W*$| (by|from|on"
            r"|about|of|in) "
            r"[^\n]{1,80}(?<![.,;:!?])$)",
            re.I,
        ),
    ),
    Furniture(  # "Read the full story here", "Read more here."
        "related-links",
        re.compile(
            r"^\W*((read|view|see|get) (the )?(full|complete|whole|entire|original) (story|article)"
            r"|read the rest of (the|this) (story|article)|read more( of this (story|article))?)"
            r"( (here|below|now|online))?\W*$",
            re.I,
        ),
    ),
    Furniture(
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
    Furniture(  # share prompts: "Share this:", "Email this story to a friend", "Facebook Twitter Email"
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
    Furniture(  # follow and subscribe prompts: "Follow us on Instagram", "Subscribe now"
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
    Furniture(  # newsletter promos, anywhere in the line (prefiltered by _NEEDS)
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
        needs=('newsletter', 'inbox', 'updates', 'alerts', 'briefing', 'digest', 'bulletin', 'sign up', 'join', 'subscrib', 'signing up', 'signed up', 'email', 'e-mail', 'unsubscribe', 'sign me up'),
    ),
    Furniture(  # app promos: "Download the Harbour Gazette app", "Get it on Google Play"
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
    Furniture(  # syndication and copyright notices (prefiltered by _NEEDS)
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
        needs=('originally', 'first published', 'first appeared', 'first posted', 'first ran', 'first aired', 'version of this', 'auto-generated', 'autogenerated', 'published from', 'published via', 'republished', 'reproduced', 'syndicated', 'edited by', 'provided by', 'feed', 'permission', 'distributed by', 'syndicated by', 'supplied by', 'produced by', '©', '(c)', 'copyright', 'rights reserved', 'may not be', 'must not be', 'disclaimer', 'source', 'via', 'views expressed', 'affiliate', 'partnership', 'collaboration', 'association', 'jointly', 'reprinted', 'adapted from', 'excerpted', 'inputs', 'reporting from'),
    ),
    Furniture(
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
]  # fmt: skip
