"""Who speaks: a table of constructions, each asserting the speaker as written, the name it
resolves to (or that it stays unresolved), and the cue type.

The actors stage and the quotation stage run together, as in the pipeline: the quotation stage
finds the speaker mention and the actors stage says who it is. Every span a quotation carries
is checked against the text it indexes (``text[start:end] == span.text``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.language import Language

import presslens.stages.actors.component  # noqa: F401  (registers presslens_actors)
from presslens.config import PipelineConfig
from presslens.records import Quote
from presslens.stages.quotations import quotes_from_doc
from presslens.stages.quotations.speakers import find_speaker

Find = Callable[[str], tuple[Quote, ...]]


@pytest.fixture(scope="module")
def find() -> Find:
    nlp: Language = spacy.load(PipelineConfig().model)
    nlp.add_pipe("presslens_actors")
    nlp.add_pipe("presslens_quotes")

    def run(text: str) -> tuple[Quote, ...]:
        quotes = quotes_from_doc(nlp(text))
        for quote in quotes:
            spans = [*quote.content, quote.cue, quote.speaker, quote.speaker_resolved, quote.role]
            for span in spans:
                if span is not None:
                    assert text[span.start : span.end] == span.text
            assert 0.0 <= quote.confidence <= 1.0
        return quotes

    return run


def _one(quotes: tuple[Quote, ...], containing: str) -> Quote:
    found = [q for q in quotes if any(containing in s.text for s in q.content)]
    described = [
        (
            [s.text for s in q.content],
            q.speaker.text if q.speaker else None,
            q.speaker_resolved.text if q.speaker_resolved else None,
        )
        for q in quotes
    ]
    assert len(found) == 1, described
    return found[0]


def _said(quote: Quote) -> tuple[str | None, str | None]:
    speaker = quote.speaker.text if quote.speaker else None
    resolved = quote.speaker_resolved.text if quote.speaker_resolved else None
    return speaker, resolved


@pytest.mark.parametrize(
    ("text", "containing", "speaker", "resolved"),
    [
        pytest.param(
            "Maria Lopez said the party had lost its way. Thomas Brandt disagreed. "
            "“The party is stronger than ever,” he said.",
            "stronger than ever",
            "he",
            "Thomas Brandt",
            id="he-after-a-woman-and-a-man",
        ),
        pytest.param(
            "Maria Lopez met Thomas Brandt in Berlin on Monday. "
            "“We have no deal yet,” she said after the meeting.",
            "no deal yet",
            "she",
            "Maria Lopez",
            id="she-skips-the-nearer-man",
        ),
        pytest.param(
            "Ms. Lindqvist spoke first, and Mr. Okafor answered her at length. "
            "“Nothing has changed since March,” she said.",
            "Nothing has changed",
            "she",
            "Lindqvist",
            id="she-by-honorific",
        ),
        pytest.param(
            "Thomas Brandt praised the budget, but Maria Lopez called it reckless. "
            "“It will cost us a decade,” he warned.",
            "cost us a decade",
            "he",
            "Thomas Brandt",
            id="he-skips-the-nearer-woman",
        ),
        pytest.param(
            "Maria Lopez arrived late to the hearing. “We will not back down,” they said.",
            "not back down",
            "they",
            None,
            id="they-never-a-single-person",
        ),
        pytest.param(
            "The Kenyan embassy in London rejected the report. "
            "“The visa rules have not changed,” the embassy said in a statement.",
            "visa rules",
            "the embassy",
            ("the embassy", "The Kenyan embassy in London"),
            id="the-embassy-is-not-the-country",
        ),
        pytest.param(
            "Kenya's Ministry of Health issued new guidance on Friday. "
            "The ministry said that hospitals would receive extra staff by June.",
            "hospitals would receive",
            "The ministry",
            "Ministry of Health",
            id="the-ministry-back-to-its-name",
        ),
        pytest.param(
            "Mohammad Sadr, speaking from exile in Paris, was defiant: "
            "“We will return to Tehran, and we will win.”",
            "return to Tehran",
            "Mohammad Sadr",
            None,
            id="colon-introduction",
        ),
        pytest.param(
            "Anna Keller, who has studied glaciers in the Alps for thirty years, said the ice "
            "was thinning. “It is faster than our models predicted,” the veteran researcher "
            "added.",
            "faster than our models",
            "the veteran researcher",
            "Anna Keller",
            id="the-veteran-researcher-added",
        ),
        pytest.param(
            "WASHINGTON -- President Obama, opening a museum on Saturday, said it would tell an "
            "American story.",
            "American story",
            "Obama",
            "Obama",
            id="dateline-then-the-speaker",
        ),
        pytest.param(
            "PARIS — The French government said it would raise the minimum wage in January.",
            "minimum wage",
            "The French government",
            "The French government",
            id="dateline-is-no-subject",
        ),
        pytest.param(
            "Mohammad Sadr, a member of the council, spoke on Monday. He added, “Diplomacy must "
            "become more active.”\n\nThis international relations expert goes so far as to "
            "advocate for the “resolution of unresolved issues from the past, such as the nuclear "
            "deal.”",
            "resolution of unresolved",
            "This international relations expert",
            "Mohammad Sadr",
            id="this-expert-is-the-person-just-quoted",
        ),
    ],
)
def test_speaker(
    find: Find,
    text: str,
    containing: str,
    speaker: str,
    resolved: str | tuple[str, ...] | None,
) -> None:
    quote = _one(find(text), containing)
    got_speaker, got_resolved = _said(quote)
    assert got_speaker == speaker
    if speaker == "Mohammad Sadr":  # named in full: nothing to resolve
        assert got_resolved in (None, speaker)
    elif isinstance(resolved, tuple):  # the description itself, or the phrase it refers back to
        assert got_resolved in resolved
    else:
        assert got_resolved == resolved


def test_plural_they_goes_to_the_organisation_in_reach(find: Find) -> None:
    text = (
        "The Teachers Union rejected the offer on Monday. "
        "“This offer is an insult to every teacher,” they said in a statement."
    )
    quote = _one(find(text), "insult")
    assert _said(quote)[0] == "they"
    resolved = _said(quote)[1]
    assert resolved is not None and "Teachers Union" in resolved


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "We are witnessing the end of an era. We believe that the West must act now, "
            "before the regime grows stronger.",
            id="the-writers-we-believes",
        ),
        pytest.param(
            "I think the council has failed its voters, and I say so plainly: the budget is a "
            "disgrace.",
            id="the-writers-i-thinks",
        ),
    ],
)
def test_the_writer_is_never_a_quoted_source(find: Find, text: str) -> None:
    for quote in find(text):
        assert quote.speaker is None or quote.speaker.text.lower() not in ("we", "i", "us")


def test_they_is_not_an_organisation_behind_a_nearer_plural(find: Find) -> None:
    text = (
        "The resolution was passed by the U.S. House last week. When it comes to the interests "
        "of global powers, they prefer to pursue their own interests, the senator said."
    )
    for quote in find(text):
        if quote.speaker is not None and quote.speaker.text == "they":
            assert quote.actor is None
            assert quote.speaker_resolved is None or "House" not in quote.speaker_resolved.text


def test_a_quoted_we_keeps_its_speaker(find: Find) -> None:
    quote = _one(find("“We will win this fight,” said Maria Lopez."), "win this fight")
    assert _said(quote)[0] == "Maria Lopez"


@pytest.mark.parametrize(
    ("text", "containing", "cue_type"),
    [
        ("Maria Lopez said that the vote would be held in May.", "vote would be held", "speech"),
        ("“We will win,” the senator told reporters.", "We will win", "speech"),
        (
            "Thomas Brandt wrote in a letter to the board that the merger was a mistake.",
            "merger was a mistake",
            "writing",
        ),
        ("Maria Lopez believes that the reform will fail.", "reform will fail", "belief"),
        (
            "The minister expressed concern that the talks would collapse.",
            "talks would collapse",
            "belief",
        ),
        ("Maria Lopez hopes that the council will raise taxes.", "raise taxes", "belief"),
        (
            "Thomas Brandt promised that taxes would fall next year.",
            "taxes would fall",
            "intention",
        ),
        (
            "Officials want the bridge rebuilt by June, according to the memo.",
            "bridge rebuilt",
            "writing",
        ),
        (
            "The council intends to raise taxes on second homes next year, its leader said.",
            "intends to raise",
            "speech",
        ),
    ],
)
def test_cue_type(find: Find, text: str, containing: str, cue_type: str) -> None:
    assert _one(find(text), containing).cue_type == cue_type


def test_roles_hold_no_verbs_or_quoted_words(find: Find) -> None:
    text = (
        "Rose-Lynn Carter, a nurse who worships at St. Mary's, said the clinic was closing. "
        "“They did not even ask us,” said Dana White, the union's spokeswoman."
    )
    for quote in find(text):
        if quote.role is None:
            continue
        assert "worships" not in quote.role.text
        assert not any(mark in quote.role.text for mark in '“”"')
        assert not any(
            quote.role.start < span.end and span.start < quote.role.end for span in quote.content
        )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Thomas Brandt seems to want a recount in every county.", id="seems-to"),
        pytest.param("It was said that the plan would fail within a year.", id="expletive-it"),
    ],
)
def test_a_subject_that_is_no_source_gives_no_speaker(find: Find, text: str) -> None:
    # "X seems to ...": the writer infers; "It was said": an expletive names nobody.
    quotes = find(text)
    assert quotes
    for quote in quotes:
        assert quote.speaker is None, quote


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        pytest.param(
            "In her speech, Lopez declared the need for drive: “Change the world, then change "
            "it again,” she said.",
            "“Change the world, then change it again,”",
            id="colon",
        ),
        pytest.param(
            'Brandt said the plan was unserious - "We need to get into the details," he said.',
            '"We need to get into the details,"',
            id="dash",
        ),
    ],
)
def test_a_tagged_quote_after_a_colon_leaves_the_introduction_out(
    find: Find, text: str, quoted: str
) -> None:
    quote = _one(find(text), quoted.strip('“”",')[:12])
    assert [s.text for s in quote.content] == [quoted]
    assert quote.cue is not None and quote.cue.text == "said"


def test_interview_lines_are_quotes_of_their_labels(find: Find) -> None:
    text = (
        "Q: You left the party in 2019. What changed for you?\n"
        "A: Nothing changed for me, the party changed around me.\n"
        "Note: the interview was edited for length.\n"
    )
    quotes = find(text)
    assert [(q.speaker.text if q.speaker else None, q.kind) for q in quotes] == [
        ("Q", "direct"),
        ("A", "direct"),
    ]
    assert quotes[1].content[0].text == "Nothing changed for me, the party changed around me."


def test_a_label_that_names_no_source_is_no_speaker(find: Find) -> None:
    # "Q:" without "A:" lines is no interview; "Update:" names nobody.
    text = "Update: the vote was moved to Friday afternoon.\nQ: what comes next for the bill?\n"
    assert find(text) == ()


def test_a_headline_with_a_named_label(find: Find) -> None:
    text = "Poll: the two candidates are tied in Ohio\n\nThe race has tightened since June.\n"
    quote = _one(find(text), "tied in Ohio")
    assert quote.speaker is not None and quote.speaker.text == "Poll"
    assert quote.cue is not None and quote.cue.text == ":"


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        pytest.param(
            "Officials were quick to say that the plan had failed.", "say", "Officials", id="quick"
        ),
        pytest.param(
            "The senator was eager to argue that the bill would pass.",
            "argue",
            "senator",
            id="eager",
        ),
    ],
)
def test_the_subject_of_an_adjective_speaks_through_its_infinitive(
    text: str, cue: str, speaker: str
) -> None:
    doc = spacy.load(PipelineConfig().model)(text)
    token = next(t for t in doc if t.text == cue)
    found = find_speaker(doc, token.i, "ccomp")
    assert found is not None and found.text == speaker


def test_whoever_runs_an_ad_speaks_through_it() -> None:
    doc = spacy.load(PipelineConfig().model)(
        "The Freedom Fund is running a TV spot attacking the governor for tax increases."
    )
    token = next(t for t in doc if t.text == "attacking")
    found = find_speaker(doc, token.i, "dobj")
    assert found is not None and found.text == "Fund"


def test_one_who_is_asked_is_not_the_speaker(find: Find) -> None:
    text = (
        "Pentagon spokesman Jeff Davis, who was asked about the need for a different war "
        "strategy, declined to comment."
    )
    quote = _one(find(text), "different war strategy")
    assert quote.speaker is None


def test_one_who_is_asked_in_a_participle_is_not_the_speaker(find: Find) -> None:
    quote = _one(find("Asked whether the senator can serve, 75 percent said no."), "can serve")
    assert quote.speaker is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            'Lopez said she stood up to the banks. Brandt shot back, "Ms. Lopez called them '
            'out. Oh my goodness, they must have been very upset."',
            "Brandt",
            id="shot-back",
        ),
        pytest.param(
            "“You know, it happens, right?” Brandt went on, as if he did not hear her. "
            "“But you have to get over it.”",
            "Brandt",
            id="went-on",
        ),
    ],
)
def test_a_phrasal_tag_names_the_speaker(find: Find, text: str, speaker: str) -> None:
    quote = _one(find(text), "upset" if "upset" in text else "it happens")
    assert quote.speaker is not None and quote.speaker.text == speaker
