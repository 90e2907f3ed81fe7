"""Which documents a client gets, and from which template and context each is rendered."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..output.bundle import safe_name
from ..output.provenance import Provenance, docx_writer
from . import derive

if TYPE_CHECKING:
    pass

ANNEX_DIR = "附件"
ANNOUNCEMENT_DIR = "公告"


def client_documents(plan: dict, templates: Path | None = None, cycle: str | None = None,
                     source: Provenance | None = None) -> dict[str, bytes]:
    """Every file of a client's output folder, as relative path → bytes; only one announcement with cycle.

    With source, every document embeds the config it was built from (see provenance)."""
    if cycle is not None:
        return announcements(plan, templates, only=cycle, source=source)
    return {**filing_documents(plan, templates, source), **announcements(plan, templates, source=source)}


def announcements(plan: dict, templates: Path | None = None, only: str | None = None,
                  source: Provenance | None = None) -> dict[str, bytes]:
    """公告/<year>年第<N>批职业技能等级认定公告.docx for each cycle (or the one named)."""
    from ..core.render import render

    docx = docx_writer(source)
    return {f"{ANNOUNCEMENT_DIR}/{derive.announcement_name(c)}.docx":
            docx(render("announcement.docx", derive.announcement_context(plan, c), templates))
            for c in plan["cycles"] if only is None or c["id"] == only}


def filing_documents(plan: dict, templates: Path | None = None, source: Provenance | None = None) -> dict[str, bytes]:
    """The complete filing document and each annex alone under 附件/.

    The work plan carries its annexes after the body, each from a new page with page numbers
    running on."""
    from ..core.render import append_document, render

    docx = docx_writer(source)
    company = safe_name(plan["company"]["name"])
    filing = render("plan.docx", derive.plan_context(plan), templates)
    files = {}
    for _, template, context in derive.annex_contexts(plan):
        annex = render(template, context, templates)
        append_document(filing, annex)
        name = safe_name(f"附件{context['annex_no']}-{context['title']}")
        files[f"{ANNEX_DIR}/{name}.docx"] = docx(annex)
    files[f"{company}职业技能等级认定工作方案.docx"] = docx(filing)
    return files
