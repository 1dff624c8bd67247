import pytest

from presslens.stages.extract.boilerplate import (
    COMMENT_FORM,
    MAX_PATTERN_LINE,
    is_boilerplate_line,
    is_caption_line,
    is_comment_form_line,
    is_comment_line,
    is_section_break,
)


@pytest.mark.parametrize(
    "line",
    ["Leave a Reply", "Leave a Comment", "Leave a Reply to Sam Cancel reply",
     "Your email address will not be published. Required fields are marked *",
     "Required fields are marked *", "Post Comment", "Name *", "Email *",
     "Save my name, email, and website in this browser for the next time I comment.",
     "Notify me of follow-up comments by email.", "You must be logged in to post a comment.",
     "3 thoughts on “Why the Bridge Matters”", "Deixe um comentário"],
)  # fmt: skip
def test_comment_form_lines(line: str) -> None:
    assert is_comment_form_line(line)
    assert COMMENT_FORM.match(line)
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    ["Share", "Share this:", "Share this article", "Tweet", "Facebook", "WhatsApp", "Print",
     "Subscribe", "Sign In", "Newsletter", "Advertisement", "ADVERTISEMENT", "Read more",
     "Continue Reading Below", "READ MORE: Council approves the budget",
     "Follow us on Twitter", "Sign up for our daily newsletter",
     "Get the day's top headlines delivered to your inbox every morning.",
     "We use cookies to improve your experience.", "Privacy Policy", "Terms of Use",
     "© 2019 The Daily Ledger. All rights reserved.", "Copyright 2019 Example Media",
     "Tags: budget, council", "Filed Under: Politics, Budget", "Skip to content"],
)  # fmt: skip
def test_furniture_lines(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    ["(Image credit: NASA)", "Photo: Sam Lee/Reuters", "Image copyright Getty Images",
     "Commuters wait for a bus. (Photo: Sam Lee/Reuters)",
     "A man rides past the harbour. (AP Photo/Jane Roe, File)",
     "Protesters gather outside (Image: GETTY)", "Image 3 of 5", "1 / 4",
     "A habitation module for a Mars mission. Credit: ESA"],
)  # fmt: skip
def test_caption_lines(line: str) -> None:
    assert is_caption_line(line)
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    ["Related Articles", "You may also like", "More from Politics", "Most Popular", "Trending",
     "Leia também", "Читайте также", "Lesen Sie auch"],
)  # fmt: skip
def test_section_breaks(line: str) -> None:
    assert is_section_break(line)


@pytest.mark.parametrize(
    "line",
    ["jdoe42 says:", "Milan Lee on September 12, 2018 at 4:47 pm said:", "Reply",
     "[ 167 comments ]", "12 Comments", "Comments (4)", "View Comments", "Rating: 36 Votes"],
)  # fmt: skip
def test_comment_markers(line: str) -> None:
    assert is_comment_line(line)


# Real article sentences that start like furniture: the predicates must leave them alone,
# because the HTML route filters trafilatura's output with them.
@pytest.mark.parametrize(
    "line",
    ["Share prices fell 3% on Tuesday after the report.",
     "Leave a reply to the committee by Friday, officials said.",
     "Copyright law is complex, experts say.",
     "Posted in 2015, the video went viral within a week.",
     "In reply to a question, the minister said the plan was on track.",
     "The minister said:",
     "Subscribers to the service will pay more from January.",
     "Related research has found similar effects in other cities.",
     "Photographs of the meeting were later published by the ministry.",
     "No spam filter could have caught the message, investigators said.",
     "Die elektronische Patientenakte (ePA)",
     "More than 40 people were injured in the blast.",
     "Reply to this letter within 30 days, the notice said."],
)  # fmt: skip
def test_article_sentences_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate_line(line)
    assert not is_comment_line(line)
    assert not is_section_break(line)


def test_long_lines_are_never_furniture() -> None:
    line = "Share " + "x" * MAX_PATTERN_LINE
    assert not is_boilerplate_line(line)
    assert not is_comment_line(line)


@pytest.mark.parametrize("line", ["", "   ", "\t"])
def test_blank_lines_are_not_furniture(line: str) -> None:
    assert not is_boilerplate_line(line)
