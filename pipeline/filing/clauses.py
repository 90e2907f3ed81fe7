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
CLAUSE_FIELDS = ("text", "items", "risk", "control", "title", "methods", "only_methods")


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


def adjust(doc: str, overrides: list[dict]) -> tuple[dict, list[list[dict]], list[tuple[tuple, str]]]:
    """Apply a client's overrides to a document's clauses.

    Returns the document, its groups of clauses (the same objects, adjusted) and the problems as
    (path inside the override list, message)."""
    data, groups = groups_of(doc)
    problems: list[tuple[tuple, str]] = []
    for n, entry in enumerate(overrides or []):
        ids = {c["id"]: (g, c) for g in groups for c in g}
        cid = entry.get("id")
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
            problems.append(((n, "id"), f"没有 id 为“{cid}”的条款可删除" + did_you_mean(cid, list(ids))))
            continue
        new = {"id": cid, **{k: entry[k] for k in CLAUSE_FIELDS if k in entry}}
        if not any(k in new for k in ("text", "risk", "title")):
            problems.append(((n, "id"), f"没有 id 为“{cid}”的条款{did_you_mean(cid, list(ids))}；新增条款须写 text"))
            continue
        after = entry.get("after")
        if after and after not in ids:
            problems.append(((n, "after"), f"没有 id 为“{after}”的条款" + did_you_mean(after, list(ids))))
            continue
        group, anchor = ids[after] if after else (groups[-1], None)
        group.insert(group.index(anchor) + 1 if anchor else len(group), new)
    return data, groups, problems


def fill(text: str, facts: dict[str, Any]) -> str:
    """Replace {name} with the plan's facts; names were checked by unknown_facts()."""
    return FACT.sub(lambda m: str(facts[m.group(1)]), text)


def unknown_facts(text: str, facts: dict[str, Any]) -> list[str]:
    """The {names} a clause cites that the plan does not provide (a typo in an override)."""
    return [name for name in FACT.findall(text) if name not in facts]
