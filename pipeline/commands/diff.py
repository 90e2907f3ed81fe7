"""diff and source: what changed in a client's filing since its last build (sentences and Word 修订
copies), between any two versions of a document, and the plan a document was built from."""
from __future__ import annotations

from pathlib import Path

from ..core.errors import InvalidInput, UsageError
from ..filing.revisions import word_changes
from .clients import checked, provenance

__all__ = ["diff", "diff_files", "source", "word_changes"]  # word_changes: for the console's colours


def diff(path, out_dir="out", templates=None):
    """What the client's current config would build against its last build in OUT/<client>/: the
    changed sentences per document, and 修订 copies in OUT/修订/<client>/ (outside the bundle, so a
    build neither ships nor wipes them). Renders in memory; the build itself is not touched."""
    from ..filing.documents import client_documents
    from ..filing.revisions import REVISIONS_DIR, compare_builds
    from ..output.bundle import safe_name

    result, plan = checked(path, strict=False)
    folder = Path(out_dir) / safe_name(result.client)
    if safe_name(result.client) == REVISIONS_DIR:
        raise UsageError(f"客户文件夹名“{REVISIONS_DIR}”与修订稿文件夹同名，修订稿会写进该客户的输出：请改用其他文件夹名。")
    if not folder.is_dir():
        raise UsageError(f"没有找到 {result.client} 上次生成的文件（{folder}）：请先运行 skillplan build "
                         f"{path} -o {out_dir}，修改 plan.yaml 后再用 skillplan diff 查看改动。")
    if plan is None:
        raise InvalidInput([p for p in result.problems if p.severity == "error"])
    current = client_documents(plan, Path(templates) if templates else None, source=provenance(result.plan_file))
    return compare_builds(folder, current, Path(out_dir) / REVISIONS_DIR / safe_name(result.client))


def diff_files(old, new, out=None):
    """Any two versions of a Word document (say the built one and a colleague's edit): the changed
    sentences, and a 修订 copy of the new one at out (default: beside it, named …（修订）.docx)."""
    from ..filing.revisions import compare_files

    return compare_files(Path(old), Path(new), Path(out) if out else None)


def source(docx: Path | str, out_dir: Path | str):
    """Give back the plan and cycle files a generated document was built from, byte for byte, into
    out_dir (plan.yaml, cycles/…): a document found months later can be traced and rebuilt.
    Returns the embedded source (its files and the skillplan version) and the paths written."""
    from ..output.provenance import write_source

    docx = Path(docx)
    if not docx.is_file():
        raise UsageError(f"{docx} 不存在。")
    return write_source(docx, Path(out_dir))
