import pytest

from presslens.stages.extract.byline import (
    MAX_LINE,
    is_bio_line,
    is_person_name,
    parse_affiliation,
    parse_byline,
    parse_date,
)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe and John Roe | Reuters", "Jane Doe and John Roe"),
        ("by Sarah E. Needham", "Sarah E. Needham"),
        ("By Bill Hope | Special to the Pioneer Press", "Bill Hope"),
        ("By Matt Digby, Minh Do on Monday, November 18th, 2019", "Matt Digby, Minh Do"),
        ("BY LISA MARSH and ERIC TURNER, Associated Press", "LISA MARSH and ERIC TURNER"),
        ("Von Hans Müller", "Hans Müller"),
        ("By Dr. Ann Lee", "Dr. Ann Lee"),
        ("By Jane Doe, Reuters", "Jane Doe"),
        ("By admin - 2018-09-16", None),
        ("By Regan September 15, 2014", None),
        ("By JERUSALEM POST STAFF", None),
        ("By the way, this is fine.", None),
        ("Byzantine rulers fell in 1453", None),
        ("", None),
    ],
)
def test_parse_byline(line: str, names: str | None) -> None:
    assert parse_byline(line) == names


@pytest.mark.parametrize(
    ("line", "organisation", "person", "relation"),
    [
        ("Matin Kareem writes for the People's Mojahedin Organization of Iran (PMOI/MEK)",
         "People's Mojahedin Organization of Iran (PMOI/MEK)", "Matin Kareem", "writes for"),
        ("Jane Doe is a senior fellow at the Atlantic Council.",
         "Atlantic Council", "Jane Doe", "is a senior fellow at"),
        ("John Smith is the director of the Center for Strategic and International Studies and"
         " a former ambassador.",
         "Center for Strategic and International Studies", "John Smith", "is the director of"),
        ("Ana Ruiz is a contributor to The Atlantic", "The Atlantic", "Ana Ruiz",
         "is a contributor to"),
        ("The author is a professor at Harvard University.", "Harvard University", None,
         "is a professor at"),
        ("Dr. Ann Lee, PhD, is an assistant professor of politics at the University of Chicago,"
         " where she studies war.", "University of Chicago", "Ann Lee",
         "is an assistant professor of politics at"),
        ("Molly Wood (@mollywood) is an Ideas contributor at WIRED and the host of a show",
         "WIRED", "Molly Wood", "is an Ideas contributor at"),
        ("Guest columnist Tom Price is director of the Cato Institute.",
         "Cato Institute", "Tom Price", "is director of"),
    ],
)  # fmt: skip
def test_parse_affiliation(line: str, organisation: str, person: str | None, relation: str) -> None:
    affiliation = parse_affiliation(line)
    assert affiliation is not None
    assert affiliation.statement == line
    assert affiliation.organisation == organisation
    assert affiliation.person == person
    assert affiliation.relation == relation


@pytest.mark.parametrize(
    "line",
    ["Jane Doe is an author and journalist based in London.",
     "Brigit Katz is a freelance writer based in Toronto.",
     "The SLS has been a key part of NASA's exploration plans since 2010.",
     "Trump is the president of the United States.",
     "The listing ceremony is due to be held at the Hong Kong Stock Exchange next Tuesday.",
     "Cannabis Use Disorder is Rising in U.S. States Where Weed is Legal",
     "", "x" * (MAX_LINE + 1)],
)  # fmt: skip
def test_lines_without_affiliation(line: str) -> None:
    assert parse_affiliation(line) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Rana Okafor writes for the Basin Water Forum (BWF)", True),
        ("Jane Doe is an author and journalist based in London.", True),
        ("The author is a professor at Harvard University.", True),
        ("Phil Hensel is a reporter for NBC News.", True),
        ("The president said the talks would resume next week.", False),
        ("Officials said the road would reopen on Friday.", False),
        ("The SLS has been a key part of NASA's exploration plans since 2010.", False),
        ("Rana Okafor", False),
    ],
)
def test_is_bio_line(line: str, expected: bool) -> None:
    assert is_bio_line(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Jane Doe", True),
        ("J. R. Smith", True),
        ("Ludwig van Beethoven", True),
        ("Related Tags", False),
        ("Quick Links", False),
        ("GET IT", False),
        ("Jane", False),
        ("Officials said the road would reopen.", False),
    ],
)
def test_is_person_name(line: str, expected: bool) -> None:
    assert is_person_name(line) is expected


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("November 18, 2019 11:03 PM", "2019-11-18"),
        ("18 November 2019", "2019-11-18"),
        ("2019-11-18", "2019-11-18"),
        ("2019-11-19T08:57:40+01:00", "2019-11-19"),
        ("Published: Nov. 18, 2019", "2019-11-18"),
        ("Updated Sept. 3rd, 2020 at 9:00 am", "2020-09-03"),
        ("PUBLISHED: November 19, 2019 at 8:59 pm | UPDATED: November 20, 2019", "2019-11-19"),
        ("11/20/2019 01:14 PM", "2019-11-20"),
        ("20/11/2019", "2019-11-20"),
        ("03/04/2019", None),  # March 4 or 3 April: ambiguous, not guessed
        ("2019-13-45", None),
        ("February 30, 2020", None),
        ("The council met on Tuesday.", None),
        ("", None),
    ],
)
def test_parse_date(line: str, iso: str | None) -> None:
    assert parse_date(line) == iso
