"""Turn pydantic validation errors into findings that say where and what to do."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from .findings import Finding, Severity
from .hints import closest, confusables, date_problem, did_you_mean, quote_list, slugify
from .positions import locate, resolve_path
from .stages import declared_stages, stage_named

_ENTITY = {"touchpoints": "touchpoint", "personas": "persona", "actions": "action", "stages": "stage"}


_ROOT_LABEL = {"Journey": "the journey", "PersonaLibrary": "the persona library", "Config": "cjm.yaml"}


_MACHINE_WRITTEN = "; `measured:` is written by `cjm measure --write`: run it again rather than editing the block"


def findings_from_error(error: ValidationError, data: Any, file: str, model: type[BaseModel]) -> list[Finding]:
    out = []
    measured_seen: set[tuple[int, int]] = set()
    for err in _measured_first(error.errors(include_url=False)):
        loc = tuple(err["loc"])
        found, rest = resolve_path(data, loc)
        code, message, at_key = _describe(err, data, found, rest, model)
        span = locate(data, found, at_key=at_key)
        if "measured" in loc:
            # A figure is `number | "<N>"`: pydantic reports each branch of that union; one
            # message per place is enough, and it says where the block comes from.
            if (span.line, span.column) in measured_seen:
                continue
            measured_seen.add((span.line, span.column))
            message += _MACHINE_WRITTEN
        out.append(Finding(file, span.line, span.column, code, Severity.ERROR, message))
    return out


def _measured_first(errors: list[Any]) -> list[Any]:
    """Within a `measured:` figure, the union branch that fits the value's type comes first
    (a string is judged as a withheld "<N>", a number by its range)."""

    def rank(err: Any) -> int:
        if "measured" not in err["loc"]:
            return 0
        text_branch = str(err["type"]).startswith("string")
        return 0 if text_branch == isinstance(err.get("input"), str) else 1

    return sorted(errors, key=rank)  # stable: the order of everything else is kept


def _context(data: Any, found: list[str | int], root: str = "the file") -> str:
    """Name the innermost entity on the path: "touchpoint 'demo'", "the journey", ..."""
    cur = data
    label = root
    for i, seg in enumerate(found):
        cur = cur[seg]
        if isinstance(seg, int) and i > 0 and isinstance(found[i - 1], str):
            kind = _ENTITY.get(str(found[i - 1]), "item")
            ident = cur.get("id") if isinstance(cur, dict) else None
            label = f"{kind} '{ident}'" if isinstance(ident, str) else f"{kind} #{seg + 1}"
    return label


def _field(found: list[str | int], rest: list[str | int]) -> str:
    names = [s for s in (*found, *rest) if isinstance(s, str)]
    return names[-1] if names else "value"


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (null)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    return f"'{value}'"


def _stage_reference(text: str, declared: Any) -> str:
    """A touchpoint's `stage:` that is not an id: most often the stage's name, as the map shows it."""
    stages = declared_stages(declared)
    if not stages and isinstance(declared, str):
        # A cjm.yaml stage model: the file alone does not say its stages (the schema runs
        # before the workspace's config is bound), so say where they are.
        return (
            f"'{text}' is not a stage id: ids use lowercase letters, digits and hyphens; the ids of "
            f"stage model '{declared}' are listed under `stage_models:` in cjm.yaml"
        )
    sid = stage_named(text, stages)
    if sid is not None:
        return f"'{text}' is the name of stage '{sid}'; `stage:` takes the stage id: write `stage: {sid}`"
    ids = [sid for sid, _ in stages]
    by_title = {title: sid for sid, title in reversed(stages)}  # the first stage of a title wins
    guess = slugify(text)
    title = closest(text, by_title)
    meant = guess if guess in ids else by_title[title] if title is not None else None
    hint = f"; did you mean '{meant}'?" if meant else ""
    listed = f" (this journey's stages: {quote_list(ids)})" if ids and not meant else ""
    return f"'{text}' is not a stage id: ids use lowercase letters, digits and hyphens{hint}{listed}"


def _colon_in_text(value: Any) -> str:
    """`- Slow: nobody calls back` is a mapping to YAML: a colon and a space make a key."""
    if not isinstance(value, dict) or len(value) != 1:
        return ""
    key, inner = next(iter(value.items()))
    # Only text and numbers read back as they were written (`true` would come back as True).
    if not isinstance(key, str) or isinstance(inner, bool) or not isinstance(inner, (str, int, float)):
        return ""
    text = f"{key}: {inner}".replace("\\", "\\\\").replace('"', '\\"')
    return f' (the colon followed by a space made `{key}:` a key); put the text in quotes: "{text}"'


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10  # 20261001 parses too, but YAML would never have made it a date


def _model_fields(model: type[BaseModel], data: Any, found: list[str | int]) -> list[str]:
    """Field names of the model at the end of `found` (for 'did you mean')."""
    current: Any = model
    for seg in found[:-1] if found else []:
        if isinstance(seg, int) or current is None:
            continue
        field = getattr(current, "model_fields", {}).get(seg)
        current = _inner_model(field.annotation) if field else None
    return list(getattr(current, "model_fields", {}).keys()) if current else []


def _meant_key(key: str, value: Any, allowed: list[str], model: type[BaseModel], found: list[str | int]) -> str | None:
    """The allowed key an unknown one was most likely meant to be.

    Spelling alone is not enough: `target: 4` beside `emotion` is closest to `targets` (a
    mapping of metric goals), then to `stage`, but a number can only be meant for a key that
    takes one, and the key it starts (`target_emotion`) is the likelier of those.
    """
    close = difflib.get_close_matches(key, sorted(allowed), n=len(allowed), cutoff=0.6)
    fitting = [name for name in close if _shape(value) in _field_shapes(model, [*found[:-1], name])]
    extending = [name for name in fitting if name.startswith(key) or key.startswith(name)]
    return next(iter(extending or fitting or close), None)


def _shape(value: Any) -> str:
    """ "mapping", "list" or "scalar": what a YAML value is, for matching it to a key."""
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return "scalar"


def _field_shapes(model: type[BaseModel], path: list[str | int]) -> set[str]:
    """The shapes the field at `path` accepts (a union may accept several)."""
    current: Any = model
    for seg in path[:-1]:
        if isinstance(seg, int):
            continue
        field = getattr(current, "model_fields", {}).get(seg)
        current = _inner_model(field.annotation) if field else None
        if current is None:
            return set()
    field = getattr(current, "model_fields", {}).get(path[-1]) if path else None
    return _annotation_shapes(field.annotation) if field else set()


def _annotation_shapes(annotation: Any) -> set[str]:
    from typing import Annotated, Union, get_args, get_origin

    origin = get_origin(annotation)
    if origin is Annotated:
        return _annotation_shapes(get_args(annotation)[0])
    if origin is Union or type(annotation).__name__ == "UnionType":
        return set().union(*(_annotation_shapes(arg) for arg in get_args(annotation)))
    if origin is dict or (isinstance(annotation, type) and issubclass(annotation, (BaseModel, dict))):
        return {"mapping"}
    if origin is list or annotation is list:
        return {"list"}
    if annotation is type(None):
        return set()
    return {"scalar"}


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        inner = _inner_model(arg)
        if inner is not None:
            return inner
    return None


def _describe(
    err: Any, data: Any, found: list[str | int], rest: list[str | int], model: type[BaseModel]
) -> tuple[str, str, bool]:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    field = _field(found, rest)
    root = _ROOT_LABEL.get(model.__name__, "the file")
    where = _context(data, found, root)

    if kind == "missing":
        return "missing-key", f"{where} is missing the required key '{field}'; add `{field}: ...`", True
    if kind == "extra_forbidden":
        owner = _context(data, found[:-1], root)
        allowed = _model_fields(model, data, found)
        meant = _meant_key(field, value, allowed, model, found)
        hint = f"; did you mean '{meant}'?" if meant else ""
        if not hint and allowed:
            hint = f"; allowed keys here: {quote_list(allowed)}"
        return "unknown-key", f"unknown key '{field}' in {owner}{hint}", True
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        choices = [c.strip() for c in expected.split(",")]
        shown = _type_name(value)
        return (
            "invalid-value",
            f"{shown} is not a valid {field}: use one of {', '.join(choices)}{did_you_mean(str(value), choices)}",
            False,
        )
    if kind == "string_pattern_mismatch":
        text = str(value)
        if "measured" in found:
            return "invalid-value", f"'{text}' is not a figure: a number, or \"<N>\" for a withheld one", False
        if field == "url":
            return (
                "invalid-value",
                f"'{text}' is not a web address: an evidence `url` starts with https:// or http://; "
                "for a file of the workspace use `path:`",
                False,
            )
        if field in ("channel", "channels"):
            return (
                "invalid-value",
                f"'{text}' is not a valid {field}: use a lowercase name such as '{slugify(text) or 'my-id'}'",
                False,
            )
        if field == "stage" and found[:1] == ["touchpoints"] and isinstance(data, dict):
            return "invalid-value", _stage_reference(text, data.get("stages")), False
        what = "an id" if field == "id" else f"an id for {field}"
        odd = confusables(text)
        advice = f"{odd}; retype them as plain ASCII" if odd else f", e.g. '{slugify(text) or 'my-id'}'"
        return "invalid-value", f"'{text}' is not {what}: ids use lowercase letters, digits and hyphens{advice}", False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if len(found) >= 2 and found[-2] == "emotions":
            return (
                "invalid-value",
                f"the emotion of {field} must be a whole number from 1 to 5 (1 = very negative .. 5 = very "
                f"positive); got {value}",
                False,
            )
        if field in ("emotion", "target_emotion", "impact", "effort"):
            scale = " (1 = very negative .. 5 = very positive)" if "emotion" in field else ""
            return "invalid-value", f"{field} must be a whole number from 1 to 5{scale}; got {value}", False
        bound = next(iter(ctx.values()), "?")
        op = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[kind]
        return "invalid-value", f"{field} must be {op} {bound}; got {value}", False
    if kind == "too_short":
        if isinstance(value, list) and not value:
            entity = _ENTITY.get(field, "entry")
            return "missing-key", f"{field} is empty: {where} needs at least one {entity}", True
        return "invalid-value", f"{field} must not be empty", False
    if kind == "string_too_short":
        return "invalid-value", f"{field} is empty; write some text or remove the key", False
    if kind == "string_too_long":
        return "invalid-value", f"{field} is too long (at most {ctx.get('max_length')} characters)", False
    if kind in ("int_type", "int_from_float"):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return (
                "invalid-value",
                f"{field} must be a whole number, but '{value}' is quoted text; remove the quotes",
                False,
            )
        return "invalid-value", f"{field} must be a whole number; got {_type_name(value)}", False
    if kind in ("float_type", "float_parsing"):
        return "invalid-value", f"{field} must be a number (e.g. 0.42); got {_type_name(value)}", False
    if kind == "string_type":
        hint = (
            f'; to use it as text, quote it: {field}: "{value}"'
            if isinstance(value, (int, float, bool, dt.date))
            else _colon_in_text(value)
        )
        return "invalid-value", f"{field} must be text; got {_type_name(value)}{hint}", False
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact", "date_from_datetime_parsing"):
        impossible = date_problem(value) if isinstance(value, str) else ""
        if impossible:
            return "invalid-value", f"{field} '{value}' is not a date: {impossible}", False
        if isinstance(value, str) and _is_iso_date(value):
            return (
                "invalid-value",
                f"{field} must be a date, but '{value}' is quoted text; remove the quotes",
                False,
            )
        return "invalid-value", f"{field} must be an ISO date like 2026-10-01; got {_type_name(value)}", False
    if kind == "list_type":
        return "invalid-value", f"{field} must be a list, e.g. `{field}: [a, b]`; got {_type_name(value)}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if isinstance(value, str) and field == "personas":
            return (
                "invalid-value",
                f"{where} must be a persona id or a mapping with `id:`; got {_type_name(value)}",
                False,
            )
        return (
            "invalid-value",
            f"{where if isinstance(found[-1:] and found[-1], int) else field} must be a mapping of `key: value` pairs; got {_type_name(value)}",
            False,
        )
    if kind == "bool_type":
        return "invalid-value", f"{field} must be true or false; got {_type_name(value)}", False
    if kind == "value_error" and "error" in ctx:
        # A model's own check (e.g. an evidence item's url-or-path): its message is the advice.
        owner = f"{found[-2]} {where}" if len(found) >= 2 and isinstance(found[-1], int) else where
        return "invalid-value", f"{owner} {ctx['error']}", False
    msg = str(err.get("msg", "invalid value"))
    return "invalid-value", f"{field}: {msg[0].lower() + msg[1:]}", False
