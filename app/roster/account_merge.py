"""How roster-import rows follow an account merge (see app/core/account_merge.py)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.core.account_merge import moves

moves("roster_imports", "uploaded_by_id", _l("Nomination lists waiting to be imported"))
