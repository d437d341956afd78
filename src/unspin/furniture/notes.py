"""Furniture rules, second part: photo credits, social embeds, bylines, time stamps and
update notices, tag lines, cookie and paywall notices, contact prompts, reading time, writer
notes and agency sign-offs. Tried after :mod:`.prompts`."""

from __future__ import annotations

import re

from .fragments import (
    _AGENCY,
    _BIO_CONTACT,
    _CAP,
    _EMAIL,
    _FOOTER,
    _IMAGE_BANK,
    _PERSON,
    _PHOTO,
    _ROLE,
    _STAMP_SEP,
    _STAMP_TOKEN,
    _W,
    Furniture,
)

RULES: list[Furniture] = [
    Furniture(  # photo credits and gallery furniture on a line of their own
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
    Furniture(  # a credit closing a caption: "... Dock Street. (Photo: Harbour Gazette)"
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
        needs=('photo', 'image', 'pic', 'video', 'credit', '/', 'getty', 'shutterstock', 'alamy', 'istock', 'unsplash', 'pexels', 'pixabay', 'adobe stock', 'courtesy'),
    ),
    Furniture(
        "social-embed",
        re.compile(r"pic\.twitter\.com/|^\W*—?\s*.{0,60}\(@\w+\)\s+\w+ \d{1,2}, \d{4}\s*$", re.I),
        needs=('pic.twitter.com/', '(@'),
    ),
    Furniture(  # "By Jane Doe, Staff Writer", "By: Breaking News Staff", "By Tom Reilly | tom@x.com"
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
    Furniture(  # "Jane Doe | Reporter", "Colette Marchetti, Senior Political Correspondent"
        "byline",
        re.compile(
            r"^\W*[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3}\s*([,|/]|\s-)\s*"
            + _ROLE
            + r"((\s+(?i:at|for)\s+|\s*,\s*)(?i:the )?[A-Z][\w.&'-]*( [\w.&'-]+){0,4})?\W*$"
        ),
    ),
    Furniture(  # a one-line bio: "Jane Doe is a freelance reporter based in Leeds."
        "byline",
        re.compile(
            r"^\W*[A-Z][\w.'-]+( [A-Z][\w.'-]+){1,3} is (a|an|the) "
            + _ROLE
            + r" (?i:at|for|with|based in) ((?i:the) )?[A-Z][\w.&'-]*( ((?i:of|and|the|in|on) )?"
            r"[A-Z][\w.&'-]*){0,5}\.?$"
        ),
    ),
    Furniture(  # "Staff Writer", "From staff reports", "Guardian staff and agencies"
        "byline",
        re.compile(
            r"^\W*(?i:(compiled )?from )?([A-Z0-9][\w.&'-]* ){0,4}(?i:((staff|wire|news services?"
            r"|agency|agencies)( (and|&) (staff|wire|news services?|agency|agencies))? (reports|services"
            r"|writers?|reporters?))|staff( and agencies| writers?| reporters?)?|and agencies"
            r"|news desk|newsroom)\W*$"
        ),
    ),
    Furniture(
        "dateline",
        re.compile(
            r"^\W*((published|updated|posted)( on)?:?\s*)?((mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?"
            r"(\w+ \d{1,2},? \d{4}|\d{1,2} \w+ \d{4}|\d{4}-\d{2}-\d{2})([ ,]+\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?( \w{2,4})?)?\W*$",
            re.I,
        ),
    ),
    Furniture(  # a line of time-stamp words with a digit or a stamp verb in it, perhaps an outlet after
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
    Furniture(  # update notices: "This story will be updated ...", "This is a developing story."
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
    Furniture(  # "Tags: ...", and "Filed under politics, world news" with no colon and no full stop
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
    Furniture(
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
    Furniture(  # cookie and consent banners, footer links
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
    Furniture(  # cookie notices anywhere in the line (prefiltered by _NEEDS)
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
        needs=('cookie', 'by continuing', 'by using', 'by browsing', 'by clicking', 'by staying', 'do not sell'),
    ),
    Furniture(  # paywall prompts: "Subscribe to continue reading", "Already a subscriber? Log in"
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
    Furniture(  # paywall notices anywhere in the line (prefiltered by _NEEDS)
        "cookie-paywall",
        re.compile(
            r"\byou('ve| have) (reached|hit|used( up)?|read) (your|the|all( of)?( your)?|\d+( of "
            r"\d+)?)\b[^\n]{0,40}\b(free|limit)\b|\blimit of (\d+ )?free (articles|stories)\b"
            r"|\b(for|to) (paying |premium |digital )?(subscribers|members) only\b"
            r"|\bunlimited digital access\b|\b\d+ free (articles?|stories) (left|remaining)\b"
            r"|\b(disable|turn off|pause|whitelist|allowlist) (your |the |an )?ad[ -]?block(er|ing)?s?\b",
            re.I,
        ),
        needs=('free', 'limit', 'only', 'unlimited', 'block'),
    ),
    Furniture(  # tip and correction prompts: "Got a news tip?", "Report a correction or typo"
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
    Furniture(  # reading and listening time: "Estimated reading time 5 minutes", "Listen to this article"
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
    Furniture(  # a writer's note at the foot: "Karen Whitlock covers city hall for the Gazette. Reach
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
    Furniture(  # an agency's sign-off on a line of its own or after a caption: "— Reuters", "AAP"
        "syndication",
        re.compile(
            r"^\W*-?\s*" + _AGENCY + r"\W*$|[.!?]\s+-\s*" + _AGENCY + r"\W*$"
            r"|\|\s*" + _AGENCY + r"( photo| images?)?\s*/\s*[^\n]{1,60}$",
            re.I,
        ),
    ),
]  # fmt: skip
