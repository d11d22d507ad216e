"""How trainers' files follow an account merge (see app/core/account_merge.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.account_merge import moves

moves("materials", "created_by_id", _l("Files added to modules and workshops"))
moves("material_versions", "uploaded_by_id", _l("File versions uploaded"))
