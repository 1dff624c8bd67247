"""Line-level patterns for page furniture: comment forms, share bars, menus, credits.

Patterns live here and the logic that uses them lives in ``plaintext.py`` (trafilatura keeps its
XPaths in ``xpaths.py`` the same way). The predicates, from narrow to broad:

* :func:`is_comment_form_line` -- the reader's comment form ("Leave a Reply", "Required fields
  are marked *"); :data:`COMMENT_FORM` is its pattern. The body is cut at the first one.
* :func:`is_comment_line` -- a comment form line, or a line that signs or counts reader
  comments ("jdoe says:", "Reply", "[ 12 comments ]").
* :func:`is_section_break` -- a heading that opens other content ("Related Articles", "Most
  Popular", "Leia também"); :data:`SECTION_BREAK` is its pattern.
* :func:`is_caption_line` -- an image credit, caption or gallery counter.
* :func:`is_boilerplate_line` -- any of the above, or a share, subscribe, cookie, ad, "Read
  more", "Follow us", copyright or navigation line.
* :func:`is_quoted_speech` -- a quotation with a speech verb (``"This is not over," she
  said.``): article text however short, so never furniture.

The HTML route filters trafilatura's output with :func:`is_boilerplate_line`, so every pattern is
*conservative*: it matches a whole line, or a line's opening words under a length cap, and never
a phrase that can sit inside a real article sentence ("Share prices fell" is kept; "Share" is
not). On the article-extraction benchmark no ground-truth line is flagged apart from credits and
copyright notes that the annotators kept. A few words from other languages are included where
they are common furniture, but the plain-text cleaner relies mostly on line shape, not on these
lists. Menus are recognised by shape in ``plaintext.py`` (runs of short lines), not here.

All patterns are compiled once at import and run only on lines of at most
:data:`MAX_PATTERN_LINE` characters, so the work per line is bounded whatever the input.
"""

from __future__ import annotations

import re

__all__ = [
    "COMMENT_FORM",
    "MAX_PATTERN_LINE",
    "SECTION_BREAK",
    "is_boilerplate_line",
    "is_caption_line",
    "is_comment_form_line",
    "is_comment_line",
    "is_quoted_speech",
    "is_section_break",
]

# Furniture lines are short; longer lines are prose and are never tested against the lexicons.
MAX_PATTERN_LINE = 300

_FLAGS = re.IGNORECASE

# The start of a comment form (WordPress and friends). Everything from here on is the reader's
# side of the page, so the cleaner cuts the body at the first match.
COMMENT_FORM = re.compile(
    r"""^(?:
        leave\ a\ (?:reply|comment)(?:\ to\ \S+(?:\ \S+){0,3})?(?:\ cancel\ reply)?\W*
      | post\ (?:a\ )?comment\W*
      | add\ (?:a\ )?comment\W*
      | submit\ comment\W*
      | cancel\ reply\W*
      | (?:comment|name|e-?mail|website)\s*\*
      | join\ the\ (?:discussion|conversation)\W*
      | comments?\ (?:are\ )?closed\W*
      | \d+\s*(?:responses?|replies|thoughts|comments)\ (?:to|on)\ [“"«‘'].{1,200}
      | devi\ essere\ connesso\ per\ (?:inviare|pubblicare)\ un\ commento.*
      | your\ email\ address\ will\ not\ be\ published.*
      | required\ fields\ are\ marked.*
      | save\ my\ name,?\ email.*
      | notify\ me\ of\ (?:follow-up\ comments|new\ (?:posts|comments)).*
      | you\ must\ (?:be\ logged\ in|log\ ?in|sign\ in|register)\ (?:to|before)\ (?:post|leave
        |add|write)(?:ing)?\ a\ comment.*
      | this\ site\ uses\ akismet\ to\ reduce\ spam.*
      | deixe\ (?:um\ comentário|uma\ resposta)\W*
      | deja\ un\ comentario\W*
      | lascia\ un\ commento\W*
      | kommentar\ (?:schreiben|hinterlassen)\W*
      | laisser\ un\ commentaire\W*
      | добавить\ комментарий\W*
      | оставить\ комментарий\W*
    )$""",
    _FLAGS | re.VERBOSE,
)

# Lines that sign or frame one reader comment: "jane says:", "Jane on May 1, 2019 at 4:47 pm said:",
# "Reply", "Rating: 36 Votes", "[ 167 comments ]". A run of article text never crosses them.
_COMMENT_MARK = re.compile(
    r"""^(?:
        \S+\ (?:says|said|wrote|replied|commented)\s*:
      | .{1,60}\ (?:on|at)\ .{0,30}\d.{0,30}\ (?:says|said|wrote|replied|commented)\s*:
      | (?:reply|report\ (?:abuse|comment)|upvote|downvote)\W*
      | in\ reply\ to\ \S+(?:\ \S+){0,2}\W*
      | rating:\ \S+\ votes?
      | \d+\s+(?:replies|repl(?:y|ies)\ to\ .{1,80})\W*
      | \[?\s*(?:\d+\s+)?comments?\s*\]?
      | comments?\s*\(\d+\)
      | (?:top\ rated|most\ recent|newest|oldest|best|latest|all|show|view|hide|load)\ comments?
      | (?:top\ rated|latest)\ comments?\W*
      | (?:sort|order)\ by\s*:?.{0,30}
    )$""",
    _FLAGS | re.VERBOSE,
)

# Headings that open a section of other content: related stories, most read, "you may also like".
# The article does not continue after them, so the cleaner treats them as walls.
SECTION_BREAK = re.compile(
    r"""^(?:
        (?:related|recommended|popular|trending|latest|more)(?:\ (?:posts?|articles?|stories
         |news|content|reading|videos?|topics?|coverage|links))?
      | (?:most\ (?:popular|read|viewed|shared|commented)|you\ (?:may|might)\ (?:also\ )?(?:like
         |enjoy|be\ interested\ in)|more\ (?:from|in|on|about|stories|news|videos?|to\ explore)
         (?:\ [\w.&'’-]+){0,4}|(?:also\ )?don'?t\ miss|up\ next|read\ next|what\ to\ read\ next
         |editor'?s\ picks?|top\ stories|recommended\ for\ you|around\ the\ web|from\ the\ web
         |explore\ further|latest\ (?:headlines|news\ from\ .{1,30})|trending\ now)
      | você\ pode\ gostar|leia\ (?:mais|também)|veja\ também|veja\ mais|notícias\ relacionadas
      | te\ puede\ interesar|lee\ también|noticias\ relacionadas|artículos\ relacionados
      | leggi\ anche|articoli\ correlati|potrebbe\ interessarti|lire\ aussi|à\ lire\ aussi
      | sur\ le\ même\ sujet|lesen\ sie\ auch|mehr\ zum\ thema|das\ könnte\ sie\ auch\ interessieren
      | читайте\ также|похожие\ (?:статьи|новости|записи)|комментарии
    )\W*$""",
    _FLAGS | re.VERBOSE,
)

# Whole lines that are furniture whatever the site: share bars, subscription prompts, ads,
# navigation words. Matched against the whole (stripped) line.
_FURNITURE = re.compile(
    r"""^(?:
        share(?:\ (?:this(?:\ (?:article|story|post|page))?|on\ \w+|the\ article|article|story
         |post|via\ \w+))?\W*
      | (?:\d+\ )?shares?\W*
      | sharing\ is\ caring\W*
      | (?:tweet|pin|print|e-?mail|whatsapp|facebook|twitter|linkedin|reddit|pinterest|tumblr
         |flipboard|mix|telegram|pocket|messenger|copy(?:\ link)?|copied|youtube|instagram
         |snapchat|rss|vk|ok|google\+?)\W*
      | (?:subscribe|sign\ (?:in|up)|log\ ?in|log\ ?out|register|search|menu|close|home
         |skip\ to\ (?:main\ )?content|back\ to\ top|top|next|previous|prev|more|newsletter
         |loading\.*|advertisement|advertising|advertise|sponsored(?:\ content|\ links?)?
         |ad|ads|iklan|publicidade|publicidad|pubblicità|anzeige|werbung|реклама)\W*
      | (?:read|view|see|show|load)\ (?:more|all|full\ (?:story|article))(?:\ \w+)?\W*
      | continue\ reading(?:\ below|\ the\ main\ story)?\W*
      | (?:privacy|cookie)\ (?:policy|settings|notice|preferences)\W*
      | terms\ (?:of\ (?:use|service)|and\ conditions|&\ conditions)\W*
      | all\ rights\ reserved\W*
      | поделиться\W*
    )$""",
    _FLAGS | re.VERBOSE,
)

# Lines that begin like furniture and are short enough that they cannot be a paragraph.
_FURNITURE_PREFIX = re.compile(
    r"""^(?:
        (?:read|see|watch|listen)\ (?:more|also|next|now)\s*[:|>»›-]
      | also\ (?:read|see)\s*[:|>»›-]
      | also\ on\ \w+\.[a-z]{2,}\b
      | related\s*[:|]
      | click\ (?:here|to)\ (?:to\ )?(?:share|tweet|subscribe|print|email|read|sign\ up)\b
      | (?:follow|like|join)\ us\ on\b
      | (?:sign\ up|subscribe)\ (?:for|to)\ (?:our|my)\b.{0,40}\b(?:newsletters?|alerts?|emails?
         |updates|podcast|channel)\b
      | (?:sign\ up|subscribe)\ (?:for|to)\ the\b.{0,40}\bnewsletters?\b
      | get\ (?:the\ )?(?:latest|best|our).{0,60}\b(?:inbox|newsletter|delivered)\b
      | (?:we|this\ (?:web)?site)\ uses?\ cookies\b
      | by\ (?:using|continuing\ to\ use)\ this\ (?:web)?site\b
      | (?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4})).{0,120}$
      | image\ (?:\d+\ of\ \d+|copyright|credit|source)\b
      | (?:photo|picture|image|video)\ gallery\b
      | media\ playback\ is\ (?:unsupported|not\ supported)\b
      | this\ (?:material|document|article|content)\ (?:is\ subject\ to\ copyright|may\ not\ be
         \ (?:published|reproduced|copied|redistributed))\b
      | no\ spam[,.!]
      | (?:posted\ in|filed\ under)(?:\s*:|\s[^.]{1,80}\|)
      | tags?\s*:
      | categor(?:y|ies)\s*:
    )""",
    _FLAGS | re.VERBOSE,
)
_MAX_PREFIX_LINE = 160

# Newsletter and app prompts, wherever they sit in a short line.
_PROMPT = re.compile(
    r"""\b(?:delivered\ (?:straight\ |right\ |directly\ |daily\ )?to\ your\ inbox
      | unsubscribe\ at\ any\ time
      | sign\ up\ (?:now\ )?(?:for|to)\ (?:our|the)\ .{0,40}newsletter
      | click\ here\ to\ (?:get|download|subscribe|read\ more|sign\ up)
    )\b""",
    _FLAGS | re.VERBOSE,
)

# Image captions and credits: "(Image credit: X)", "Photo: X", "Credit: Getty Images",
# "(AP Photo/Name)", "1 / 4", "Image 3 of 5".
_CAPTION = re.compile(
    r"""(?:
        ^\(?(?:image|photo|picture|foto|photograph|illustration|video)\ ?(?:credit|courtesy
           |source|copyright|by)?\s*[:|]\s*\S.{0,100}$
      | ^\(?(?:credits?|source|fonte|quelle|источник|фото)\s*:\s*\S.{0,100}$
      | ^image\ caption\b
      | \((?:image|photo|picture|pic|credit|foto)s?\s*:\s*[^()]{1,60}\)$
      | \bcredit:\s*[^.:]{1,60}$
      | ^\d+\s*/\s*\d+$
      | ^image\ \d+\ of\ /?\s*\d+$
      | \((?-i:AP|AFP|Reuters|REUTERS|Getty|GETTY|EPA|Xinhua|Photo|Pic)\b[\w\ /.,-]{0,60}\)$
      | \b(?:getty\ images|shutterstock|istock(?:photo)?|alamy|associated\ press)\)?$
    )""",
    _FLAGS | re.VERBOSE,
)
_MAX_CAPTION_LINE = 200


def is_comment_form_line(line: str) -> bool:
    """Return True when ``line`` opens or belongs to a reader comment form.

    Args:
        line: one line of page text.

    Returns:
        Whether the line is a comment-form line such as "Leave a Reply".
    """
    text = line.strip()
    return len(text) <= MAX_PATTERN_LINE and COMMENT_FORM.match(text) is not None


def is_section_break(line: str) -> bool:
    """Return True when ``line`` heads a block of other content ("Related Articles").

    Args:
        line: one line of page text.

    Returns:
        Whether the line is a related/most-read/you-may-like heading.
    """
    text = line.strip()
    return len(text) <= _MAX_PREFIX_LINE and SECTION_BREAK.match(text) is not None


def is_comment_line(line: str) -> bool:
    """Return True when ``line`` is part of a comment form or signs a reader comment.

    Args:
        line: one line of page text.

    Returns:
        Whether the line is a comment-form line ("Leave a Reply") or a comment's signature,
        reply link or counter ("jane says:", "Reply", "[ 12 comments ]").
    """
    text = line.strip()
    if len(text) > MAX_PATTERN_LINE:
        return False
    return COMMENT_FORM.match(text) is not None or _COMMENT_MARK.match(text) is not None


def is_caption_line(line: str) -> bool:
    """Return True when ``line`` is an image caption credit or a gallery counter.

    Args:
        line: one line of page text.

    Returns:
        Whether the line names an image source ("Photo: Reuters") or counts images ("1 / 4").
    """
    text = line.strip()
    return len(text) <= _MAX_CAPTION_LINE and _CAPTION.search(text) is not None


# Quote marks around at least a few characters, and an English verb of saying next to them.
_QUOTED = re.compile(r"[\"“”„«»].{3,}?[\"“”„«»]|(?:^|\s)[‘'][^‘'’]{3,}?[’'](?=\W|$)")
_SPEECH_VERB = re.compile(
    r"\b(?:said|says|told|tells|added|adds|asked|asks|wrote|writes|stated|declared|explained"
    r"|insisted|argued|warned|replied|recalled|according\s+to)\b",
    _FLAGS,
)


def is_quoted_speech(line: str) -> bool:
    """Whether ``line`` quotes someone with a verb of saying (``"Not over," she said.``)."""
    text = line.strip()[: MAX_PATTERN_LINE * 4]
    return bool(_QUOTED.search(text)) and bool(_SPEECH_VERB.search(text))


def is_boilerplate_line(line: str) -> bool:
    """Return True when ``line`` is page furniture rather than article text.

    Conservative by design: a real article sentence is never matched, so the HTML route can use
    this predicate to post-filter trafilatura's output.

    Args:
        line: one line of page text.

    Returns:
        Whether the line is a comment-form or comment-thread line, a "related" heading, or a
        share, subscribe, cookie, ad, "Read more", copyright, navigation or image-credit line.
    """
    text = line.strip()
    if not text or len(text) > MAX_PATTERN_LINE or is_quoted_speech(text):
        return False
    if any(p.match(text) for p in (COMMENT_FORM, _COMMENT_MARK, SECTION_BREAK, _FURNITURE)):
        return True
    if len(text) <= _MAX_PREFIX_LINE and (_FURNITURE_PREFIX.match(text) or _PROMPT.search(text)):
        return True
    return is_caption_line(text)
