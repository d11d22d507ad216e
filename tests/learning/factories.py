"""Small builders for learning tests: a module folder on disk, and imported modules in the database."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.extensions import db
from app.learning import importer, loading
from app.learning.models import Lesson, Module

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

QUESTIONS_TOML = """[[question]]
id = "who-pays"
type = "single"
objective = "one"
source = "C181, Art. 7"
stem_en = "Who pays the agency?"
stem_zh = "谁向机构付费？"
feedback_en = "The employer pays."
feedback_zh = "由用人单位付费。"

  [[question.choice]]
  id = "a"
  en = "The employer"
  zh = "用人单位"
  correct = true

  [[question.choice]]
  id = "b"
  en = "The worker"
  zh = "劳动者"
  correct = false
  feedback_en = "Workers are not charged."
  feedback_zh = "不得向劳动者收费。"

  [[question.choice]]
  id = "c"
  en = "Nobody"
  zh = "无人"
  correct = false

[[question]]
id = "red-flags"
type = "multiple"
objective = "three"
source = "ILO General Principles"
stem_en = "Which are red flags?"
stem_zh = "哪些是风险信号？"
feedback_en = "Fees and kept passports are red flags."
feedback_zh = "收费和扣押护照都是风险信号。"

  [[question.choice]]
  id = "a"
  en = "Charging the worker a fee"
  zh = "向劳动者收费"
  correct = true

  [[question.choice]]
  id = "b"
  en = "Keeping the passport"
  zh = "扣押护照"
  correct = true

  [[question.choice]]
  id = "c"
  en = "A written contract"
  zh = "书面合同"
  correct = false

[[question]]
id = "licence-needed"
type = "truefalse"
objective = "one"
source = "C181, Art. 3"
stem_en = "An agency needs a licence."
stem_zh = "机构需要许可证。"
answer = true
feedback_en = "Article 3 allows licensing."
feedback_zh = "第3条允许许可制度。"

[[question]]
id = "register-open"
type = "truefalse"
objective = "two"
source = "C181, Art. 3"
stem_en = "Anyone may consult the register of licensed agencies."
stem_zh = "任何人都可以查阅持证机构登记簿。"
answer = true
feedback_en = "The register is public."
feedback_zh = "登记簿是公开的。"

[[question]]
id = "register-check"
type = "single"
objective = "two"
scenario = true
source = "C181, Art. 3"
stem_en = "A worker shows you an agency's advertisement. What do you check first?"
stem_zh = "一名劳动者给您看一家机构的广告。您首先核查什么？"
feedback_en = "The register shows whether the agency holds a licence."
feedback_zh = "登记簿显示该机构是否持有许可证。"

  [[question.choice]]
  id = "a"
  en = "The agency's website"
  zh = "机构的网站"
  correct = false

  [[question.choice]]
  id = "b"
  en = "The public register"
  zh = "公开的登记簿"
  correct = true

  [[question.choice]]
  id = "c"
  en = "The worker's contract"
  zh = "劳动者的合同"
  correct = false

[[question]]
id = "passport-kept"
type = "truefalse"
objective = "three"
scenario = true
source = "ILO General Principles"
stem_en = "An agency keeps a worker's passport for safe keeping. Is this a red flag?"
stem_zh = "一家机构以“代为保管”为由扣押劳动者的护照。这是风险信号吗？"
answer = true
feedback_en = "Keeping identity documents is a red flag."
feedback_zh = "扣押身份证件是风险信号。"

[[question]]
id = "months"
type = "numeric"
objective = "two"
source = "C181, Art. 18"
stem_en = "How many months until entry into force?"
stem_zh = "多少个月后生效？"
answer = 12
tolerance = 0
unit_en = "months"
unit_zh = "个月"
feedback_en = "Twelve months."
feedback_zh = "十二个月。"
"""

QUIZZES_TOML = """[[quiz]]
id = "pre"
kind = "pre"
title_en = "Before"
title_zh = "前测"
pass_mark = 0
attempts = 1
grading = "highest"
time_limit_minutes = 10
shuffle_questions = true
shuffle_choices = true
review = "never"
review_shows = []
questions = ["who-pays", "register-open", "red-flags"]

[[quiz]]
id = "post"
kind = "post"
title_en = "After"
title_zh = "后测"
pass_mark = 0
attempts = 1
grading = "highest"
time_limit_minutes = 10
shuffle_questions = true
shuffle_choices = true
review = "immediately"
review_shows = ["answers", "correctness", "correct_answers", "feedback"]
questions = ["licence-needed", "register-check", "passport-kept"]

[[quiz]]
id = "final"
kind = "final"
title_en = "Final"
title_zh = "结业测试"
pass_mark = 70
attempts = 3
grading = "highest"
time_limit_minutes = 0
shuffle_questions = false
shuffle_choices = false
review = "immediately"
review_shows = ["answers", "correctness"]
questions = ["who-pays", "red-flags", "licence-needed", "register-check", "months"]
"""


def write_module(root: Path, slug: str = "test-module", prefix: str = "t-") -> Path:
    """A small valid module folder under root."""
    folder = root / slug
    (folder / "lessons").mkdir(parents=True)
    (folder / "module.toml").write_text(MODULE_TOML.format(slug=slug), encoding="utf-8")
    (folder / "glossary.toml").write_text(GLOSSARY_TOML.format(prefix=prefix), encoding="utf-8")
    (folder / "questions.toml").write_text(QUESTIONS_TOML, encoding="utf-8")
    (folder / "quizzes.toml").write_text(QUIZZES_TOML, encoding="utf-8")
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


def make_author(module, client):
    """Record the signed-in user of `client` as an author of `module`; returns the client."""
    from app.extensions import db
    from app.learning.models import module_authors

    db.session.execute(module_authors.insert().values(module_id=module.id, user_id=client.user.id))
    db.session.commit()
    return client


def add_lessons(module: Module, count: int) -> None:
    """Give a module `count` short lessons in both languages (the caller commits)."""
    for number in range(count):
        db.session.add(
            Lesson(
                module_id=module.id,
                slug=f"{number + 1:02d}-lesson",
                position=number,
                title_en=f"Lesson {number + 1}",
                title_zh=f"第{number + 1}课",
                body_en="Text.",
                body_zh="正文。",
            )
        )
