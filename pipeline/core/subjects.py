"""What an exam is made of (docs/architecture.md, "The cycle"): per level, 理论知识 (机考 or 笔试) and 操作技能 (现场操作, 作品评审 …),
and from 二级 up also 综合评审 (答辩, 论文, 业绩评审). 定级评价 has no exam: the raters fill in the
定级评价表. The plan may state the modes per occupation and level (occupations[].subjects); what it
leaves out follows these defaults. Both flows need the names: the validator checks the plan's key,
prepare builds one session per subject."""
from __future__ import annotations

from .terms import GRADING

THEORY, PRACTICE, REVIEW = "理论知识", "操作技能", "综合评审"
GRADING_SUBJECT = "定级评价"
THEORY_MODES = ("机考", "笔试")
DEFAULT_MODES = {THEORY: "笔试", PRACTICE: "现场操作", REVIEW: "答辩"}
REVIEW_FROM = 2  # 综合评审 is for 二级/技师 and 一级/高级技师 only
# default times of a generated session: theory in the morning, 综合评审 before lunch, practice after it
DEFAULT_TIMES = {THEORY: ("09:00", "10:30"), REVIEW: ("10:50", "12:00"), PRACTICE: ("14:00", "17:00"),
                 GRADING_SUBJECT: ("09:00", "17:00")}


def subjects_of(occupation: dict, level: int) -> list[tuple[str, str]]:
    """(subject, mode) in the order they are sat, for one occupation row and level."""
    if occupation.get("method") == GRADING:
        return [(GRADING_SUBJECT, "")]
    given = (occupation.get("subjects") or {}).get(str(level)) or {}
    names = [THEORY, PRACTICE] + ([REVIEW] if level <= REVIEW_FROM else [])
    return [(name, given.get(name) or DEFAULT_MODES[name]) for name in names]
