"""The standard evaluation questions a new survey starts with (content, in both languages).

Coordinators use them as they are or edit them. Rating questions are statements rated from
1 (strongly disagree) to 5 (strongly agree).
"""

from __future__ import annotations

from .models import QuestionKind

#: (kind, English, Chinese, required)
STANDARD_QUESTIONS: tuple[tuple[QuestionKind, str, str, bool], ...] = (
    (
        QuestionKind.RATING,
        "The workshop was relevant to my work.",
        "本次培训与我的工作密切相关。",
        True,
    ),
    (
        QuestionKind.RATING,
        "The trainers knew their subject and explained it clearly.",
        "培训师专业知识扎实，讲解清楚。",
        True,
    ),
    (QuestionKind.RATING, "The training materials were useful.", "培训材料对我有帮助。", True),
    (
        QuestionKind.RATING,
        "The workshop was well organised (venue, timetable, logistics).",
        "培训组织得当（场地、日程、后勤）。",
        True,
    ),
    (
        QuestionKind.RATING,
        "The interpretation between Chinese and English was of good quality.",
        "中英文口译质量良好。",
        False,
    ),
    (
        QuestionKind.RATING,
        "Overall, I am satisfied with the workshop.",
        "总体而言，我对本次培训感到满意。",
        True,
    ),
    (QuestionKind.TEXT, "What was most useful to you?", "您认为哪些内容最有用？", False),
    (QuestionKind.TEXT, "What should be improved?", "哪些方面需要改进？", False),
)
