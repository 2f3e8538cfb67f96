"""Plain coercion for plain parameters, so a command does not load pydantic.

Typer (0.29) converts every non-flag parameter through a pydantic TypeAdapter, and
importing pydantic and building the adapters costs ~90 ms on every run: more than
anxlog's quick path ('anxlog rate …', 'anxlog status -q') spends on everything else.
Our parameters are all strings, optional strings, string lists, whole numbers and
decimals; those are converted here, and anything else still goes to Typer's own
machinery. If Typer's internals change shape, nothing is patched and Typer works as
shipped (only slower).
"""

from __future__ import annotations

import math
import re
from typing import Any

_ASCII_NUMBER = re.compile(r"^\s*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$")
LARGEST = 2**63 - 1  # SQLite's integers: no id or count beyond this exists
PLAIN = {bool, str, str | None, list[str] | None, list[str], int, int | None, float, float | None}


def install() -> None:
    try:
        from typer import core
        from typer._click.exceptions import BadParameter
        from typer._coercion import PassThroughRuntimeParam, TypeDescriptor
    except ImportError:  # a Typer without this layer: nothing to do
        return
    original = getattr(core, "build_runtime_param", None)
    if original is None or getattr(original, "_anxlog", False):
        return

    class PlainRuntimeParam(PassThroughRuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            annotation = self.annotation
            if annotation is bool:
                if isinstance(value, bool):
                    return value
                return str(value).strip().lower() in ("1", "true", "yes", "on")
            if annotation in (int, int | None):
                return _bounded(_number(value, int, param, ctx), self, param, ctx)
            if annotation in (float, float | None):
                return _bounded(_number(value, float, param, ctx), self, param, ctx)
            if annotation in (list[str], list[str] | None):
                return [str(item) for item in value]
            return str(value)

    def _number(value: Any, kind: type, param: Any, ctx: Any) -> Any:
        try:
            if isinstance(value, str) and not _ASCII_NUMBER.match(value):
                raise ValueError(value)  # int() and float() also take '٣' and '1_0'
            number = kind(value)
        except (TypeError, ValueError):
            what = "a whole number" if kind is int else "a number"
            raise BadParameter(f"{value!r} is not {what}", ctx=ctx, param=param) from None
        if isinstance(number, float) and not math.isfinite(number):
            raise BadParameter(f"{value!r} is not a finite number", ctx=ctx, param=param)
        if isinstance(number, int) and abs(number) > LARGEST:
            raise BadParameter(f"{value!r} is too large", ctx=ctx, param=param)
        return number

    def _bounded(number: Any, runtime: Any, param: Any, ctx: Any) -> Any:
        info = runtime.parameter_info
        low, high = getattr(info, "min", None), getattr(info, "max", None)
        if low is not None and number < low:
            raise BadParameter(f"{number} is below the minimum {low}", ctx=ctx, param=param)
        if high is not None and number > high:
            raise BadParameter(f"{number} is above the maximum {high}", ctx=ctx, param=param)
        return number

    def build_runtime_param(descriptor: TypeDescriptor) -> Any:
        if descriptor.file_annotation is None and descriptor.annotation in PLAIN:
            return PlainRuntimeParam(
                annotation=descriptor.annotation, parameter_info=descriptor.parameter_info
            )
        return original(descriptor)

    build_runtime_param._anxlog = True  # type: ignore[attr-defined]
    setattr(core, "build_runtime_param", build_runtime_param)  # noqa: B010
