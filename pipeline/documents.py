"""Which documents a client gets, and from which template and context each is rendered."""
from __future__ import annotations

from pathlib import Path

from . import derive
from .bundle import safe_name
from .render import render, to_bytes


def client_documents(plan: dict, templates: Path | None = None) -> dict[str, bytes]:
    """Every file of a client's output folder, as relative path → bytes."""
    company = safe_name(plan["company"]["name"])
    work_plan = render("plan.docx", derive.plan_context(plan), templates)
    return {f"{company}职业技能等级认定工作方案.docx": to_bytes(work_plan)}
