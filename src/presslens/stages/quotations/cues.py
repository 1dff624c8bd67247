"""Lexicons for the quotation stage: cue words, frames and speaker vocabulary. No logic here.

The trained cue model (``model/``) weighs every verb and noun by its lemma, so these lists are
not a gate: they give the model a prior for rare verbs and drive the rules that need a closed
class (passive frames, "according to", speaker nouns).
"""

from __future__ import annotations

__all__ = [
    "ACCORDING_TO",
    "AUTHOR_PRONOUNS",
    "HONORIFICS",
    "MEDIA_NOUNS",
    "MODAL_LEMMAS",
    "ORG_NOUNS",
    "PASSIVE_FRAMES",
    "PERSON_PRONOUNS",
    "RELATIVE_PRONOUNS",
    "REPORTING_NOUNS",
    "REPORTING_VERBS",
    "SPEAKER_DEPS",
    "TAG_VERBS",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


REPORTING_VERBS = _words(
    """
    accuse acknowledge add admit advise advocate affirm agree allege announce answer argue ask
    assert assure blame blast boast brag call caution charge cite claim comment complain concede
    conclude confirm contend continue criticize criticise decide declare decline demand deny
    describe dismiss emphasize emphasise estimate explain express fear find forecast hint hope
    indicate inform insist instruct joke lament maintain mention note object observe offer order
    point post pledge predict proclaim promise propose protest question quip read recall
    recommend recount reiterate remark remind reply report respond reveal say scoff show signal
    speak state stress suggest swear tell testify think threaten tout tweet underline urge vow
    warn worry write believe doubt expect know reckon suspect want wonder
    """
)
"""Lemmas of verbs that report speech, writing or thought."""

TAG_VERBS = _words(
    """
    shout yell exclaim scream chant sing cry whisper muse sigh laugh marvel gush snap retort
    interject counter chime rail plead pray demand ask quip continue recall put
    """
)
"""Verbs that attribute a quotation when they stand beside it ("“…?” she yelled"), besides
the reporting verbs; alone they rarely introduce reported speech, so they are not cues."""

REPORTING_NOUNS = _words(
    """
    accusation admission allegation announcement argument assertion belief call claim comment
    concern conclusion contention criticism declaration demand denial estimate fear finding
    hope insistence message pledge prediction promise proposal remark report statement
    suggestion testimony threat tweet view vow warning
    """
)
"""Lemmas of nouns that carry reported content ("the claim that ...")."""

ACCORDING_TO = (("according", "to"), ("as", "per"))
"""Prepositional cues whose object is the source: "according to X", "as per X"."""

PASSIVE_FRAMES = frozenset({"quote", "report", "cite", "hear", "say", "tell", "believe"})
"""Verbs whose passive subject is the speaker: "X was quoted as saying", "X is said to"."""

SPEAKER_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
"""Dependency labels of a cue verb's subject."""

MODAL_LEMMAS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must"})
"""Auxiliaries that make an attribution hypothetical; a model feature."""

PERSON_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them"})
"""Pronouns that stand for people and are resolved to a named speaker."""

AUTHOR_PRONOUNS = frozenset({"i", "we", "me", "us", "you"})
"""First and second person outside a quotation: the author's (or reader's) voice, which no
earlier speaker in the text stands for, so they are never resolved to one."""

RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
"""Relative pronouns: resolved to the noun the clause hangs on."""

MEDIA_NOUNS = _words(
    """
    newspaper paper daily weekly magazine outlet agency network channel broadcaster site
    website tabloid journal publication station program programme editorial
    """
)
"""Head nouns of definite descriptions of media outlets ("the newspaper wrote")."""

ORG_NOUNS = _words(
    """
    ministry department government administration agency council committee commission
    campaign party organization organisation group company firm court office parliament
    senate house union movement regime board institute foundation embassy statement release
    report study poll survey
    """
)
"""Head nouns of definite descriptions that refer to organisations or documents."""

HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "madam", "mme"})
"""Forms of address: part of a name as written ("Mr. Grant"), never a role."""
