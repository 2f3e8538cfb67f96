"""Build a command's Click object only when that command is used.

On every run Typer turns every command function into a Click command, reading each
signature and its annotations: ~13 ms for anxlog's commands (bench/run.py, cProfile),
before the one command asked for even starts. Here each command starts as a
``LazyCommand`` that holds only what a listing shows (name, help, hidden); the first
time it is used (to run, or to show its own --help) Typer builds the real command.
If Typer's internals change shape, nothing is patched and Typer works as shipped.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any


def install() -> None:
    try:
        from typer import main as typer_main
        from typer.core import TyperCommand
    except ImportError:  # a Typer without these: nothing to do
        return
    original = getattr(typer_main, "get_command_from_info", None)
    name_of = getattr(typer_main, "get_command_name", None)
    if original is None or name_of is None or getattr(original, "_anxlog", False):
        return

    class LazyCommand(TyperCommand):
        """A command's name and help for listings; the real command on first use."""

        def __init__(self, build: Callable[[], Any], **attrs: Any) -> None:
            super().__init__(**attrs)
            self._build = build
            self._built: Any = None

        def real(self) -> Any:
            if self._built is None:
                self._built = self._build()
            return self._built

        def make_context(self, *args: Any, **kwargs: Any) -> Any:
            # the group runs a subcommand through its context: from here on, the real one
            return self.real().make_context(*args, **kwargs)

        def main(self, *args: Any, **kwargs: Any) -> Any:
            return self.real().main(*args, **kwargs)

    def get_command_from_info(
        command_info: Any, *, pretty_exceptions_short: bool, rich_markup_mode: Any
    ) -> Any:
        callback = command_info.callback
        if callback is None:  # let Typer say what is wrong
            return original(
                command_info=command_info,
                pretty_exceptions_short=pretty_exceptions_short,
                rich_markup_mode=rich_markup_mode,
            )
        text = command_info.help
        # the help text exactly as Typer gives it to the real command
        text = inspect.getdoc(callback) if text is None else inspect.cleandoc(text)

        def build() -> Any:
            return original(
                command_info=command_info,
                pretty_exceptions_short=pretty_exceptions_short,
                rich_markup_mode=rich_markup_mode,
            )

        return LazyCommand(
            build,
            name=command_info.name or name_of(callback.__name__),
            help=text,
            short_help=command_info.short_help,
            hidden=command_info.hidden,
            deprecated=command_info.deprecated,
        )

    get_command_from_info._anxlog = True  # type: ignore[attr-defined]
    setattr(typer_main, "get_command_from_info", get_command_from_info)  # noqa: B010
