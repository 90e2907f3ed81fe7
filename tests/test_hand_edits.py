"""A colleague's edit in the output folder is never lost: the build refuses to replace it, --force
moves it under OUT/手改/ first; the same for the cycle folders that forms and results write."""
import datetime as dt
import json
import re
import shutil
import zipfile

import pytest
from helpers import EXAMPLE, MINIMAL, run_cli
from skillplan.output.bundle import HAND_EDITS, HandEdited, hand_edited, hand_edits, set_aside_hand_edits

ANNEX3 = "附件/附件2-考评人员管理及工作规范.docx"


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def built(tmp_path):
    """The minimal client built once into tmp_path/out: (client folder, out folder)."""
    client, out = tmp_path / "acme", tmp_path / "out"
    shutil.copytree(MINIMAL, client)
    done = run_cli("build", client, "-o", out)
    assert done.returncode == 0, done.stderr
    return client, out


def test_an_edited_document_stops_the_build_and_nothing_is_replaced(built):
    client, out = built
    edited = out / "acme" / ANNEX3
    edited.write_bytes(edited.read_bytes() + b"colleague")
    (out / "acme" / "工作方案（王工修改）.docx").write_bytes(b"saved as from Word")
    before = _snapshot(out)
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n# 改一行\n", encoding="utf-8")
    done = run_cli("build", client, "-o", out)
    assert done.returncode == 1
    assert f"{ANNEX3}（已修改）" in done.stderr and "工作方案（王工修改）.docx（新增）" in done.stderr
    assert "--force" in done.stderr and "Traceback" not in done.stderr
    assert _snapshot(out) == before  # the folder, the zip, the manifest: all as they were


def test_force_moves_each_edited_file_under_hand_edits_then_builds(built):
    client, out = built
    edited = out / "acme" / ANNEX3
    colleague = edited.read_bytes() + b"colleague"
    edited.write_bytes(colleague)
    done = run_cli("build", client, "-o", out, "--force")
    assert done.returncode == 0, done.stderr
    kept = list((out / HAND_EDITS / "acme" / "附件").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == colleague
    assert re.fullmatch(r"附件2-考评人员管理及工作规范（手改 \d{8}-\d{4}）\.docx", kept[0].name)
    assert f"{ANNEX3} 已移到 {kept[0].relative_to(out.parent)}" in done.stdout.replace(str(out.parent) + "/", "")
    assert edited.read_bytes() != colleague  # rebuilt
    assert run_cli("build", client, "-o", out).returncode == 0  # and the next build is clean again


def test_lock_files_of_an_open_document_are_not_edits(built):
    _, out = built
    (out / "acme" / "附件" / "~$件2-考评人员管理及工作规范.docx").write_bytes(b"owner")
    (out / "acme" / ".~lock.工作方案.docx#").write_bytes(b"lock")
    assert hand_edits(out / "acme") == []


def test_a_folder_without_a_manifest_is_not_overwritten(tmp_path):
    folder = tmp_path / "out" / "minimal"
    folder.mkdir(parents=True)
    (folder / "report.docx").write_bytes(b"someone's own file")
    done = run_cli("build", MINIMAL, "-o", tmp_path / "out")
    assert done.returncode == 1 and "report.docx（无生成记录）" in done.stderr
    assert (folder / "report.docx").read_bytes() == b"someone's own file"


def test_force_never_overwrites_an_earlier_hand_edit(tmp_path):
    folder = tmp_path / "out" / "acme"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(json.dumps({"files": []}), encoding="utf-8")
    when = dt.datetime(2026, 11, 25, 9, 5)
    for n in (1, 2):
        (folder / "a.docx").write_bytes(b"edit %d" % n)
        with pytest.raises(HandEdited):
            hand_edited(folder, force=False)
        edited, _ = hand_edited(folder, force=True)
        [(rel, moved)] = set_aside_hand_edits(folder, edited, now=when)
        assert rel == "a.docx" and moved.read_bytes() == b"edit %d" % n
    names = sorted(p.name for p in (tmp_path / "out" / HAND_EDITS / "acme").iterdir())
    assert names == ["a（手改 20261125-0905-2）.docx", "a（手改 20261125-0905）.docx"]


def test_cycle_folders_keep_hand_edits_too(tmp_path):
    client, out = tmp_path / "example", tmp_path / "out"
    shutil.copytree(EXAMPLE, client)
    assert run_cli("forms", client, "--cycle", "2026-1", "-o", out).returncode == 0
    form = next((out / "example_2026-1" / "定级评价表").iterdir())
    form.write_bytes(b"filled in by hand")
    done = run_cli("forms", client, "--cycle", "2026-1", "-o", out)
    assert done.returncode == 1 and f"定级评价表/{form.name}（已修改）" in done.stderr
    assert form.read_bytes() == b"filled in by hand"
    # results rewrites its own files only: forms' edited form stays as it is, and stays marked edited
    ledger = tmp_path / "certificates.sqlite"
    assert run_cli("results", client, "--cycle", "2026-1", "-o", out, "--ledger", ledger).returncode == 0
    assert form.read_bytes() == b"filled in by hand"
    summary = out / "example_2026-1" / "成绩汇总.xlsx"
    summary.write_bytes(b"annotated by hand")
    ledger.unlink()
    done = run_cli("results", client, "--cycle", "2026-1", "-o", out, "--ledger", ledger)
    assert done.returncode == 1 and "成绩汇总.xlsx（已修改）" in done.stderr and f"定级评价表/{form.name}" not in done.stderr
    assert not ledger.exists()  # results refused before issuing any certificate number
    done = run_cli("forms", client, "--cycle", "2026-1", "-o", out, "--force")
    assert done.returncode == 0, done.stderr
    [kept] = (out / HAND_EDITS / "example_2026-1" / "定级评价表").iterdir()
    assert kept.read_bytes() == b"filled in by hand" and form.read_bytes().startswith(b"PK")
    assert summary.read_bytes() == b"annotated by hand"


def test_certificates_leave_the_results_edited_by_hand_where_they_are(tmp_path):
    client, out = tmp_path / "example", tmp_path / "out"
    shutil.copytree(EXAMPLE, client)
    assert run_cli("results", client, "--cycle", "2026-1", "-o", out).returncode == 0
    folder = out / "example_2026-1"
    (folder / "成绩汇总.xlsx").write_bytes(b"annotated by hand")
    for how in ([], ["--force"]):
        done = run_cli("certificates", client, "--cycle", "2026-1", "-o", out, "--approved", folder / "证书数据.xlsx", *how)
        assert done.returncode == 0, done.stderr
        assert (folder / "成绩汇总.xlsx").read_bytes() == b"annotated by hand"
        with zipfile.ZipFile(out / "example_2026-1.zip") as z:
            assert z.read("example_2026-1/成绩汇总.xlsx") == b"annotated by hand"
    assert not (out / HAND_EDITS).exists()
    assert hand_edits(folder) == [("成绩汇总.xlsx", "已修改")]  # still someone's edit: results will not overwrite it


def test_the_refusal_crosses_a_process_pool_intact(tmp_path):
    import pickle

    error = pickle.loads(pickle.dumps(HandEdited(tmp_path / "acme", [("a.docx", "已修改")])))
    assert error.edited == [("a.docx", "已修改")] and "a.docx（已修改）" in str(error)


def test_no_build_replaces_the_client_itself_or_the_hand_edits_folder(tmp_path):
    clients = tmp_path / "clients"
    shutil.copytree(MINIMAL, clients / "acme")
    # -o naming the folder that holds the client: OUT/acme would be the client folder
    for how in ([], ["--force"]):
        done = run_cli("build", clients / "acme", "-o", clients, *how)
        assert done.returncode == 2 and "包含客户的方案" in done.stdout + done.stderr
    assert (clients / "acme" / "plan.yaml").is_file() and not (clients / HAND_EDITS).exists()
    # a client named 手改 would be built over OUT/手改/, where --force keeps every client's edits
    shutil.copytree(MINIMAL, clients / HAND_EDITS)
    done = run_cli("build", clients / HAND_EDITS, "-o", tmp_path / "out")
    assert done.returncode == 2 and "与存放手改文件的文件夹" in done.stdout + done.stderr


def test_clients_whose_output_folders_would_be_one_are_refused(tmp_path):
    plan = (MINIMAL / "plan.yaml").read_text(encoding="utf-8")
    for name in ("a:b.yaml", "a_b.yaml"):
        (tmp_path / name).write_text(plan, encoding="utf-8")
    done = run_cli("build", tmp_path / "a:b.yaml", tmp_path / "a_b.yaml", "-o", tmp_path / "out")
    assert done.returncode == 2 and "多个客户的输出文件夹同名（a_b）" in done.stderr
    once = run_cli("build", tmp_path / "a_b.yaml", tmp_path / "a_b.yaml", "-o", tmp_path / "out")
    assert once.returncode == 0 and "共" not in once.stdout  # the same client named twice: built once


def test_a_cycle_folder_without_a_record_keeps_someone_elses_file(tmp_path):
    # a folder skillplan has no manifest for: a file of no command's is left where it is, nothing fails
    client, out = tmp_path / "example", tmp_path / "out"
    shutil.copytree(EXAMPLE, client)
    folder = out / "example_2026-1"
    folder.mkdir(parents=True)
    (folder / "说明.txt").write_text("someone's notes", encoding="utf-8")
    done = run_cli("results", client, "--cycle", "2026-1", "-o", out, "--force")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert (folder / "说明.txt").read_text(encoding="utf-8") == "someone's notes"
