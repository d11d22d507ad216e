"""Chinese text uses full-width punctuation: '出勤：', '证书：', lists joined with '、'."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from app.core.i18n import colon, join_list, join_parts
from tests.i18n_check import CATALOGUE

ROOT = Path(__file__).resolve().parents[2]

#: Han characters, CJK punctuation and full-width forms.
_WIDE = r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
#: A half-width colon or comma touching Chinese text (a space in between counts as touching).
HALF_WIDTH_IN_CHINESE = re.compile(rf"{_WIDE} ?[:,]|[:,] ?{_WIDE}")
#: A translated label followed by a colon outside the translation: `{{ _("Label") }}: {{ … }}`.
COLON_AFTER_LABEL = re.compile(r"""(?:_\([^{}]*\)|\|label\([^{}]*\))\s*\}\}:""")


def half_width_punctuation(text: str) -> list[str]:
    """The places in `text` where a half-width ':' or ',' touches Chinese text."""
    return [m.group(0) for m in HALF_WIDTH_IN_CHINESE.finditer(text)]


def test_the_check_finds_what_it_should():
    assert half_width_punctuation("出勤: 5") == ["勤:"]
    assert half_width_punctuation("劳动保障监察员, 许可审批人员") == ["员,"]
    assert half_width_punctuation("证书：第181号公约") == []
    assert half_width_punctuation("例如“1, 3-5, 8”") == []
    assert half_width_punctuation("https://example.org, 08:00") == []


def test_chinese_catalogue_uses_full_width_punctuation():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    found = {}
    for message in catalogue:
        if not message.id:
            continue
        strings = [message.string] if isinstance(message.string, str) else message.string
        for text in strings:
            if text and half_width_punctuation(text):
                found[message.id if isinstance(message.id, str) else message.id[0]] = text
    assert found == {}


def test_templates_put_colons_inside_the_language():
    """A colon after a translated label comes from `colon()` (': ' or '：'), not the template."""
    found = []
    for path in sorted((ROOT / "app" / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if COLON_AFTER_LABEL.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []


def test_lists_and_labels_join_as_each_language_does():
    assert join_list(["劳动保障监察员", "许可审批人员"], "zh") == "劳动保障监察员、许可审批人员"
    assert join_list(["Labour inspectors", "Licensing officers"], "en") == (
        "Labour inspectors, Licensing officers"
    )
    assert join_parts(["济南会议中心", "", "济南"], "zh") == "济南会议中心，济南"
    assert join_parts(["Fujian Hotel", "Fuzhou", "福建省"], "zh") == "Fujian Hotel, Fuzhou，福建省"
    assert join_parts(["Fujian Hotel", "Fuzhou"], "en") == "Fujian Hotel, Fuzhou"
    assert colon("zh") == "：" and colon("en") == ": "


def test_module_page_lists_audiences_with_the_chinese_list_mark(client_as, db):
    from app.core.access import Role
    from app.learning.models import Module

    client = client_as(Role.TRAINEE, preferred_language="zh")

    module = Module(
        slug="punctuation",
        title_en="Monitoring agencies",
        title_zh="监督中介机构",
        audiences=["labour-inspectors", "licensing-officers"],
        status="published",
    )
    db.session.add(module)
    db.session.commit()
    page = client.get("/learn/modules/punctuation")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "、" in text.split("适用对象", 1)[1].split("</dd>", 1)[0]
