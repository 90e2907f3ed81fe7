"""Everything skillplan reads at run time ships inside the package and is read through
importlib.resources, so an installed wheel works from any folder (never a path relative to a
source file or the current folder)."""
from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def fonts_conf() -> Traversable:
    """core/fonts.conf: how PDF export maps the GB/T 9704 faces to the fonts a machine has."""
    return files("skillplan.core").joinpath("fonts.conf")


def schema(name: str) -> Traversable:
    """schemas/<name>.yaml: the cerberus rules of a plan or cycle file."""
    return files("skillplan.schemas").joinpath(f"{name}.yaml")


def template(name: str) -> Traversable:
    """templates/<name>: a built-in .docx template."""
    return files("skillplan.templates").joinpath(name)


def library(name: str) -> Traversable:
    """plan/library/<name>.yaml: the built-in clause texts."""
    return files("skillplan.plan").joinpath("library", f"{name}.yaml")


def starter(name: str) -> Traversable:
    """plan/starter/<name>.yaml: a commented plan for `skillplan init`."""
    return files("skillplan.plan").joinpath("starter", f"{name}.yaml")


def own_source(module: str) -> bytes:
    """A module's own source bytes (a cache key that follows the code, not the file's time stamp)."""
    package, _, name = module.rpartition(".")
    return files(package).joinpath(f"{name}.py").read_bytes()
