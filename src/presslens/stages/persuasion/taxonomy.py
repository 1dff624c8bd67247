"""The 14 persuasion techniques of SemEval-2020 Task 11, with names a reader can understand.

The labels are spelt as in the PTC label files (``Name_Calling,Labeling``), so records and the
benchmark share one vocabulary. Each technique carries a display name, a one-paragraph
definition and an example sentence written for presslens: invented, and balanced across no
particular side, so that the definition explains the rhetorical move rather than a cause. The
UI shows the definition next to a flagged span, so a reader can judge the flag for themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from presslens.vocabulary import TECHNIQUE_LABELS

__all__ = ["LABELS", "TECHNIQUES", "TechniqueInfo", "describe"]


@dataclass(frozen=True, slots=True)
class TechniqueInfo:
    """What one technique is, for people.

    Attributes:
        label: the SemEval-2020 label, as stored in ``Technique.technique``.
        name: a short display name.
        definition: one paragraph: what the move is and why it persuades.
        example: an invented sentence that uses it.
    """

    label: str
    name: str
    definition: str
    example: str


_INFOS: tuple[TechniqueInfo, ...] = (
    TechniqueInfo(
        "Appeal_to_Authority",
        "Appeal to authority",
        "A claim is presented as true because an authority, expert or institution said so, "
        "rather than because of the evidence behind it. Citing experts is normal in reporting; "
        "it becomes a persuasion technique when the authority's standing stands in for the "
        "argument, or when the authority speaks outside their field.",
        "As a Nobel laureate has said, the new tax plan is the only sensible way forward.",
    ),
    TechniqueInfo(
        "Appeal_to_fear-prejudice",
        "Appeal to fear or prejudice",
        "Support for an idea is sought by stirring anxiety, panic or existing prejudice about "
        "what will happen if it is not accepted, instead of weighing the likely outcomes. The "
        "threat is often vague, large and imminent.",
        "If this bill passes, no family in the country will be safe in its own home.",
    ),
    TechniqueInfo(
        "Bandwagon,Reductio_ad_hitlerum",
        "Bandwagon or guilt by association",
        "Two related moves. Bandwagon urges the reader to join a view because everyone else "
        "supposedly already holds it. Reductio ad hitlerum rejects a view because a group the "
        "audience despises also holds it, so the idea is judged by its company, not its merits.",
        "Every sensible voter has already made up their mind; only dictators ever backed "
        "a policy like this one.",
    ),
    TechniqueInfo(
        "Black-and-White_Fallacy",
        "Black-and-white fallacy",
        "Only two options are presented as if no others existed, often one of them plainly "
        "unacceptable, so the reader is pushed towards the other. Dictatorship is its extreme "
        "form: telling the audience there is exactly one thing to do.",
        "Either we close the port tomorrow or we hand the city over to chaos.",
    ),
    TechniqueInfo(
        "Causal_Oversimplification",
        "Causal oversimplification",
        "A complex outcome is put down to a single cause, or a sequence of events is taken as "
        "proof that one caused the other, leaving out the other factors involved.",
        "Prices went up the month the new mayor took office, so the mayor is to blame for "
        "inflation.",
    ),
    TechniqueInfo(
        "Doubt",
        "Doubt",
        "The credibility of a person, group or claim is questioned, often through insinuation "
        "or rhetorical questions rather than evidence, so that the reader stops trusting "
        "them.",
        "Can we really believe anything the committee tells us after last year?",
    ),
    TechniqueInfo(
        "Exaggeration,Minimisation",
        "Exaggeration or minimisation",
        "Something is made to look far larger, better or worse than it is, or a serious matter "
        "is played down as trivial, so that the reader's sense of proportion shifts.",
        "The minor delay to the railway timetable is the greatest scandal of our age.",
    ),
    TechniqueInfo(
        "Flag-Waving",
        "Flag-waving",
        "An idea is tied to patriotism or the identity of a group (a nation, a faith, a party), "
        "so that supporting it feels like loyalty and opposing it like betrayal.",
        "Any true patriot will stand behind our farmers on this vote.",
    ),
    TechniqueInfo(
        "Loaded_Language",
        "Loaded language",
        "Words or phrases with strong emotional charge, positive or negative, are used where "
        "neutral ones would do, to colour the reader's view of what is described. This is the "
        "most frequent technique in news text.",
        "The council's outrageous, reckless scheme will devastate the neighbourhood.",
    ),
    TechniqueInfo(
        "Name_Calling,Labeling",
        "Name calling or labelling",
        "A person, group or idea is given a label the audience fears, dislikes or admires, so "
        "that the label does the arguing. Labels can be insults or flattering epithets.",
        "The so-called experts behind the report are career bureaucrats with an agenda.",
    ),
    TechniqueInfo(
        "Repetition",
        "Repetition",
        "The same word, phrase or message is repeated across the text so that it sticks and "
        "gains acceptance through familiarity rather than argument.",
        "We need clean water. Clean water for every town, clean water for every school.",
    ),
    TechniqueInfo(
        "Slogans",
        "Slogan",
        "A short, striking phrase, often a call to action or a label for a cause, that packs an "
        "argument into a memorable formula and may carry stereotypes.",
        "Our message to the ministry is simple: fair roads for all.",
    ),
    TechniqueInfo(
        "Thought-terminating_Cliches",
        "Thought-terminating cliché",
        "A stock phrase that discourages further thought or discussion by making a question "
        "seem settled: short, generic and hard to argue with.",
        "The plan failed, but it is what it is, and rules are rules.",
    ),
    TechniqueInfo(
        "Whataboutism,Straw_Men,Red_Herring",
        "Whataboutism, straw man or red herring",
        "The argument is moved away from the point: by accusing the critic of the same fault "
        "(whataboutism), by refuting a distorted version of the opposing view (straw man), or "
        "by bringing in an unrelated topic (red herring).",
        "They criticise our budget, but what about the money they wasted ten years ago?",
    ),
)

#: The technique labels, in the order of the SemEval-2020 inventory.
LABELS: tuple[str, ...] = TECHNIQUE_LABELS
if tuple(info.label for info in _INFOS) != LABELS:  # one vocabulary: the shared labels
    raise ImportError("the technique definitions must follow presslens.vocabulary.TECHNIQUE_LABELS")

#: Every technique's description, keyed by label.
TECHNIQUES: Mapping[str, TechniqueInfo] = MappingProxyType({i.label: i for i in _INFOS})


def describe(label: str) -> TechniqueInfo:
    """Return the description of a technique label.

    Raises:
        KeyError: if ``label`` is not one of :data:`LABELS`; the message lists them.
    """
    try:
        return TECHNIQUES[label]
    except KeyError:
        raise KeyError(
            f"unknown technique {label!r}; expected one of {', '.join(LABELS)}"
        ) from None
