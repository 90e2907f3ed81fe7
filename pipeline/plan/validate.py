"""Stage 2 — validate: the cerberus schema (schemas/plan.yaml) plus the filing rules (rules.py).

Every problem is collected, located in the file and worded in Chinese, so a consultant fixes them
all in one pass instead of one per run.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from typing import Any

import cerberus
import cerberus.errors as ce
import cerberus.schema
import yaml

from ..core import codes, resources
from ..core.errors import InvalidInput, Problem, did_you_mean
from ..core.terms import RATERS, UNFILLED, UNFILLED_MESSAGE, illegal_character, invisible_character
from .load import LIBYAML_LOADER, Path_, Source
from .rules import check_cycle_rules, check_rules

SUB_SCHEMAS = ("cycle",)  # referenced by name from plan.yaml (`schema: cycle`)


class _TrustedSchema(cerberus.schema.DefinitionSchema):
    """Our schema files, taken as valid: tests/test_validate.py checks them with cerberus' own schema
    validation, which would otherwise cost a third of every `skillplan check`."""

    def validate(self, schema=None) -> None:
        return None


@functools.cache
def load_schema(name: str = "plan") -> dict:
    """The cerberus schema, read once per process; named sub-schemas go to cerberus' registry."""
    schema = yaml.load(resources.schema(name).read_text(encoding="utf-8"), Loader=LIBYAML_LOADER)
    if name == "plan":
        for sub in SUB_SCHEMAS:
            cerberus.schema_registry.add(sub, load_schema(sub))
    return schema


def _resolve(rules: Any) -> Any:
    """A `schema:` given by registry name, as its dict."""
    return load_schema(rules) if isinstance(rules, str) and rules in SUB_SCHEMAS else rules


class PlanValidator(cerberus.Validator):
    """Cerberus with the coercers and checks that a text-only YAML load needs."""

    def _normalize_coerce_int(self, value: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d{1,15}", value.strip()):
            return int(value)
        raise ValueError(value)

    def _normalize_coerce_date(self, value: Any) -> dt.date:
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            return dt.date.fromisoformat(value.strip())
        raise ValueError(value)

    def _normalize_coerce_yesno(self, value: Any) -> bool:
        words = {"true": True, "yes": True, "是": True, "false": False, "no": False, "否": False}
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in words:
            return words[value.strip().lower()]
        raise ValueError(value)

    def _check_with_credit_code(self, field: str, value: Any) -> None:
        if isinstance(value, str) and (why := codes.credit_code_problem(value)):
            self._error(field, f"统一社会信用代码{why}")

    def _check_with_occupation_code(self, field: str, value: Any) -> None:
        if isinstance(value, str) and (why := codes.occupation_code_problem(value)):
            self._error(field, why)

    def _check_with_city(self, field: str, value: Any) -> None:
        if isinstance(value, str) and value not in codes.CITY_CODES:
            self._error(field, _not_allowed(value, list(codes.CITY_CODES)))

    def _check_with_sector(self, field: str, value: Any) -> None:
        from .facts import SECTORS

        if isinstance(value, str) and value not in SECTORS:
            self._error(field, _not_allowed(value, list(SECTORS)))

    def _check_with_year_month(self, field: str, value: Any) -> None:
        m = re.fullmatch(r"(\d{4})-(\d{2})", value) if isinstance(value, str) else None
        if not m or not 1 <= int(m.group(2)) <= 12:
            self._error(field, f"应为年月 YYYY-MM（如 2026-10），实际为“{value}”")


# what a value should be, after 应为 (a word in Latin letters stands apart: 应为 true 或 false)
_YES_NO = " true 或 false（也可写“是”或“否”）"
_TYPE_WORDS = {"string": "文字", "integer": "整数", "dict": "“键: 值”映射", "list": "列表（每项以“- ”开头）",
               "date": "真实存在的日期 YYYY-MM-DD", "boolean": _YES_NO, "number": "数字"}
_COERCE_WORDS = {"int": "整数", "date": "真实存在的日期 YYYY-MM-DD", "yesno": _YES_NO}


def _shown(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "映射"
    if isinstance(value, list):
        return "列表"
    return f"“{value}”"


def _not_allowed(value: Any, allowed: list) -> str:
    """The values allowed, told apart: each in quotes when one holds a 、 itself (“农、林、牧、渔业”“采矿业”…)."""
    if any("、" in str(a) for a in allowed):
        options = "".join(f"“{a}”" for a in allowed)
    else:
        options = "、".join(str(a) for a in allowed)
    hint = did_you_mean(value, allowed) if isinstance(value, str) else ""
    if set(allowed) == set(RATERS) and not hint:  # a rater's printed title (护理组长) where its key belongs
        hint = "：权重按评价主体的这四个键写，表上印的称谓（如“护理组长”）写在 appraisal.rater_titles 中"
    return f"应为以下之一：{options}；实际为{_shown(value)}{hint}"


def _rules_at(schema: dict, schema_path: tuple) -> dict:
    """The rules dict of the field an error's schema_path points into."""
    node: Any = schema
    for step in schema_path[:-1]:
        node = _resolve(node.get(step, {})) if isinstance(node, dict) else {}
    return node if isinstance(node, dict) else {}


def _keys_at(schema: dict, doc_path: tuple) -> list[str]:
    """The keys allowed in the mapping at doc_path (for "did you mean")."""
    node: dict = {"type": "dict", "schema": schema}
    for step in doc_path:
        inner = _resolve(node.get("schema", {}))
        if isinstance(step, int):
            node = inner if node.get("type") == "list" else {}
        else:
            node = inner.get(step, {}) if node.get("type") == "dict" else {}
    return list(_resolve(node.get("schema", {})))


def _message(err: ce.ValidationError, schema: dict) -> str | None:
    code, value, constraint = err.code, err.value, err.constraint
    if isinstance(value, str) and UNFILLED in value and not err.is_group_error:
        return UNFILLED_MESSAGE
    rules = _rules_at(schema, err.schema_path)
    hint = rules.get("meta", {}).get("hint") if isinstance(rules.get("meta"), dict) else None
    if code == ce.REQUIRED_FIELD.code:
        return "缺少必填项"
    if code == ce.UNKNOWN_FIELD.code:
        key = err.document_path[-1]
        return f"未知的键“{key}”" + (did_you_mean(key, _keys_at(schema, err.document_path[:-1])) or "（拼写错误？）")
    if code == ce.NOT_NULLABLE.code:
        return "不能为空，请填写内容"
    if code == ce.EMPTY_NOT_ALLOWED.code:
        return "不能为空字符串"
    if code == ce.BAD_TYPE.code:
        return f"应为{_TYPE_WORDS.get(constraint, constraint)}，实际为{_shown(value)}"
    if code == ce.COERCION_FAILED.code:
        coercer = rules.get("coerce", "")
        return f"应为{_COERCE_WORDS.get(coercer, coercer)}，实际为{_shown(value)}"
    if code == ce.MIN_VALUE.code:
        return f"应不小于 {constraint}，实际为 {value}"
    if code == ce.MAX_VALUE.code:
        return f"应不大于 {constraint}，实际为 {value}"
    if code == ce.MIN_LENGTH.code:
        return f"至少需要 {constraint} 项，实际为 {len(value)} 项" if isinstance(value, list) else \
            f"至少 {constraint} 个字，实际为 {len(value)} 个"
    if code == ce.MAX_LENGTH.code:
        return f"最多 {constraint} 项" if isinstance(value, list) else f"最多 {constraint} 个字，实际为 {len(value)} 个"
    if code == ce.REGEX_MISMATCH.code:
        return f"格式不对：应为{hint or '规定格式'}；实际为{_shown(value)}"
    if code in (ce.UNALLOWED_VALUE.code, ce.UNALLOWED_VALUES.code):
        return _not_allowed(value, constraint)
    if code == ce.CUSTOM.code:
        return str(err.info[0]) if err.info else str(constraint)
    return None  # group errors (mapping/sequence) only wrap their children


def _leaves(errors: list[ce.ValidationError]):
    for err in errors:
        if err.is_group_error:
            yield from _leaves(err.child_errors)
        else:
            yield err


def _illegal_characters(source: Source, data: Any, path: Path_ = ()) -> list[Problem]:
    """Text that XML cannot hold would be dropped or corrupt the .docx: refuse it, naming where; text
    with an invisible character gets a warning."""
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in
                _illegal_characters(source, k, path + (k,)) + _illegal_characters(source, v, path + (k,))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _illegal_characters(source, v, path + (i,))]
    if isinstance(data, str) and (message := illegal_character(data)):
        return [source.problem(path, message)]
    if isinstance(data, str) and (message := invisible_character(data)):
        return [source.problem(path, message, "warning")]
    return []


def check_schema(source: Source, schema_name: str = "plan") -> tuple[dict, list[Problem]]:
    """Validate and coerce against the cerberus schema; return the normalized data and problems."""
    schema = load_schema(schema_name)
    validator = PlanValidator(allow_unknown=False)
    validator.schema = _TrustedSchema(validator, schema)
    try:
        validator.validate(source.data)
    except (TypeError, AttributeError, KeyError):  # cerberus' normalising trips over some wrong shapes
        shapes = _shape_problems(source, schema, source.data)
        if not shapes:
            raise
        raise InvalidInput(shapes) from None  # no rule can look into such a document
    problems: dict[tuple, Problem] = {}
    for err in _leaves(validator._errors):
        message = _message(err, schema)
        path = tuple(err.document_path)
        if message and path not in problems:  # one message per key: a failed coercion also fails its type
            problems[path] = source.problem(path, message)
    problems_list = list(problems.values()) + _illegal_characters(source, source.data)
    document = validator.document if validator.document is not None else {}
    for path in problems:
        _drop(document, path)
    return document, problems_list


def _drop(document: Any, path: Path_) -> None:
    """Take a value that failed its own check out of the document (a whole list, for a bad item), so
    no filing rule reads it: rules on such data said things like “四级级、五级级须采用晋级评价”."""
    while path and isinstance(path[-1], int):
        path = path[:-1]
    node = document
    for key in path[:-1]:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(node, dict):
        node.pop(path[-1] if path else None, None)


def _shape_problems(source: Source, schema: dict, data: Any, path: Path_ = ()) -> list[Problem]:
    """Where a mapping or a list of the schema is given as something else (a list of batch ids where
    the batches belong), named by key: what cerberus cannot say when it fails on such a document."""
    if not isinstance(data, dict):
        return []
    return [p for key, value in data.items() if isinstance(rule := schema.get(key), dict)
            for p in _value_shape(source, rule, value, path + (key,))]


def _value_shape(source: Source, rule: dict, value: Any, path: Path_) -> list[Problem]:
    kind, inner = rule.get("type"), rule.get("schema")
    if isinstance(inner, str):  # a schema of the registry (cycle)
        inner = cerberus.schema_registry.get(inner)
    if value is None or kind not in ("dict", "list"):
        return []
    if not isinstance(value, dict if kind == "dict" else list):
        return [source.problem(path, f"应为{_TYPE_WORDS[kind]}，实际为{_shown(value)}")]
    if kind == "dict":
        return _shape_problems(source, inner or {}, value, path)
    return [p for i, item in enumerate(value) if isinstance(inner, dict)
            for p in _value_shape(source, inner, item, path + (i,))]


def _parent(path: str) -> str:
    """The key path one step up: appraisal.ability_weights of appraisal.ability_weights.护理组长, occupations of
    occupations[2] ("" at the top)."""
    return re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path) if path else ""


def validate(source: Source, cycle_sources: list[Source] = (), strict: bool = False) -> tuple[dict, list[Problem]]:
    """Schema plus filing rules for a plan and its cycle files.

    Returns the normalized plan (its `cycles` holding inline and file cycles alike) and its warnings,
    or raises InvalidInput with every problem. With strict, warnings count as errors."""
    plan, problems = check_schema(source)
    # a batch that is not a mapping has its message from the schema: no rule looks into it
    listed = plan.get("cycles") if isinstance(plan.get("cycles"), list) else []
    cycles = [(source, ("cycles", i), c) for i, c in enumerate(listed) if isinstance(c, dict)]
    for cycle_source in cycle_sources:
        cycle, more = check_schema(cycle_source, "cycle")
        problems += more
        cycles.append((cycle_source, (), cycle))
    # one message per key: the schema's is the more basic; and none on a mapping or list whose entry the
    # schema refused (a sum of weights without the key it dropped, 实际为60%, beside that key's message)
    reported = {(p.file, path) for p in problems for path in (p.path, _parent(p.path))}
    lenient = bool(problems)
    found = check_rules(plan, source, lenient) + check_cycle_rules(plan, cycles, lenient)
    problems += [p for p in found if (p.file, p.path) not in reported]
    plan["cycles"] = [c for _, _, c in cycles]
    if strict:
        problems = [dataclasses.replace(p, severity="error") for p in problems]
    if any(p.severity == "error" for p in problems):
        raise InvalidInput(problems)
    return plan, problems
