"""Lexicons and compiled patterns for the actor and instrument stage — data only, no logic.

Every list here is *general* English political-news vocabulary (titles, role nouns, the words
that head the names of parliaments, parties and newspapers, well-known treaty acronyms). None
of it names a particular article's people or organisations.
"""

from __future__ import annotations

import re

from presslens.vocabulary import lexicon

__all__ = [
    "ACRONYM_DEF",
    "ACRONYM_STOPWORDS",
    "COUNCIL_GOV_MODIFIERS",
    "CREDIT_LINE",
    "FOLLOW_LINE",
    "GENERIC_BODY_HEADS",
    "GENERIC_BODY_MODIFIERS",
    "GOV_HEADS",
    "GOV_PHRASES",
    "INSTRUMENT_ACRONYMS",
    "INSTRUMENT_ELLIPSIS",
    "INSTRUMENT_KIND_WORDS",
    "INSTRUMENT_LEGISLATURE",
    "INSTRUMENT_NAMED",
    "INSTRUMENT_NUMBERED",
    "INSTRUMENT_PLURALS",
    "MARKET_HEADS",
    "ORG_HEADS",
    "OUTLET_CUE_AFTER",
    "OUTLET_CUE_BEFORE",
    "OUTLET_HEADS",
    "OUTLET_PHRASES",
    "OUTLET_VERBS_AFTER",
    "OUTLET_VERBS_BEFORE",
    "PORTFOLIO_TITLES",
]


# --- people (titles, role nouns, pronouns and particles: presslens.vocabulary) -------------

# Titles a government portfolio comes with: "Energy Secretary Rick Perry", "Secretary of State
# Mike Pompeo", "National Security Adviser John Bolton". The portfolio ("Energy", "State") is
# part of the title there, not an actor.
PORTFOLIO_TITLES = lexicon("secretary minister adviser advisor czar")


# --- organisations, government bodies, media outlets --------------------------------------

# Words that head a government body's name ("Ministry of ...", "the Belgian Senate").
GOV_HEADS = lexicon(
    """
    senate parliament congress assembly ministry department cabinet government administration
    commission court tribunal majlis knesset bundestag bundesrat duma rada sejm storting riksdag
    folketing eduskunta althing oireachtas dail seanad legislature pentagon kremlin police
    navy army judiciary presidency secretariat chamber house
    """
)

# Words that head the name of a market index, not of an actor ("Hang Seng Index", "Dow Jones
# Industrial Average", "Shanghai Composite").
MARKET_HEADS = lexicon("index average composite")

# A line that credits the people who wrote or edited the story, not people the story is about:
# "Reporting by X; Editing by Y", "Associated Press writers X and Y contributed to this report".
CREDIT_LINE = re.compile(
    r"^\W*(?:(?:additional|further)\s+)?(?:reporting|writing|editing|compiled|produced)\s+by\b"
    r"|\bcontributed\s+(?:to\s+)?(?:this\s+)?(?:report|reporting|story|article)\b",
    re.IGNORECASE,
)
# The outlet's follow-us footer: "Follow The Times Opinion section on Facebook, Twitter ...".
FOLLOW_LINE = re.compile(
    r"^\W*follow\b.{0,120}?\bon\s+(?:facebook|twitter|instagram)\b", re.IGNORECASE
)

# Institutional nouns that, alone or with only generic modifiers, name a different body in each
# country or state ("the Senate", "the Legislature", "Supreme Court", "Interior Ministry"); the
# corpus store does not merge such names across articles (see keys.is_generic).
GENERIC_BODY_HEADS = lexicon(
    """
    senate house parliament congress assembly legislature council ministry department cabinet
    government administration commission court tribunal judiciary police army navy military
    presidency secretariat chamber committee agency party state statehouse embassy consulate
    """
)
GENERIC_BODY_MODIFIERS = lexicon(
    """
    national federal state supreme high upper lower central provincial regional city county
    municipal district general foreign interior home defence defense justice finance health
    education energy environment labour labor trade economy agriculture transport culture
    """
)

# Multi-word names that are government bodies whatever the head word says.
GOV_PHRASES = (
    "armed forces",
    "air force",
    "white house",
    "security council",
    "foreign office",
    "home office",
    "state department",
    "general assembly",
)

# "Council" heads a government body only with one of these before it ("City Council",
# "Supreme National Security Council"); otherwise it is an organisation ("Nordic Council").
COUNCIL_GOV_MODIFIERS = lexicon(
    "city town county municipal provincial regional state security legislative federal "
    "supreme privy executive guardian guardians"
)

# Words that head an organisation's name.
ORG_HEADS = lexicon(
    """
    organization organisation party movement front alliance coalition council union league
    network institute foundation center centre association society committee group forces force
    corporation company bank fund federation confederation campaign resistance brigade brigades
    guard trust initiative watch mojahedin mujahideen order club forum conference
    university school church mosque agency office bureau authority board
    """
)

# Words that head a newspaper's, broadcaster's or agency's name ("The Daily X", "X Times").
OUTLET_HEADS = lexicon(
    """
    times post news herald journal gazette tribune daily press telegraph courant observer
    chronicle weekly magazine radio tv television broadcasting broadcaster channel newspaper
    courier mirror monitor dispatch inquirer examiner bulletin pravda izvestia
    """
)
OUTLET_PHRASES = ("news agency", "press agency", "news network", "broadcasting corporation")

# A common noun right after a name that makes it an outlet ("X newspaper wrote").
OUTLET_CUE_AFTER = lexicon(
    "newspaper daily weekly magazine tabloid website broadcaster channel outlet paper"
)
# ... or right before it ("the daily X", "the newspaper X").
OUTLET_CUE_BEFORE = lexicon("newspaper daily weekly magazine tabloid broadcaster")
# Verbs that, with an organisation-like name as subject, mark an outlet ("X reported").
OUTLET_VERBS_AFTER = lexicon("reported wrote writes reports published quoted")
# Words before a name that mark an outlet ("told X", "columnist for X", "speaking to X").
OUTLET_VERBS_BEFORE = lexicon("told tells telling")

# --- acronyms -----------------------------------------------------------------------------

# Function words a long form may skip when its acronym is built ("Council of Resistance").
ACRONYM_STOPWORDS = lexicon("of for the and in on to at by de du des la le el al & a an")

# Matched with ``ACRONYM_DEF.match(text, pos)`` right after a long form: a bracketed acronym,
# "(NCRI)", "(PMOI/MEK)", "[UNSC]", and the malformed "(NCR(" or unclosed "(NCR," that copied
# text produces.
ACRONYM_DEF = re.compile(
    r"\s*[(\[]\s*"
    r"(?P<acr>[A-Z][A-Za-z0-9&.\-]{0,11}(?:\s*/\s*[A-Z][A-Za-z0-9&.\-]{0,11}){0,3})"
    r"\s*(?:[)\]([,;:]|\Z|\s)"
)

# --- instruments --------------------------------------------------------------------------

# Well-known treaty/agreement acronyms (general data): acronym -> (kind, expansion).
INSTRUMENT_ACRONYMS: dict[str, tuple[str, str]] = {
    "JCPOA": ("agreement", "Joint Comprehensive Plan of Action"),
    "NPT": ("treaty", "Treaty on the Non-Proliferation of Nuclear Weapons"),
    "CTBT": ("treaty", "Comprehensive Nuclear-Test-Ban Treaty"),
    "TPNW": ("treaty", "Treaty on the Prohibition of Nuclear Weapons"),
    "INF": ("treaty", "Intermediate-Range Nuclear Forces Treaty"),
    "CWC": ("convention", "Chemical Weapons Convention"),
    "BWC": ("convention", "Biological Weapons Convention"),
    "UNCLOS": ("convention", "United Nations Convention on the Law of the Sea"),
    "ECHR": ("convention", "European Convention on Human Rights"),
    "ICCPR": ("treaty", "International Covenant on Civil and Political Rights"),
    "UDHR": ("other", "Universal Declaration of Human Rights"),
    "NAFTA": ("agreement", "North American Free Trade Agreement"),
    "USMCA": ("agreement", "United States-Mexico-Canada Agreement"),
    "GATT": ("agreement", "General Agreement on Tariffs and Trade"),
    "TTIP": ("agreement", "Transatlantic Trade and Investment Partnership"),
    "CAATSA": ("act", "Countering America's Adversaries Through Sanctions Act"),
    "NDAA": ("act", "National Defense Authorization Act"),
    "FISA": ("act", "Foreign Intelligence Surveillance Act"),
    "AUMF": ("other", "Authorization for Use of Military Force"),
}

# Words that give an instrument's kind when they head its name.
INSTRUMENT_KIND_WORDS: dict[str, str] = {
    "act": "act",
    "bill": "bill",
    "resolution": "resolution",
    "motion": "resolution",
    "treaty": "treaty",
    "agreement": "agreement",
    "accord": "agreement",
    "accords": "agreement",
    "pact": "agreement",
    "deal": "agreement",
    "convention": "convention",
    "covenant": "treaty",
    "protocol": "treaty",
    "charter": "other",
    "declaration": "other",
    "amendment": "other",
    "law": "act",
    "statute": "act",
    "directive": "other",
    "regulation": "other",
}


# Numbered bills and resolutions. One alternation, tried left to right, longest forms first.
_BODY = (
    r"(?P<body>(?:(?:the\s+)?(?:U\.\s?S\.|US|United\s+States|UN|U\.N\.|United\s+Nations)\s+)?"
    r"(?:Security\s+Council|General\s+Assembly|House(?:\s+of\s+Representatives)?|Senate|"
    r"Congress|Parliament|European\s+Parliament|Human\s+Rights\s+Council))"
)
INSTRUMENT_NUMBERED = re.compile(
    r"(?P<usres>(?<![\w.])(?P<uschamber>H|S)\.\s?(?:(?P<con>Con\.|J\.)\s?)?Res\.\s?(?P<usresnum>\d{1,5})\b)"
    r"|(?P<usbill>(?<![\w.])(?P<usbillchamber>H\.\s?R\.|S\.)\s?(?P<usbillnum>\d{1,5})\b)"
    r"|(?P<named>(?:" + _BODY + r"\s+)?\b(?P<word>[Rr]esolution|Bill|Motion|Res\.)"
    r"\s+(?:No\.\s?)?(?P<num>\d{1,5}(?:/\d{2,4})?)\b)"
)

# Named acts, treaties, agreements and conventions: a run of capitalised words ending in the
# kind word, optionally followed by "of <year>" or "on <Capitalised ...>".
_CAP = r"(?:[A-Z][\w'’\-]*|of|on|the|and|for|to|in)"
INSTRUMENT_NAMED = re.compile(
    r"\b(?P<name>(?:[A-Z][\w'’\-]*\s+(?:" + _CAP + r"\s+){0,7}?)?"
    r"(?P<kind>Act|Treaty|Agreement|Accords?|Convention|Covenant|Protocol|Pact|Charter)"
    r"(?:\s+(?:of|on|for|against)\s+(?:the\s+)?(?:\d{4}|[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,5}))?)"
)

# A legislature's instrument without a number: "the Belgian Senate resolution".
INSTRUMENT_LEGISLATURE = re.compile(
    r"\b(?P<body>(?:[A-Z][\w.'’\-]*\s+){0,3}"
    r"(?:Senate|House|Parliament|Congress|Assembly|Majlis|Knesset|Bundestag|Duma|Rada|Council))"
    r"\s+(?P<word>resolution|bill|motion)\b"
)

# Plural instrument nouns that an enumeration can complete with the bodies that passed them:
# "resolutions by many parliaments, the most recent being the Belgian Senate".
INSTRUMENT_PLURALS = lexicon("resolutions bills motions laws acts declarations")
INSTRUMENT_ELLIPSIS = re.compile(
    r"(?:the\s+(?:most\s+recent|latest|last|newest)(?:\s+(?:one|of\s+them))?\s+"
    r"(?:being|was|is|from|by|in)|most\s+recently(?:\s+(?:by|in|from))?|including|"
    r"notably|among\s+them)\s+",
    re.IGNORECASE,
)
