"""Small builders for learning tests: a module folder on disk, and imported modules in the database."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.learning import importer, loading

ROOT = Path(__file__).resolve().parents[2]
REAL_MATERIALS = ROOT / "materials"

MODULE_TOML = '''slug = "{slug}"
version = "1.0"
estimated_minutes = 30
audiences = ["licensing-officers", "labour-inspectors"]
title_en = "Checking agency licences"
title_zh = "核查机构许可证"
summary_en = """How to check a licence."""
summary_zh = """如何核查许可证。"""
lessons = ["01-basics", "02-inspection"]

[[objective]]
id = "one"
en = "Explain the licence."
zh = "说明许可证。"

[[objective]]
id = "two"
en = "Check the register."
zh = "核查登记簿。"

[[objective]]
id = "three"
en = "Spot red flags."
zh = "识别风险信号。"
'''

GLOSSARY_TOML = """[[term]]
id = "{prefix}licence"
en = "licence"
zh = "许可证"
definition_en = "Permission to operate."
definition_zh = "经营许可。"
source = "Test"
"""

LESSON_EN = """# {title}

## What it is {{#what}}

A [[{prefix}licence]] is needed. See [[{prefix}licence|the permit]].

:::legal
**Article 3**: licensing.
:::

| Item | Fact |
|---|---|
| Fee | none |

## Sources {{#sources}}

- C181
"""

LESSON_ZH = """# {title_zh}

## 是什么 {{#what}}

需要[[{prefix}licence]]。

:::redflag
收费。
:::

## 资料来源 {{#sources}}

- 第181号公约
"""


def write_module(root: Path, slug: str = "test-module", prefix: str = "t-") -> Path:
    """A small valid module folder under root."""
    folder = root / slug
    (folder / "lessons").mkdir(parents=True)
    (folder / "module.toml").write_text(MODULE_TOML.format(slug=slug), encoding="utf-8")
    (folder / "glossary.toml").write_text(GLOSSARY_TOML.format(prefix=prefix), encoding="utf-8")
    for lesson, title, title_zh in (
        ("01-basics", "The basics", "基础知识"),
        ("02-inspection", "Inspection", "检查"),
    ):
        (folder / "lessons" / f"{lesson}.en.md").write_text(
            LESSON_EN.format(title=title, prefix=prefix), encoding="utf-8"
        )
        (folder / "lessons" / f"{lesson}.zh.md").write_text(
            LESSON_ZH.format(title_zh=title_zh, prefix=prefix), encoding="utf-8"
        )
    return folder


def copy_real_materials(target: Path) -> Path:
    """A copy of the repository's materials/ that a test may change."""
    shutil.copytree(REAL_MATERIALS, target)
    return target


def import_folder(db, root: Path, force: bool = False):
    """Import a materials folder and commit, as the CLI does."""
    report = loading.import_catalogue(importer.load_catalogue(root), force=force)
    db.session.commit()
    return report
