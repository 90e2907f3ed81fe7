"""Which documents a client gets, and from which template and context each is rendered."""
from __future__ import annotations

from pathlib import Path

from ..core.render import append_document, render, to_bytes
from . import derive
from .bundle import safe_name

ANNEX_DIR = "附件"
ANNOUNCEMENT_DIR = "公告"


def client_documents(plan: dict, templates: Path | None = None, cycle: str | None = None) -> dict[str, bytes]:
    """Every file of a client's output folder, as relative path → bytes; only one announcement with cycle."""
    if cycle is not None:
        return announcements(plan, templates, only=cycle)
    return {**filing_documents(plan, templates), **announcements(plan, templates)}


def announcements(plan: dict, templates: Path | None = None, only: str | None = None) -> dict[str, bytes]:
    """公告/<year>年第<N>批职业技能等级认定公告.docx for each cycle (or the one named)."""
    return {f"{ANNOUNCEMENT_DIR}/{derive.announcement_name(c)}.docx":
            to_bytes(render("announcement.docx", derive.announcement_context(plan, c), templates))
            for c in plan["cycles"] if only is None or c["id"] == only}


def filing_documents(plan: dict, templates: Path | None = None) -> dict[str, bytes]:
    """The complete filing document and each annex alone under 附件/.

    The work plan carries its annexes after the body, each from a new page with page numbers
    running on."""
    company = safe_name(plan["company"]["name"])
    filing = render("plan.docx", derive.plan_context(plan), templates)
    files = {}
    for _, template, context in derive.annex_contexts(plan):
        annex = render(template, context, templates)
        append_document(filing, annex)
        name = safe_name(f"附件{context['annex_no']}-{context['title']}")
        files[f"{ANNEX_DIR}/{name}.docx"] = to_bytes(annex)
    files[f"{company}职业技能等级认定工作方案.docx"] = to_bytes(filing)
    return files
