"""Lexicons for the quotation stage: cue words, frames and speaker vocabulary. No logic here.

The trained cue model (``model/``) weighs every verb and noun by its lemma, so these lists are
not a gate: they give the model a prior for rare verbs and drive the rules that need a closed
class (passive frames, "according to", speaker nouns).
"""

from __future__ import annotations

from typing import get_args

from presslens.records import SHOWN_CUE_TYPES, CueType

__all__ = [
    "ACCORDING_TO",
    "CUE_LEMMAS",
    "CUE_TYPES",
    "DOCUMENT_NOUNS",
    "MODAL_LEMMAS",
    "PASSIVE_FRAMES",
    "PHRASAL_TAG_VERBS",
    "RAISING_VERBS",
    "REPORTING_NOUNS",
    "REPORTING_VERBS",
    "SHOWN_CUE_TYPES",
    "SPEAKER_DEPS",
    "TAG_VERBS",
    "CueType",
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

PHRASAL_TAG_VERBS = frozenset(
    {
        ("go", "on"),
        ("shoot", "back"),
        ("fire", "back"),
        ("hit", "back"),
        ("push", "back"),
        ("cut", "in"),
        ("break", "in"),
        ("chime", "in"),
        ("jump", "in"),
        ("pipe", "up"),
        ("speak", "up"),
    }
)
"""Verb and particle pairs that attribute a quotation beside them ("“…,” Sanders shot back")."""

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

RAISING_VERBS = frozenset({"seem", "appear"})
"""Verbs whose subject is not a source: in "X appears to favour Y" the writer infers."""

SPEAKER_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
"""Dependency labels of a cue verb's subject."""

MODAL_LEMMAS = frozenset({"will", "would", "could", "can", "may", "might", "should", "must"})
"""Auxiliaries that make an attribution hypothetical; a model feature."""

DOCUMENT_NOUNS = _words(
    """
    statement release report study poll survey letter memo document editorial column op-ed
    tweet post filing complaint lawsuit ad advertisement video
    """
)
"""Head nouns of documents that speak for their authors ("the report said")."""

# --- cue types -----------------------------------------------------------------------------

CUE_TYPES: tuple[CueType, ...] = get_args(CueType)
"""What an attribution reports: words said, words written, a belief, an intention, a
perception, or something else (a position, an action)."""

CUE_LEMMAS: dict[CueType, frozenset[str]] = {
    "speech": _words(
        """
        say tell add announce answer argue ask assert assure blast boast brag call caution
        charge claim comment complain concede confirm contend declare deny describe dismiss
        emphasize emphasise explain insist joke lament maintain mention note object observe
        pledge proclaim protest question quip recall recount reiterate remark remind reply
        respond reveal scoff speak state stress suggest swear testify threaten tout urge vow warn
        accuse acknowledge admit advise affirm allege blame criticize criticise demand disclose
        estimate forecast predict praise recommend shout yell exclaim scream chant whisper
        retort interject counter plead ridicule mock attack slam rip lash hit brand label
        decry denounce condemn insult deride dub quote cite
        statement remark comment announcement claim assertion accusation allegation denial
        warning testimony speech interview argument admission
        """
    ),
    "writing": _words(
        """
        write tweet post publish print pen email text blog retweet sign
        report letter memo tweet post editorial op-ed column essay article
        """
    ),
    "belief": _words(
        """
        think believe feel consider doubt expect know reckon suspect suppose assume guess
        wonder worry fear hope recognize recognise understand realize realise imagine trust
        conclude agree disagree regard view deem find concern belief view opinion concern
        conviction doubt fear hope suspicion assessment conclusion expectation sense
        """
    ),
    "intention": _words(
        """
        want plan intend aim seek promise vow pledge decide propose offer refuse decline
        try attempt wish prefer push support oppose commit
        plan proposal promise pledge intention goal bid effort push call demand
        """
    ),
    "perception": _words("see hear notice watch observe witness feel sense perceive spot"),
}
"""Cue lemmas by what they report; a lemma is read as the first type that lists it, in the
order speech, writing, belief, intention, perception."""
