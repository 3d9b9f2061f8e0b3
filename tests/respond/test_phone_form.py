"""The compact form, read from its HTML: scales as one row of labelled choices with their end
labels, optional questions marked, a counter that states the server's limit, longer text refused
whole (never cut)."""

from __future__ import annotations

import re
from html import unescape

import pytest

from feedback.respond.forms import MAX_TEXT
from tests.respond.conftest import count, valid_answers

LIKERT_EN = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
]


def card(html: str, name: str) -> str:
    start = html.index(f'id="{name}-card"')
    return html[start : html.index("</fieldset>", start)]


def labels(block: str) -> list[str]:
    """Each choice label's text as a screen reader gets it: visually hidden text included,
    text hidden from assistive technology left out."""
    found = []
    for inner in re.findall(r'<label class="btn[^"]*" for="[^"]+">(.*?)</label>', block, re.S):
        inner = re.sub(r'<span aria-hidden="true">.*?</span>', "", inner, flags=re.S)
        found.append(unescape(re.sub(r"<[^>]+>", "", inner)).strip())
    return found


def visible_ends(block: str) -> list[str]:
    ends = re.search(r'<div class="scale-ends[^"]*"[^>]*>(.*?)</div>', block, re.S)
    assert ends, "no end labels under the scale"
    return [unescape(s) for s in re.findall(r"<span>(.*?)</span>", ends.group(1))]


def test_a_likert_item_is_one_segmented_row_with_its_end_labels(client, setup):
    html = client.get(f"{setup.url}?lang=en").get_data(as_text=True)
    block = card(html, f"q{setup.item('awareness_why')['id']}")
    assert block.startswith('id="')
    assert "<legend" in block and "I understand why" in block
    group = re.search(r'<div class="answer-group ([^"]*)">', block).group(1)
    assert "segmented" in group.split() and "btn-group" in group.split()
    assert block.count('type="radio"') == 5
    assert labels(block) == LIKERT_EN
    assert visible_ends(block) == ["Strongly disagree", "Strongly agree"]


def test_the_0_to_10_scales_name_their_ends_to_screen_readers(client, setup):
    html = client.get(f"{setup.url}?lang=en").get_data(as_text=True)
    block = card(html, f"q{setup.item('advocacy')['id']}")
    assert block.count('type="radio"') == 11
    said = labels(block)
    assert said[0] == "0 = not at all likely" and said[-1] == "10 = extremely likely"
    assert said[1:-1] == [str(n) for n in range(1, 10)]
    assert visible_ends(block) == ["0 = not at all likely", "10 = extremely likely"]
    scaling = card(html, f"q{setup.item('scaling')['id']}")
    assert labels(scaling)[0] == "0 = not at all" and labels(scaling)[-1] == "10 = perfectly"


@pytest.mark.parametrize(("lang", "mark"), [("en", "(optional)"), ("nl", "(optioneel)")])
def test_optional_questions_are_marked_once_and_required_ones_not(client, setup, lang, mark):
    html = client.get(f"{setup.url}?lang={lang}").get_data(as_text=True)
    for item in setup.items:
        block = card(html, f"q{item['id']}")
        heading = re.search(r"<(legend|label)[^>]*>(.*?)</\1>", block, re.S).group(2)
        text = re.sub(r"<[^>]+>", "", heading)
        assert text.count(mark) == (0 if item["required"] else 1), (item["key"], text)
    assert setup.item("step_up")["required"] == 0


def test_the_counter_states_the_servers_limit_and_the_browser_cuts_nothing(client, setup):
    html = client.get(f"{setup.url}?lang=en").get_data(as_text=True)
    name = f"q{setup.item('step_up')['id']}"
    block = card(html, name)
    textarea = re.search(r"<textarea[^>]*>", block).group(0)
    assert "maxlength" not in textarea, "a browser's maxlength cuts a paste silently"
    assert f'aria-describedby="{name}-count"' in textarea
    counter = re.search(rf'<div class="form-text char-count" id="{name}-count"[^>]*>', block)
    assert counter and f'data-max="{MAX_TEXT}"' in counter.group(0)
    assert f"At most {MAX_TEXT} characters." in block


@pytest.mark.parametrize(
    ("lang", "message"),
    [("en", "This text is {n} characters long."), ("nl", "Deze tekst is {n} tekens lang.")],
)
def test_a_long_paste_is_refused_whole_with_its_length_and_nothing_stored(
    client, db, setup, lang, message
):
    data = valid_answers(setup)
    name = f"q{setup.item('comment')['id']}"
    text = ("Een lange tekst met een regel.\r\n" * 160)[:4950]
    data[name] = text
    response = client.post(f"{setup.url}?lang={lang}", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    length = len(text.replace("\r\n", "\n"))
    assert message.format(n=length) in card(html, name)
    kept = re.search(rf'<textarea[^>]*name="{name}"[^>]*>\n(.*?)</textarea>', html, re.S)
    assert unescape(kept.group(1)) == text.replace("\r\n", "\n")
    assert count(db, "responses") == 0 and count(db, "comments") == 0


def test_the_limit_counts_characters_as_the_counter_does(client, db, setup):
    """The script counts code points (an emoji is one): so must the server."""
    data = valid_answers(setup)
    data[f"q{setup.item('comment')['id']}"] = "\U0001f605" * MAX_TEXT
    assert client.post(setup.url, data=data).status_code == 302
    assert count(db, "comments") == 2
