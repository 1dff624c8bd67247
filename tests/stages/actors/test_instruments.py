"""Instrument patterns: numbered bills and resolutions, acronyms, named acts and treaties."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from presslens.stages.actors import instruments_from_doc

Analyse = Callable[[str], Doc]


@pytest.mark.parametrize(
    ("text", "surface", "kind", "name", "body"),
    [
        (
            "The House passed H.Res. 1148 on Monday.",
            "H.Res. 1148",
            "resolution",
            "H.Res. 1148",
            "U.S. House",
        ),
        ("Critics of H.R. 3364 spoke.", "H.R. 3364", "bill", "H.R. 3364", "U.S. House"),
        ("Backers of S.Res. 188 met.", "S.Res. 188", "resolution", "S.Res. 188", "U.S. Senate"),
        (
            "They cited U.S. House Resolution 1148 again.",
            "U.S. House Resolution 1148",
            "resolution",
            "H.Res. 1148",
            "U.S. House",
        ),
        (
            "It breaches UN Security Council Resolution 2231, diplomats said.",
            "UN Security Council Resolution 2231",
            "resolution",
            "UNSC Resolution 2231",
            "UN Security Council",
        ),
        ("Resolution 2231 expires soon.", "Resolution 2231", "resolution", "Resolution 2231", None),
        ("Talks on the JCPOA stalled.", "JCPOA", "agreement", "JCPOA", None),
        ("Signatories of the NPT met.", "NPT", "treaty", "NPT", None),
        (
            "The Joint Comprehensive Plan of Action was signed in 2015.",
            "Joint Comprehensive Plan of Action",
            "agreement",
            "JCPOA",
            None,
        ),
        (
            "Congress passed the Caesar Act of 2019.",
            "Caesar Act of 2019",
            "act",
            "Caesar Act of 2019",
            None,
        ),
        (
            "Both states left the Paris Agreement.",
            "Paris Agreement",
            "agreement",
            "Paris Agreement",
            None,
        ),
        (
            "The Belgian Senate resolution was adopted unanimously.",
            "Belgian Senate resolution",
            "resolution",
            "Belgian Senate resolution",
            "Belgian Senate",
        ),
        (
            "We have seen resolutions by many parliaments, the most recent being the Belgian "
            "Senate.",
            "the most recent being the Belgian Senate",
            "resolution",
            "Belgian Senate resolution",
            "Belgian Senate",
        ),
    ],
)
def test_instrument_patterns(
    analyse: Analyse, text: str, surface: str, kind: str, name: str, body: str | None
) -> None:
    found = {i.text: i for i in instruments_from_doc(analyse(text))}
    assert surface in found, found
    instrument = found[surface]
    assert (instrument.kind, instrument.name, instrument.body) == (kind, name, body)


@pytest.mark.parametrize(
    "text",
    [
        "The FATF kept Iran on its list.",  # an organisation, not an instrument
        "She called for the resolution of unresolved issues.",
        "About 500 U.S. 101st Airborne troops left.",
        "The Act alone says little.",
    ],
)
def test_not_instruments(analyse: Analyse, text: str) -> None:
    assert instruments_from_doc(analyse(text)) == ()
