"""The dashboard page: who may open it, the filters, both languages, charts beside their tables."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from app.core.access import Role
from tests.i18n_check import chinese_in, english_ui_strings_in, visible_text

from .programme import build_programme

FILTER = {"start": "2026-01-01", "end": "2026-06-30"}
SVG = "{http://www.w3.org/2000/svg}"


def section(html, slug):
    """The visible text of one table's section."""
    start = html.index(f'<section class="dashboard-section" id="{slug}"')
    return visible_text(html[start : html.index("</section>", start)])


def page(client, **args):
    response = client.get("/dashboard/", query_string={**FILTER, **args})
    return response, response.get_data(as_text=True)


def test_coordinators_and_admins_reach_the_dashboard_from_the_navigation(client_as):
    for role in (Role.COORDINATOR, Role.ADMIN):
        client = client_as(role)
        home = client.get("/my").get_data(as_text=True)
        assert 'href="/dashboard/"' in home
        assert client.get("/dashboard/").status_code == 200
    trainee = client_as(Role.TRAINEE)
    assert 'href="/dashboard/"' not in trainee.get("/my").get_data(as_text=True)
    assert trainee.get("/dashboard/").status_code == 403
    trainer = client_as(Role.TRAINER)
    assert trainer.get("/dashboard/summary.csv").status_code == 403


def test_the_page_shows_the_hand_counted_figures(client_as):
    build_programme()
    response, html = page(client_as(Role.COORDINATOR, timezone="Asia/Shanghai"))
    assert response.status_code == 200
    summary = section(html, "summary")
    assert summary[summary.index("Workshops held") + 1] == "3"
    assert summary[summary.index("Participants trained") + 1] == "6"
    assert summary[summary.index("Attendance rate (%)") + 1] == "66"
    assert summary[summary.index("Module completions") + 1] == "2"
    provinces = section(html, "provinces")
    assert provinces[provinces.index("Fujian") + 1] == "2"
    assert provinces[provinces.index("Outside China") + 1] == "1"
    assert provinces[provinces.index("Not recorded") + 1] == "1"
    assert 'href="/dashboard/provinces.csv?start=2026-01-01&amp;end=2026-06-30"' in html


def test_the_place_filter_narrows_the_figures(client_as):
    build_programme()
    client = client_as(Role.COORDINATOR, timezone="Asia/Shanghai")
    _response, html = page(client, country="CN", province="35")
    summary = section(html, "summary")
    assert summary[summary.index("Workshops held") + 1] == "2"
    assert summary[summary.index("Participants trained") + 1] == "3"
    assert "Place: Fujian." in " ".join(visible_text(html))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            {"start": "2026-06-30", "end": "2026-01-01"},
            "The end of the period is before its start.",
        ),
        ({"start": "2000-01-01", "end": "2026-01-01"}, "Choose a period of at most ten years."),
        ({"country": "PL", "province": "35"}, "A province can only be chosen for China."),
        ({"start": "not a date"}, "Not a valid date value."),
    ],
)
def test_bad_filters_are_refused_with_a_message(client_as, args, message):
    client = client_as(Role.COORDINATOR)
    response, html = page(client, **args)
    assert response.status_code == 400
    assert message in html
    assert client.get("/dashboard/summary.csv", query_string={**FILTER, **args}).status_code == 400


def test_unknown_table_is_not_found(client_as):
    client = client_as(Role.ADMIN)
    assert client.get("/dashboard/nothing.csv").status_code == 404
    assert client.get("/dashboard/nothing.xlsx").status_code == 404


def test_without_filters_the_last_twelve_months_are_shown(client_as):
    _response, html = page(client_as(Role.COORDINATOR), start="", end="")
    response = client_as(Role.COORDINATOR).get("/dashboard/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Figures from" in html
    assert html.count('class="chart') == 0  # nothing held: no empty charts


def test_charts_are_accessible_svg_with_the_tables_numbers(client_as):
    build_programme()
    _response, html = page(client_as(Role.COORDINATOR, timezone="Asia/Shanghai"))
    svgs = [html[i : html.index("</svg>", i) + 6] for i in _starts(html, "<svg")]
    assert len(svgs) == 4  # provinces, two for the months, knowledge gain
    for svg in svgs:
        root = ET.fromstring(svg)  # noqa: S314 -- well-formed (our own markup)
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text
        assert root.find(f"{SVG}desc").text
        assert "style=" not in svg
    provinces = ET.fromstring(svgs[0])  # noqa: S314
    labels = [t.text for t in provinces.iter(f"{SVG}text")]
    assert labels[:2] == ["Fujian", "2"] or labels[:2] == ["Shandong", "2"]
    assert "Not recorded" in labels and "Outside China" in labels
    gain = ET.fromstring(svgs[3])  # noqa: S314
    assert [t.text for t in gain.iter(f"{SVG}text")] == [
        "0.45",
        "0.8",
        "Workshop W1",
        "Workshop W2",
    ]
    text = section(html, "gain")
    rows = text[text.index("Mean post-test score") :]  # the table, after the chart
    assert rows[rows.index("Workshop W1") + 1 : rows.index("Workshop W1") + 5] == [
        "2", "50", "72.5", "0.45"
    ]  # fmt: skip


def _starts(text, needle):
    index = text.find(needle)
    while index != -1:
        yield index
        index = text.find(needle, index + 1)


def test_the_page_is_all_chinese_in_chinese_and_all_english_in_english(client_as):
    build_programme()
    english = client_as(Role.COORDINATOR, timezone="Asia/Shanghai", preferred_language="en")
    _response, html = page(english)
    assert chinese_in(visible_text(html), allowed={"Zhang Wei (张伟)"}) == []
    chinese = client_as(Role.COORDINATOR, timezone="Asia/Shanghai", preferred_language="zh")
    _response, html = page(chinese)
    assert "各省份培训人数" in html or "按省份" in html
    assert "福建省" in html
    assert english_ui_strings_in(visible_text(html), allowed={"CSV", "Excel (XLSX)"}) == []
