"""Clause texts as data: a built-in library (pipeline/library/*.yaml) that a client's YAML can adjust.

The seed says every enterprise may reword its articles. A client does so under `clauses:` by
stable id: an entry with a known id replaces that clause's fields (or drops it with `drop: true`);
an entry with a new id adds a clause after the id named in `after` (at the end without it).
Numbering (第N条, （一）…) is never written in the text: the renderer counts, so it stays continuous.
Facts are written `{name}` and filled from the plan (the department, the number of days …).
"""
from __future__ import annotations

import copy
import functools
import re
from typing import Any

import yaml

from ..core import resources
from ..core.errors import did_you_mean
from .load import LIBYAML_LOADER

FACT = re.compile(r"(?<!\{)\{([a-z_]+)\}(?!\})")
# Fields an override may set on a clause; everything else about a clause is its place.
CLAUSE_FIELDS = ("text", "items", "risk", "control", "title", "methods", "only_methods", "levels", "only_levels")


@functools.cache
def library(name: str) -> dict:
    """One library file (annex2, annex3, …, plan), parsed once per process."""
    text = resources.library(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=LIBYAML_LOADER)  # our own file


def groups_of(doc: str) -> tuple[dict, list[list[dict]]]:
    """A fresh copy of a document's clauses as (document, groups): chapters of articles, or one group."""
    if doc in ("committee_duties", "risks"):
        return {}, [copy.deepcopy(library("plan")[doc])]
    data = copy.deepcopy(library(doc))
    if "chapters" in data:
        return data, [chapter["articles"] for chapter in data["chapters"]]
    return data, [data["sections"]]


# a title written with its own number (十、…, 第十条 …, （一）…): the document numbers it again
_NUMBERED_TITLE = re.compile(r"^\s*(第[一二三四五六七八九十百零]+[章条]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])")


def adjust(doc: str, overrides: list[dict]) -> tuple[dict, list[list[dict]], list[tuple[tuple, str | tuple[str, str]]]]:
    """Apply a client's overrides to a document's clauses.

    Returns the document, its groups of clauses (the same objects, adjusted) and the problems as
    (path inside the override list, message — or (message, "warning")). A new clause must hold
    what its document prints: a risk and its control for the plan's risks, a text (or items)
    elsewhere; every problem is found here, so nothing `check` passes fails to render."""
    data, groups = groups_of(doc)
    problems: list[tuple[tuple, str | tuple[str, str]]] = []
    added: dict[str, int] = {}
    known = [c["id"] for g in groups for c in g]  # what a mistyped id may have meant: the library's, not the client's own
    for n, entry in enumerate(overrides or []):
        problems += _entry_problems(doc, n, entry)
        ids = {c["id"]: (g, c) for g in groups for c in g}
        cid = entry.get("id")
        if cid in added:
            problems.append(((n, "id"), f"id“{cid}”与第 {added[cid] + 1} 项新增的条款重复：每个条款的 id 须不同"))
            continue
        if cid in ids:
            group, clause = ids[cid]
            if entry.get("drop"):
                group.remove(clause)
            else:
                clause.update({k: entry[k] for k in CLAUSE_FIELDS if k in entry})
            if entry.get("after"):
                problems.append(((n, "after"), "after 只用于新增条款；替换已有条款时不能移动位置"))
            continue
        if entry.get("drop"):
            problems.append(((n, "id"), f"没有 id 为“{cid}”的条款可删除" + _which(cid, known)))
            continue
        new = {"id": cid, **{k: entry[k] for k in CLAUSE_FIELDS if k in entry}}
        needed = ("risk", "control") if doc == "risks" else ("text",)
        if not all(new.get(k) for k in needed) and not (doc != "risks" and new.get("items")):
            what = "risk（风险）和 control（防控措施）" if doc == "risks" else "text（条文）或至少一项 items"
            hint = did_you_mean(cid, known)
            problems = [p for p in problems if p[0] != (n, "items")]  # an empty items is this same message
            problems.append(((n, "id"), f"没有 id 为“{cid}”的条款{f'（{hint[1:]}）' if hint else ''}；新增条款须写 {what}"))
            continue
        after = entry.get("after")
        if after and after not in ids:
            problems.append(((n, "after"), f"没有 id 为“{after}”的条款" + _which(after, list(ids))))
            continue
        group, anchor = ids[after] if after else (groups[-1], None)
        group.insert(group.index(anchor) + 1 if anchor else len(group), new)
        added[cid] = n
    return data, groups, problems


def _which(cid: Any, ids: list[str]) -> str:
    """The id meant, when a typo's reach finds one; else the document's ids, which live inside the package
    where a consultant cannot look them up."""
    return did_you_mean(cid, ids) or f"；这份文件的条款 id 有：{'、'.join(ids)}"


def _entry_problems(doc: str, n: int, entry: dict) -> list[tuple[tuple, str | tuple[str, str]]]:
    """What an override entry holds that its document would print wrong."""
    problems: list[tuple[tuple, str | tuple[str, str]]] = []
    if doc == "risks" and "text" in entry:
        problems.append(((n, "text"), "风险条款写 risk（风险）和 control（防控措施），不用 text"))
    if "items" in entry and not entry["items"]:
        problems.append(((n, "items"), "items 至少需要 1 项（不要条目时删去 items）"))
    title = entry.get("title")
    if isinstance(title, str) and (m := _NUMBERED_TITLE.match(title)):
        problems.append(((n, "title"), (f"标题不必写编号“{m.group(1)}”：文档会自动编号，写了会重复", "warning")))
    return problems


def fill(text: str, facts: dict[str, Any]) -> str:
    """Replace {name} with the plan's facts; names were checked by unknown_facts()."""
    return FACT.sub(lambda m: str(facts[m.group(1)]), text)


def unknown_facts(text: str, facts: dict[str, Any]) -> list[str]:
    """The {names} a clause cites that the plan does not provide (a typo in an override)."""
    return [name for name in FACT.findall(text) if name not in facts]
