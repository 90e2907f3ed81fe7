"""The cerberus schema as JSON Schema (draft-07), for editors — generated, never kept by hand.

`skillplan schema` prints it; `skillplan init` saves it beside the starter plan.yaml, whose first
line (`# yaml-language-server: $schema=…`) tells VS Code and other editors to complete and check
keys as the consultant types. Editors read YAML 1.2: `320` is a number, `0000` too, `2026-10` and
`yes` are text. So number fields also take digit text, text fields also take numbers, and the
field's own checks apply to whichever form it has. The descriptions are the schema's comments.
"""
from __future__ import annotations

import re
from typing import Any

from ..core import codes, resources
from .validate import SUB_SCHEMAS, load_schema

DRAFT = "http://json-schema.org/draft-07/schema#"
# cerberus rule names: they never name a field, so comment paths skip them
_RULES = {"type", "schema", "required", "keysrules", "valuesrules", "meta", "default", "allowed", "coerce",
          "nullable", "empty", "min", "max", "minlength", "maxlength", "regex", "check_with"}
_LINE = re.compile(r"^(\s*)([A-Za-z_][\w]*):(.*?)(?:\s+#\s*(.*))?$")


# the fields a check_with limits to a list: the editor completes them from it
_CHECKED_LISTS = {"city": lambda: list(codes.CITY_CODES), "sector": lambda: list(_sectors())}


def _sectors() -> dict:
    from .facts import SECTORS

    return SECTORS


def json_schema(name: str = "plan") -> dict:
    """The JSON Schema of a plan file (name "plan") or of a cycle file (name "cycle")."""
    out = _dict({"schema": load_schema(name)}, _descriptions(name), ())
    out = {"$schema": DRAFT, "title": f"skillplan {name}.yaml", **out}
    if name == "plan":
        out["definitions"] = {sub: _dict({"schema": load_schema(sub)}, _descriptions(sub), ()) for sub in SUB_SCHEMAS}
    return out


def _descriptions(name: str) -> dict[tuple[str, ...], str]:
    """Field path → the comment at the end of its line in schemas/<name>.yaml."""
    found, stack = {}, []  # stack of (indent, key)
    for line in resources.schema(name).read_text(encoding="utf-8").splitlines():
        m = _LINE.match(line)
        if not m or line.lstrip().startswith("#"):
            continue
        indent, key, comment = len(m.group(1)), m.group(2), m.group(4)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, key))
        path = tuple(k for _, k in stack if k not in _RULES)
        if comment and key not in _RULES:
            found[path] = comment.strip()
    return found


def _field(rules: dict, notes: dict, path: tuple[str, ...], describe: bool = True) -> dict:
    """One field's JSON Schema; describe=False for a list's items, which share the list's path."""
    kind = rules.get("type")
    if kind == "dict":
        out = _dict(rules, notes, path)
    elif kind == "list":
        out = {"type": "array"}
        if "schema" in rules:
            out["items"] = _field(rules["schema"], notes, path, describe=False)
        if "minlength" in rules:
            out["minItems"] = rules["minlength"]
    elif kind == "integer":
        out = {"type": ["integer", "string"], "pattern": r"^[+-]?\d+$"}
        out.update({k: rules[j] for j, k in (("min", "minimum"), ("max", "maximum")) if j in rules})
    elif kind == "date":
        out = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    elif kind == "boolean":
        out = {"type": ["boolean", "string"], "enum": [True, False, "true", "false", "yes", "no", "是", "否"]}
    else:  # text
        out = {"type": ["string", "number"]}
        if "regex" in rules:
            out["pattern"] = f"^(?:{rules['regex']})$"
        if rules.get("empty") is False:
            out["minLength"] = 1
        if "maxlength" in rules:
            out["maxLength"] = rules["maxlength"]
        allowed = rules.get("allowed") or _CHECKED_LISTS.get(rules.get("check_with"), lambda: None)()
        if allowed:
            out["enum"] = list(allowed)
    if rules.get("nullable") and isinstance(out.get("type"), (str, list)):
        out["type"] = [*([out["type"]] if isinstance(out["type"], str) else out["type"]), "null"]
    hint = (rules.get("meta") or {}).get("hint")
    text = "；".join(t for t in (notes.get(path) if describe else None, hint) if t)
    if text:
        out["description"] = text
    return out


def _dict(rules: dict, notes: dict, path: tuple[str, ...]) -> dict:
    if isinstance(rules.get("schema"), str):  # a named sub-schema (a cycle): described once, in definitions
        return {"$ref": f"#/definitions/{rules['schema']}"}
    out: dict[str, Any] = {"type": "object"}
    if "schema" in rules:
        fields = rules["schema"]
        out["properties"] = {k: _field(v, notes, path + (k,)) for k, v in fields.items()}
        required = [k for k, v in fields.items() if v.get("required") and "default" not in v]
        if required:
            out["required"] = required
        out["additionalProperties"] = False  # a misspelt key is flagged as the consultant types
    if "keysrules" in rules:
        out["propertyNames"] = {"enum": [str(k) for k in rules["keysrules"].get("allowed", [])]} \
            if "allowed" in rules["keysrules"] else {}
    if "valuesrules" in rules:
        out["additionalProperties"] = _field(rules["valuesrules"], notes, path, describe=False)
    return out

