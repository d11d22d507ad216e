"""Demo data for the roster import: a nomination list from Shandong imported into the demo
workshop in Jinan through the real import, and a sample list to try the import with."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from app.auth.models import User
from app.auth.services import find_user_by_email
from app.core.storage import ValidatedUpload, store_upload
from app.extensions import db
from app.workshops.models import Workshop

from . import importing, services
from .models import RosterImport

HEADER = ["姓名", "拼音", "邮箱", "工作单位", "职务", "省份", "性别"]
IMPORTED = [
    ["王建国", "WANG Jianguo", "wang.jianguo@sd-hrss.example.org", "山东省人力资源和社会保障厅（演示）", "处长", "山东", "男"],
    ["刘敏", "LIU Min", "liu.min@jn-hrss.example.org", "济南市人力资源和社会保障局（演示）", "科长", "山东省", "女"],
    ["孙丽", "SUN Li", "sun.li@qd-hrss.example.org", "青岛市劳动保障监察支队（演示）", "监察员", "Shandong", "女"],
    ["林晓燕", "LIN Xiaoyan", "trainee@example.org", "福建省人力资源和社会保障厅", "", "福建", "女"],
]  # fmt: skip
#: A list to try the import with in `make run` (one possible duplicate of an imported person).
SAMPLE = [
    ["赵磊", "ZHAO Lei", "zhao.lei@yt-hrss.example.org", "烟台市人力资源和社会保障局（演示）", "副局长", "山东", "男"],
    ["刘敏", "LIU Min", "liumin.personal@example.org", "济南市人力资源和社会保障局（演示）", "科长", "山东", "女"],
    ["周洁", "ZHOU Jie", "zhou.jie@wf-hrss.example.org", "潍坊市人力资源和社会保障局（演示）", "科员", "37", "女"],
]  # fmt: skip


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def sample_path() -> Path:
    """Where the sample list is written: var/demo/ next to the upload folder."""
    return Path(current_app.config["UPLOAD_DIR"]).parent / "demo" / "nomination-list-shandong.csv"


def seed_demo_roster() -> int:
    """Import the demo nomination list once; returns how many people were imported."""
    import hashlib

    workshop = db.session.scalar(sa.select(Workshop).where(Workshop.title_en.like("%Jinan (demo)")))
    coordinator = find_user_by_email("coordinator@example.org")
    sample = sample_path()
    sample.parent.mkdir(parents=True, exist_ok=True)
    sample.write_bytes(_csv(SAMPLE))
    if workshop is None or coordinator is None or find_user_by_email(IMPORTED[0][2]):
        return 0
    data = _csv(IMPORTED)
    upload = ValidatedUpload(
        data, "山东省推荐名单.csv", "csv", "text/csv", len(data), hashlib.sha256(data).hexdigest()
    )
    stored = store_upload(upload, uploaded_by=coordinator)
    roster_import = RosterImport(
        workshop_id=workshop.id, uploaded_by_id=coordinator.id, stored_file_id=stored.id
    )
    db.session.add(roster_import)
    db.session.flush()
    summary, key = importing.run_import(coordinator, roster_import, {})
    db.session.flush()
    for row in IMPORTED[:3]:
        user = db.session.scalar(sa.select(User).where(User.email == row[2]))
        user.is_demo = True
    services.delete_files([key])
    return summary.created + summary.matched


def seed_demo() -> list[str]:
    """The demo seeder: an imported nomination list, and one written out to try the import with."""
    nominated = seed_demo_roster()
    return [
        f"{nominated} nominated official(s) imported; a list to try the roster import with:",
        f"  {sample_path()}",
    ]
