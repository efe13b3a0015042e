"""The report card in Markdown: the table and the feedback, and nothing a submission prints
becomes markup.  Rendered with mistune (GitHub-flavoured tables, bare-URL autolinks) as a reader would see it."""

import re

import mistune
import pytest
from test_grading import grade_toy

from autograder.markdown import code_block, render_markdown, render_markdown_failure, table_cell

HOSTILE = ("<img src=x onerror=alert(1)> [click](https://evil.example) https://bare.example www.evil.example "
           "me@evil.example **bold** | cell ::error::boom ```")


def html_of(markdown: str) -> str:
    return mistune.create_markdown(escape=False, plugins=["table", "url", "strikethrough"])(markdown)


def table_rows(html: str) -> list[list[str]]:
    body = html[html.index("<tbody>"):html.index("</tbody>")]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.fixture
def hostile_result(toy_course):
    return grade_toy(toy_course, f"raise ValueError({HOSTILE!r})")


def test_the_table_has_one_row_per_task_with_points_and_status(toy_course):
    result = grade_toy(toy_course, "return a - b")
    html = html_of(render_markdown(result))
    assert "<strong>Points 3/5</strong>" in html
    rows = table_rows(html)
    assert [(r[0], r[1]) for r in rows] == [("<code>add</code>", "0/2"), ("<code>scale</code>", "3/3")]
    assert "failed" in rows[0][2] and "passed" in rows[1][2]
    assert "Two plus three is five." in rows[0][3]
    assert html.count("<details>") == 1 and "expected 5, got -1" in html


def test_a_stub_gets_a_table_without_details(toy_course):
    result = grade_toy(toy_course, 'raise NotImplementedError("week 1, toy.py: add is not implemented yet")')
    html = html_of(render_markdown(result))
    assert "not implemented" in table_rows(html)[0][2] and "<details>" not in html


def test_nothing_the_submission_prints_becomes_markup(hostile_result):
    markdown = render_markdown(hostile_result)
    html = html_of(markdown)
    assert "<img" not in html and "<a " not in html and "href" not in html and "<strong>bold" not in html
    assert len(table_rows(html)) == 2, "a '|' in the feedback must not split the table"
    assert "&lt;img src=x onerror=alert(1)&gt;" in html, "the text itself stays readable"
    assert "::error::boom" in markdown


def test_a_code_fence_outlasts_the_backticks_inside():
    block = code_block("a ```` b")
    assert block.startswith("`````text\n") and block.endswith("\n`````")
    assert "<pre><code" in html_of(block) and "a ```` b" in html_of(block)


def test_long_feedback_is_cut_to_a_readable_size():
    assert len(table_cell("x" * 1000)) == 122
    assert code_block("y" * 5000).count("y") < 1600 and "(cut)" in code_block("y" * 5000)


def test_a_run_that_could_not_grade_says_why():
    html = html_of(render_markdown_failure("submission folder /x does not exist <b>"))
    assert "no grade" in html and "&lt;b&gt;" in html and "<b>" not in html
