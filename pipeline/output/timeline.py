"""One self-contained HTML page (`skillplan status --html`): a timeline per client, its cycles as bars
from the announcement to the hand-over, today marked, what is overdue in red. Inline CSS and SVG
only: no script, no font, nothing fetched from the network; it prints on A4 landscape and can be
sent to a client as it is. Every text is escaped: a client's name is data, never markup."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from html import escape

WIDTH = 1000  # the drawing's width in SVG units (it scales to the page)
LABEL = 150  # the left column: the cycle and its stage
ROW = 24
AXIS = 20
# each phase's colour and its name in the legend
PHASES = {
    "registration": ("#8fb8de", "公告与报名"), "preparation": ("#c5d6e8", "资格审核与考场"),
    "assessment": ("#5b8fc7", "考核"), "publicity": ("#f2c14e", "结果公示"), "approval": ("#b9d7a8", "省里确认与打印"),
    "handover": ("#6aa84f", "核发"),
}
OVERDUE, WARNED, TODAY = "#c62828", "#e69138", "#c62828"


@dataclass(frozen=True)
class Span:
    """A phase of a cycle, first to last day (both included)."""

    start: dt.date
    end: dt.date
    kind: str  # a key of PHASES
    label: str = ""


@dataclass(frozen=True)
class Mark:
    """A deadline on the bar: red when overdue, orange when warned."""

    day: dt.date
    label: str
    overdue: bool = False


@dataclass(frozen=True)
class Lane:
    """One cycle: its id and stage, its phases and deadlines, and a line of what comes next."""

    label: str
    stage: str
    spans: tuple[Span, ...]
    marks: tuple[Mark, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """One client: its name, a line or two about its filing, its cycles, and its warnings (text,
    overdue)."""

    client: str
    title: str
    lines: tuple[str, ...] = ()
    lanes: tuple[Lane, ...] = ()
    warnings: tuple[tuple[str, bool], ...] = field(default_factory=tuple)


def timeline_page(charts: list[Chart], today: dt.date, heading: str) -> bytes:
    """The page: a heading, the legend, then each client's timeline on one axis for all of them."""
    first, last = _range(charts, today)
    sections = "\n".join(_section(chart, first, last, today) for chart in charts)
    legend = "".join(f'<span class="key"><i style="background:{colour}"></i>{escape(name)}</span>'
                     for colour, name in PHASES.values())
    legend += ('<span class="key"><i class="line"></i>今天</span><span class="key"><b class="warn">◆</b>临近的期限</span>'
               '<span class="key"><b class="late">◆</b>逾期</span>')
    page = _PAGE.format(title=escape(heading), heading=escape(heading), today=today, count=len(charts),
                        legend=legend, sections=sections)
    return page.encode("utf-8")


def _range(charts: list[Chart], today: dt.date) -> tuple[dt.date, dt.date]:
    """From the first of the month of the earliest date to the end of the month of the latest."""
    days = [today] + [d for c in charts for lane in c.lanes for s in lane.spans for d in (s.start, s.end)]
    days += [m.day for c in charts for lane in c.lanes for m in lane.marks]
    first, last = min(days), max(days)
    following = dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)
    return first.replace(day=1), following - dt.timedelta(days=1)


def _x(day: dt.date, first: dt.date, last: dt.date) -> float:
    return LABEL + (WIDTH - LABEL) * (day - first).days / ((last - first).days + 1)


def _section(chart: Chart, first: dt.date, last: dt.date, today: dt.date) -> str:
    height = AXIS + ROW * max(len(chart.lanes), 1) + 4
    svg = [f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(chart.client)} 的时间线">',
           *_axis(first, last, height)]
    for n, lane in enumerate(chart.lanes):
        svg += _lane(lane, AXIS + ROW * n, first, last, today)
    if not chart.lanes:
        svg.append(f'<text x="{LABEL}" y="{AXIS + 16}" class="none">没有可显示的认定批次</text>')
    x = _x(today, first, last) + (WIDTH - LABEL) / ((last - first).days + 1) / 2
    svg.append(f'<line class="today" x1="{x:.1f}" y1="8" x2="{x:.1f}" y2="{height}" stroke="{TODAY}"/>')
    svg.append("</svg>")
    lines = "".join(f"<p>{escape(line)}</p>" for line in chart.lines)
    notes = "".join(f"<li>{escape(lane.label)}：{escape(lane.note)}</li>" for lane in chart.lanes if lane.note)
    notes += "".join(f'<li class="{"late" if overdue else "warn"}">{"逾期" if overdue else "提醒"}：{escape(text)}</li>'
                     for text, overdue in chart.warnings)
    return (f'<section class="client" data-client="{escape(chart.client)}"><h2>{escape(chart.client)}'
            f'<small>{escape(chart.title)}</small></h2>{lines}{"".join(svg)}<ul>{notes}</ul></section>')


def _axis(first: dt.date, last: dt.date, height: int) -> list[str]:
    """A line per month, labelled (every third when the axis is long)."""
    months, day = [], first
    while day <= last:
        months.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    step = 1 if len(months) <= 14 else 3
    out = []
    for n, month in enumerate(months):
        x = _x(month, first, last)
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{AXIS - 6}" x2="{x:.1f}" y2="{height}"/>')
        if n % step == 0:
            out.append(f'<text class="month" x="{x + 3:.1f}" y="{AXIS - 8}">{month.year}-{month.month:02d}</text>')
    return out


def _lane(lane: Lane, top: int, first: dt.date, last: dt.date, today: dt.date) -> list[str]:
    """A cycle's row: its label and stage, each phase (what is still ahead of today paler), its marks."""
    out = [f'<text class="cycle" x="4" y="{top + 16}">{escape(lane.label)}</text>',
           f'<text class="stage" x="{LABEL - 6}" y="{top + 16}" text-anchor="end">{escape(lane.stage)}</text>']
    for span in lane.spans:
        colour, name = PHASES[span.kind]
        title = f"<title>{escape(span.label or name)}：{span.start} 至 {span.end}</title>"
        for start, end, opacity in ((span.start, span.end, 0.4), (span.start, min(span.end, today), 1)):
            if start <= end:
                x, x2 = _x(start, first, last), _x(end + dt.timedelta(days=1), first, last)
                out.append(f'<rect x="{x:.1f}" y="{top + 4}" width="{max(x2 - x, 1.5):.1f}" height="{ROW - 8}" rx="2" '
                           f'fill="{colour}" fill-opacity="{opacity}">{title}</rect>')
        x, end = _x(span.start, first, last), _x(span.end + dt.timedelta(days=1), first, last)
        if end - x > 13 * len(span.label or name) and span.label:
            out.append(f'<text class="phase" x="{x + 3:.1f}" y="{top + 16}">{escape(span.label)}</text>')
    for mark in lane.marks:
        x = _x(mark.day, first, last)
        colour = OVERDUE if mark.overdue else WARNED
        out.append(f'<path class="{"late" if mark.overdue else "warn"}" d="M{x:.1f} {top + 2}l6 6l-6 6l-6 -6z" '
                   f'fill="{colour}"><title>{escape(mark.label)}</title></path>')
    return out


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
@page {{ size: A4 landscape; margin: 12mm; }}
body {{ font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       color: #222; margin: 16px 24px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
h1 {{ font-size: 20px; margin: 0 0 4px; }}
.sub {{ color: #555; margin: 0 0 8px; font-size: 13px; }}
.legend {{ font-size: 12px; margin-bottom: 10px; }}
.key {{ margin-right: 14px; white-space: nowrap; }}
.key i {{ display: inline-block; width: 14px; height: 10px; margin-right: 4px; vertical-align: -1px; }}
.key i.line {{ width: 2px; height: 12px; background: #c62828; }}
.key b {{ margin-right: 3px; }}
.key b.late {{ color: #c62828; }}
.key b.warn {{ color: #e69138; }}
section.client {{ break-inside: avoid; page-break-inside: avoid; border-top: 1px solid #ccc; padding: 4px 0 2px; }}
h2 {{ font-size: 15px; margin: 2px 0; }}
h2 small {{ font-weight: normal; color: #555; margin-left: 10px; font-size: 12px; }}
section p {{ margin: 1px 0; font-size: 12px; color: #333; }}
svg {{ width: 100%; max-width: 1000px; height: auto; display: block; margin: 2px 0; }}
svg text {{ font-size: 12px; fill: #222; }}
svg .month {{ fill: #666; font-size: 11px; }}
svg .phase {{ font-size: 11px; }}
svg .stage {{ fill: #444; }}
svg .grid {{ stroke: #e3e3e3; stroke-width: 1; }}
svg .today {{ stroke-width: 1.5; stroke-dasharray: 4 2; }}
section ul {{ margin: 0 0 2px; padding-left: 18px; font-size: 12px; }}
li.late {{ color: #c62828; font-weight: bold; }}
li.warn {{ color: #a65f00; }}
</style>
</head>
<body>
<h1>{heading}</h1>
<p class="sub">截至 {today}，共 {count} 个客户。每个批次从公告发布到证书核发，今天之后的部分颜色较浅；虚线为今天，红色为逾期。</p>
<div class="legend">{legend}</div>
{sections}
</body>
</html>
"""
