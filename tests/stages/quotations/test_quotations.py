"""The quotation stage on fixtures written for each construction it must handle."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from presslens.config import PipelineConfig
from presslens.records import Quote
from presslens.stages.quotations import EXTENSION, quotes_from_doc

Find = Callable[[str], tuple[Quote, ...]]


@pytest.fixture(scope="session")
def quotes_nlp() -> Language:
    # Our own copy of the model: pipelines shared with other tests keep their component list.
    nlp = spacy.load(PipelineConfig().model)
    nlp.add_pipe("presslens_quotes")
    return nlp


@pytest.fixture(scope="session")
def find(quotes_nlp: Language) -> Find:
    return lambda text: quotes_from_doc(quotes_nlp(text))


def _texts(quote: Quote) -> dict[str, object]:
    return {
        "kind": quote.kind,
        "content": [s.text for s in quote.content],
        "cue": quote.cue.text if quote.cue else None,
        "speaker": quote.speaker.text if quote.speaker else None,
        "resolved": quote.speaker_resolved.text if quote.speaker_resolved else None,
        "role": quote.role.text if quote.role else None,
    }


def _only(quotes: tuple[Quote, ...], containing: str) -> dict[str, object]:
    found = [q for q in quotes if any(containing in s.text for s in q.content)]
    assert len(found) == 1, [_texts(q) for q in quotes]
    return _texts(found[0])


@pytest.mark.parametrize(
    ("text", "containing", "expected"),
    [
        (  # curly marks, inverted cue, appositive role
            "“The budget will pass this week,” said Maria Lopez, the council treasurer.",
            "budget",
            {"kind": "direct", "speaker": "Maria Lopez", "role": "the council treasurer"},
        ),
        (  # straight marks, speaker before the quote
            'Senator John Brown said, "Taxes are far too high for working families."',
            "Taxes",
            {"kind": "direct", "speaker": "John Brown", "cue": "said", "role": "Senator"},
        ),
        (  # reported speech
            "The governor said that the new bridge would open next spring.",
            "bridge",
            {"kind": "indirect", "speaker": "The governor", "cue": "said"},
        ),
        (  # "according to X"
            "According to the health ministry, infections fell sharply in March.",
            "infections",
            {"kind": "indirect", "speaker": "the health ministry", "cue": "According to"},
        ),
        (  # passive frame
            'Mr. Grant was quoted as saying that "the deal is dead."',
            "deal",
            {"speaker": "Mr. Grant"},
        ),
        (  # colon after the speaker
            "Ali Reza, a member of the city council, expresses with concern: "
            "“The water supply must be repaired before the summer.”",
            "water supply",
            {"kind": "direct", "speaker": "Ali Reza", "role": "a member of the city council"},
        ),
        (  # media as speaker
            "On Monday, the Daily Courier newspaper wrote, “The mayor has failed this city "
            "and its people for far too long.”",
            "mayor",
            {"kind": "direct", "speaker": "the Daily Courier newspaper", "cue": "wrote"},
        ),
        (  # a title the model took into the name is the role
            "“The levy is fair,” said Councillor Ana Ruiz after the vote on Tuesday.",
            "levy",
            {"speaker": "Ana Ruiz", "role": "Councillor"},
        ),
        (  # an acronym in brackets renames the speaker; it is not a role
            "The Coastal Resilience Alliance (CRA) said that the levy should pass this year.",
            "levy",
            {"speaker": "The Coastal Resilience Alliance", "role": None},
        ),
        (  # single quotes nested inside double ones stay one quotation
            "She said, “My father told me ‘never give up’ and I never did, not once.”",
            "never give up",
            {"kind": "direct", "speaker": "She"},
        ),
    ],
)
def test_constructions(find: Find, text: str, containing: str, expected: dict[str, object]) -> None:
    got = _only(find(text), containing)
    assert {key: got[key] for key in expected} == expected


def test_quote_interrupted_by_its_cue_has_two_spans(find: Find) -> None:
    text = '"Taxes are high," the senator said, "and they must come down soon."'
    got = _only(find(text), "Taxes")
    assert got["content"] == ['"Taxes are high,"', '"and they must come down soon."']


def test_uncued_quote_continues_the_attributed_one(find: Find) -> None:
    text = '"We will not back down," Diaz said. "This fight is about our children and our jobs."'
    got = _only(find(text), "back down")
    assert len(got["content"]) == 2
    assert got["speaker"] == "Diaz"


def test_multi_paragraph_quote(find: Find) -> None:
    text = (
        "The union leader Sam Okafor said: “We have waited three years for a fair contract.\n\n"
        "“Our members will strike on Monday if the company does not move.”"
    )
    got = _only(find(text), "waited")
    assert len(got["content"]) == 2
    assert got["speaker"] == "Sam Okafor"


def test_pronoun_and_description_resolve_to_the_named_speaker(find: Find) -> None:
    text = (
        "Anna Kowalski, the foreign minister, said on Tuesday that the talks had failed. "
        "She added, “We will try again next month with new proposals.” "
        "The minister later said that a deal was still possible this year."
    )
    quotes = find(text)
    added = _only(quotes, "try again")
    later = _only(quotes, "deal was still possible")
    assert (added["speaker"], added["resolved"]) == ("She", "Anna Kowalski")
    assert (later["speaker"], later["resolved"]) == ("The minister", "Anna Kowalski")


def test_who_and_surname_resolve_to_the_full_name(find: Find) -> None:
    text = (
        "The plan was attacked by Tom Jones, who said that the rules would hurt workers. "
        "Jones also said that the vote should be delayed until the autumn."
    )
    quotes = find(text)
    who = _only(quotes, "hurt workers")
    later = _only(quotes, "vote should be delayed")
    assert (who["speaker"], who["resolved"]) == ("who", "Tom Jones")
    assert (later["speaker"], later["resolved"]) == ("Jones", "Tom Jones")


@pytest.mark.parametrize(
    "text",
    ["", "“", '"""', "He said “this never ends.\n\nNext.", "” ” “ said he: '", "said:" * 40],
)
def test_odd_text_never_crashes(find: Find, text: str) -> None:
    for quote in find(text):
        assert quote.content


def test_offsets_round_trip(quotes_nlp: Language) -> None:
    text = (
        "“We won,” said Ana Pérez, the mayor of Springfield. She added that the result "
        "was “a victory for every neighbourhood.” According to the city, turnout was 61 %."
    )
    doc = quotes_nlp(text)
    quotes = quotes_from_doc(doc)
    assert quotes
    for quote in quotes:
        for span in (*quote.content, quote.cue, quote.speaker, quote.speaker_resolved, quote.role):
            if span is not None:
                assert text[span.start : span.end] == span.text
        assert 0.0 <= quote.confidence <= 1.0
    # Plain data on the Doc: msgpack-serialisable, and it survives Doc.to_bytes().
    data = doc._.get(EXTENSION)
    assert srsly.msgpack_loads(srsly.msgpack_dumps(data)) == data
    restored = Doc(quotes_nlp.vocab).from_bytes(doc.to_bytes())
    assert quotes_from_doc(restored) == quotes


def test_component_not_run_gives_no_quotes() -> None:
    assert quotes_from_doc(spacy.blank("en")("He said hello.")) == ()


def test_media_description_resolves_to_the_outlet(find: Find) -> None:
    text = (
        "The Daily Courier wrote on Monday that the mayor had misled voters. "
        "The newspaper added that the city budget was “a work of fiction from start to end.”"
    )
    added = _only(find(text), "city budget")
    assert (added["speaker"], added["resolved"]) == ("The newspaper", "Daily Courier")


@pytest.mark.parametrize(
    ("text", "containing", "resolved"),
    [
        (  # a plural description is a speaker of its own, not the last named one
            "The Geneva Convention binds every state. Even the most cautious economists accept "
            "that delay is the costliest choice.",
            "delay",
            "the most cautious economists",
        ),
        (  # a newspaper that names itself is not a back-reference to an earlier speaker
            "The mayors warned that the river would flood. The Harbor Ledger newspaper wrote "
            "that “the levy rewards the wrong districts.”",
            "levy",
            "Harbor Ledger",
        ),
    ],
)
def test_descriptions_resolve_only_when_they_refer_back(
    find: Find, text: str, containing: str, resolved: str | None
) -> None:
    assert _only(find(text), containing)["resolved"] == resolved


def test_role_keeps_a_bracketed_acronym_whole(find: Find) -> None:
    text = (
        "Laura Bennett, a deputy administrator at the Federal Emergency Management Agency (FEMA), "
        "told reporters: “We are spending more on recovery than on prevention.”"
    )
    role = _only(find(text), "recovery")["role"]
    assert role == "a deputy administrator at the Federal Emergency Management Agency (FEMA)"


def test_dash_line_names_the_speaker(find: Find) -> None:
    text = (
        "“The council has ignored our street for years. Nobody listens to us.” ― Maria Gomez\n"
        "“We pay the same taxes and we get half the services.” ― Tom Alvarez\n"
    )
    quotes = find(text)
    first, second = _only(quotes, "ignored"), _only(quotes, "taxes")
    assert (first["speaker"], first["cue"]) == ("Maria Gomez", "―")
    assert (second["speaker"], second["cue"]) == ("Tom Alvarez", "―")


def test_tag_after_a_quote_of_several_sentences(find: Find) -> None:
    # The parse leaves "said" without a complement: the tag beside the marks decides.
    text = (
        '"Voters want results. They want a budget that works. No matter who wins, that is the '
        'job," said Rep. Ellen Marsh of Ohio, the committee chair.'
    )
    got = _only(find(text), "Voters")
    assert (got["cue"], got["resolved"], got["role"]) == (
        "said",
        "Ellen Marsh",
        "the committee chair",
    )


def test_quote_with_its_own_tag_does_not_continue_the_previous_one(find: Find) -> None:
    text = (
        '"Every time you say that," Tester said, "you give ammunition to the critics." '
        '"Why is this not proof that the bank is too big to manage?" Vitter demanded.'
    )
    quotes = find(text)
    assert _only(quotes, "ammunition")["speaker"] == "Tester"
    assert (_only(quotes, "Why is")["speaker"], _only(quotes, "Why is")["cue"]) == (
        "Vitter",
        "demanded",
    )


def test_inverted_tag_before_a_quote(find: Find) -> None:
    text = (
        "Experts agree that the tax code is complex. "
        "Said Ellis: “I don’t get the sense she is interested in reform at all.”"
    )
    got = _only(find(text), "reform at all")
    assert (got["speaker"], got["resolved"], got["cue"]) == ("Ellis", "Ellis", "Said")


def test_outer_attribution_wins_over_the_one_it_reports(find: Find) -> None:
    # "X said she believes Y": one attribution, X's, whose content holds "she believes Y".
    quotes = find("Senator Ann Lee said she believes the bill will pass next week.")
    got = _only(quotes, "bill will pass")
    assert (got["speaker"], got["cue"]) == ("Ann Lee", "said")
    assert got["content"] == ["she believes the bill will pass next week"]


@pytest.mark.parametrize(
    ("text", "containing", "speaker"),
    [
        (  # object control: the object of "prompted" does the ordering
            "The crisis prompted the alliance at its summit to warn that it would defend every "
            "member.",
            "defend every member",
            "the alliance",
        ),
        (
            "The senator forced the banker to admit that no executive had been held accountable.",
            "no executive",
            "the banker",
        ),
        (  # a proper noun modifying a reporting noun is its source
            "Hillary Clinton is seizing upon a New York Times report that Donald Trump had a net "
            "loss of more than $915 million in 1995.",
            "net loss",
            "New York Times",
        ),
        (  # the parse's subject lies inside the quotation: the tag's own subject speaks
            "“My reaction, that was outrageous,” the former campaign strategist said in an "
            "interview.",
            "outrageous",
            "the former campaign strategist",
        ),
        (  # a speaker never runs across a line break from a time stamp
            "7 p.m.\n\nDonald Trump says political correctness has run amok in the military.",
            "amok",
            "Donald Trump",
        ),
    ],
)
def test_speaker_repairs(find: Find, text: str, containing: str, speaker: str) -> None:
    assert _only(find(text), containing)["speaker"] == speaker


def test_quote_opened_mid_clause_keeps_the_clause(find: Find) -> None:
    got = _only(
        find("Not paying taxes “makes me smart,” Donald Trump said at the debate."), "smart"
    )
    assert (got["kind"], got["content"], got["speaker"]) == (
        "mixed",
        ["Not paying taxes “makes me smart,”"],
        "Donald Trump",
    )


def test_interrupted_quote_with_a_tag_is_one_quote(find: Find) -> None:
    text = (
        '"If you look back and check the transcripts," Scott said, "I could have written '
        'those things last week."'
    )
    got = _only(find(text), "transcripts")
    assert len(got["content"]) == 2
    assert (got["speaker"], got["cue"]) == ("Scott", "said")


def test_a_title_in_marks_is_not_a_quotation(find: Find) -> None:
    text = (
        "The coach recommended the book “Make Your Kid a Millionaire” to every parent, Smith said."
    )
    got = _only(find(text), "Millionaire")
    assert got["kind"] == "indirect"
    assert got["content"] == [
        "The coach recommended the book “Make Your Kid a Millionaire” to every parent"
    ]


def test_uncued_quote_with_no_speaker_in_reach_is_dropped(find: Find) -> None:
    text = (
        "The hall was quiet.\n\n\"We need law and order. If we don't have it, we're not going "
        'to have a country at all."'
    )
    assert find(text) == ()


def test_tag_with_a_misparsed_title_before_the_verb(find: Find) -> None:
    text = (
        "“I will just make this promise to you: We will achieve justice in this case,” Tulsa "
        "police Chief Chuck Jordan said Monday."
    )
    got = _only(find(text), "promise")
    assert (got["cue"], got["speaker"]) == ("said", "Chuck Jordan")


def test_description_resolves_through_an_appositive_without_a_quote(find: Find) -> None:
    text = (
        "Maria Lopez, the city treasurer, opened the meeting at nine. "
        "The treasurer later said that the budget would pass."
    )
    got = _only(find(text), "budget would pass")
    assert (got["speaker"], got["resolved"]) == ("The treasurer", "Maria Lopez")


def test_the_writers_own_verdict_is_not_a_quotation(find: Find) -> None:
    text = (
        "The statement is accurate but needs more context, so we rate it "
        '"Mostly True with a little bit of missing context here."'
    )
    assert find(text) == ()
