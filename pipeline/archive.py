"""Zip files that depend only on their content: fixed timestamps, fixed member order, fixed modes.

Used for every .docx (a .docx is a zip) and for the client bundle OUT/<client>.zip, so the same
input gives byte-identical output and a consultant can tell by hash whether anything changed.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def stable_zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (name, data) pairs in the order given, with no time or host information in it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            info = zipfile.ZipInfo(name, FIXED_DATE)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever machine builds it
            dst.writestr(info, data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
