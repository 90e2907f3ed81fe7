"""What a consultant hands over and CI publishes: a manifest, a zip, PDFs on request, all reproducible
and written atomically; many clients in one run; an editor schema generated from the cerberus one."""
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
import yaml
from helpers import EXAMPLE, MINIMAL, run_cli, tool


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    done = run_cli("build", EXAMPLE, "-o", out)
    assert done.returncode == 0, done.stderr
    return out


def test_manifest_lists_every_file_with_its_true_size_and_hash(built):
    folder = built / "example"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert [f["path"] for f in manifest["files"]] == [p for p in on_disk if p != "manifest.json"]
    for entry in manifest["files"]:
        path = folder / entry["path"]
        assert entry["size"] == path.stat().st_size and entry["sha256"] == _sha(path)
    assert manifest["version"] == "0.1.0"
    assert {c["path"]: c["sha256"] for c in manifest["config"]["files"]} == {
        "plan.yaml": _sha(EXAMPLE / "plan.yaml"), "cycles/2027-1.yaml": _sha(EXAMPLE / "cycles" / "2027-1.yaml")}
    # written entry by entry, and still exactly the document json.dumps writes
    written = (folder / "manifest.json").read_bytes()
    assert written == json.dumps(manifest, ensure_ascii=False, indent=2).encode() + b"\n"


def test_zip_holds_exactly_the_folder(built):
    folder = built / "example"
    with zipfile.ZipFile(built / "example.zip") as z:
        names = z.namelist()
        assert names[-1] == "example/manifest.json" and names[:-1] == sorted(names[:-1])  # documents by path
        assert {n: z.read(n) for n in names} == {
            f"example/{p.relative_to(folder).as_posix()}": p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_two_builds_are_byte_identical_and_a_config_change_changes_the_config_hash(built, tmp_path):
    client = tmp_path / "example"
    shutil.copytree(EXAMPLE, client)
    assert run_cli("build", client, "-o", tmp_path / "out").returncode == 0
    assert (tmp_path / "out" / "example.zip").read_bytes() == (built / "example.zip").read_bytes()
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n# 改了一行注释\n", encoding="utf-8")
    assert run_cli("build", client, "-o", tmp_path / "out").returncode == 0
    config = [json.loads((d / "example" / "manifest.json").read_text())["config"]["sha256"]
              for d in (built, tmp_path / "out")]
    assert config[0] != config[1]


def _snapshot(out):
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def _folder_of(snapshot):
    return {k: v for k, v in snapshot.items() if k.startswith("example/")}


def _built_copy(tmp_path, source, name):
    """A copy of a client built once into tmp_path/out: (client folder, out folder, snapshot of out)."""
    client, out = tmp_path / name, tmp_path / "out"
    shutil.copytree(source, client)
    assert run_cli("build", client, "-o", out).returncode == 0
    return client, out, _snapshot(out)


def test_a_failing_build_leaves_the_previous_output_untouched(tmp_path):
    client, out, before = _built_copy(tmp_path, MINIMAL, "acme")
    broken = tmp_path / "broken-templates"
    broken.mkdir()
    (broken / "annex3.docx").write_bytes(b"not a zip")  # a template error half-way through the client
    done = run_cli("build", client, "-o", out, "--templates", broken)
    assert done.returncode == 1 and "annex3.docx" in done.stderr
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["acme", "acme.zip"]


def test_a_killed_build_is_cleaned_up_and_the_previous_output_restored(tmp_path):
    client, out, before = _built_copy(tmp_path, MINIMAL, "acme")
    # what a build killed mid-swap leaves: the good folder parked aside, a half-written new one
    parked = out / ".acme.old-x1" / "previous"
    parked.parent.mkdir()
    os.replace(out / "acme", parked)
    (out / ".acme.new-y2").mkdir()
    (out / ".acme.new-y2" / "half.docx").write_bytes(b"PK")
    assert run_cli("check", client).returncode == 0
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("total: 320", "total: 三百"), encoding="utf-8")
    assert run_cli("build", client, "-o", out).returncode == 1  # invalid: nothing rebuilt, nothing lost
    plan.write_text(plan.read_text(encoding="utf-8").replace("total: 三百", "total: 320"), encoding="utf-8")
    assert run_cli("build", client, "-o", out).returncode == 0
    assert _snapshot(out) == before


def test_a_build_killed_with_sigkill_never_leaves_half_written_output(tmp_path):
    client, out, before = _built_copy(tmp_path, EXAMPLE, "example")
    plan = client / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("陈志强", "陈志刚"), encoding="utf-8")
    reference = tmp_path / "reference"
    assert run_cli("build", client, "-o", reference).returncode == 0
    new = _snapshot(reference)
    killed = 0
    for delay in (0.05, 0.1, 0.14, 0.17, 0.2, 0.23, 0.26):  # kill at different moments of the build
        process = subprocess.Popen([sys.executable, "-m", "skillplan", "build", str(client), "-o", str(out)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            killed += 1
        visible = {k: v for k, v in _snapshot(out).items() if not k.startswith(".")}
        folder = {k: v for k, v in visible.items() if k.startswith("example/")}
        # the folder is either the old one or the new one as a whole, never a mix of files
        assert folder in (_folder_of(before), _folder_of(new))
        assert visible["example.zip"] in (before["example.zip"], new["example.zip"])
    assert killed
    assert run_cli("build", client, "-o", out).returncode == 0
    assert _snapshot(out) == new  # the next build finishes or redoes whatever was cut off
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_many_clients_in_one_run_invalid_ones_do_not_stop_the_rest(tmp_path):
    clients = tmp_path / "clients"
    for name in ("a", "b", "c"):
        shutil.copytree(MINIMAL, clients / name)
    bad = clients / "b" / "plan.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("total: 320", "total: 三百"), encoding="utf-8")
    done = run_cli("build", *sorted(clients.iterdir()), "-o", tmp_path / "out")
    assert done.returncode == 1
    assert "共 3 个客户：2 个通过，1 个有错误" in done.stdout
    assert "b：1 个错误" in done.stderr and "staff.total  应为整数" in done.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a", "a.zip", "c", "c.zip"]
    report = json.loads(run_cli("build", *sorted(clients.iterdir()), "-o", tmp_path / "out",
                                "--format", "json").stdout)
    assert [(c["client"], c["valid"]) for c in report["clients"]] == [("a", True), ("b", False), ("c", True)]
    assert report["valid"] is False and any(f.endswith("a.zip") for f in report["clients"][0]["files"])


def test_pdf_without_libreoffice_says_so(tmp_path):
    env = {**os.environ, "PATH": os.path.dirname(sys.executable)}
    done = run_cli("build", MINIMAL, "-o", tmp_path, "--pdf", env=env)
    assert done.returncode == 2 and "--pdf 需要 LibreOffice" in done.stderr
    assert not any(tmp_path.iterdir())


@pytest.mark.skipif(not tool("soffice"), reason="LibreOffice 未安装（apt-get install libreoffice-writer-nogui）")
def test_pdf_for_every_document_reproducible(tmp_path):
    runs = []
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        done = run_cli("build", MINIMAL, "-o", out, "--pdf", timeout=300)
        assert done.returncode == 0, done.stderr
        runs.append(out)
    folder = runs[0] / "minimal"
    docx = sorted(p.relative_to(folder) for p in folder.rglob("*.docx"))
    pdfs = sorted(p.relative_to(folder) for p in folder.rglob("*.pdf"))
    assert [p.with_suffix("") for p in pdfs] == [p.with_suffix("") for p in docx]
    assert (runs[0] / "minimal.zip").read_bytes() == (runs[1] / "minimal.zip").read_bytes()
    if tool("pdfinfo"):
        for pdf in pdfs:
            info = subprocess.run([tool("pdfinfo"), str(folder / pdf)], capture_output=True, text=True)
            assert info.returncode == 0 and int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1)) >= 1


class Yaml12Loader(yaml.SafeLoader):
    """What an editor sees (YAML 1.2): numbers are numbers, but dates and yes/no stay text."""


Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()}


def _editor_errors(schema, text):
    import jsonschema

    validator = jsonschema.Draft7Validator(schema)
    document = json.loads(json.dumps(yaml.load(text, Loader=Yaml12Loader)))  # as JSON: keys become text
    return sorted(".".join(map(str, e.absolute_path)) + ": " + e.message for e in validator.iter_errors(document))


def test_json_schema_accepts_the_example_and_flags_a_misspelt_key(tmp_path):
    done = run_cli("schema", "-o", tmp_path / "plan.schema.json")
    assert done.returncode == 0
    schema = json.loads((tmp_path / "plan.schema.json").read_text(encoding="utf-8"))
    text = (EXAMPLE / "plan.yaml").read_text(encoding="utf-8")
    assert _editor_errors(schema, text) == []
    errors = _editor_errors(schema, text.replace("  business_scope:", "  busines_scope:"))
    assert any("busines_scope" in e and "Additional properties" in e for e in errors)
    assert any("business_scope" in e and "required" in e for e in errors)
    wrong_city = _editor_errors(schema, text.replace("city: 广州市", "city: 广州"))
    assert any(e.startswith("company.city") for e in wrong_city)
    cycle = json.loads(run_cli("schema", "cycle").stdout)
    assert _editor_errors(cycle, (EXAMPLE / "cycles" / "2027-1.yaml").read_text(encoding="utf-8")) == []


def test_init_points_the_editor_at_the_schema(tmp_path):
    assert run_cli("init", tmp_path / "acme").returncode == 0
    plan = (tmp_path / "acme" / "plan.yaml").read_text(encoding="utf-8")
    assert plan.startswith("# yaml-language-server: $schema=plan.schema.json\n")
    schema = json.loads((tmp_path / "acme" / "plan.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads(run_cli("schema").stdout)
    assert schema["properties"]["company"]["properties"]["name"]["description"] == "企业全称，与营业执照一致"


def test_recovery_moves_in_a_zip_whose_folder_was_already_swapped(tmp_path):
    """A kill between the folders' swap and the zip's: the staged zip whose manifest is the folder's
    is moved in; a run killed before its swap leaves nothing that counts."""
    from skillplan.output.bundle import _recover

    def zipped(manifest: bytes) -> bytes:
        data = io.BytesIO()
        with zipfile.ZipFile(data, "w") as z:
            z.writestr("acme/manifest.json", manifest)
        return data.getvalue()

    (tmp_path / "acme").mkdir()
    (tmp_path / "acme" / "manifest.json").write_bytes(b"{new}")
    (tmp_path / "acme.zip").write_bytes(zipped(b"{old}"))
    (tmp_path / ".acme.new-k1.zip").write_bytes(zipped(b"{new}"))  # its folder was swapped into place
    (tmp_path / ".acme.new-k1").mkdir()                              # (holding the previous folder now)
    (tmp_path / ".acme.new-k2").mkdir()                              # a run killed before its swap
    (tmp_path / ".acme.new-k2.zip").write_bytes(zipped(b"{half}"))
    _recover(tmp_path / "acme")
    assert (tmp_path / "acme.zip").read_bytes() == zipped(b"{new}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme", "acme.zip"]


def test_the_manifest_is_what_json_dumps_writes_for_any_file_name(tmp_path):
    """The listing is written entry by entry, by hand: names with quotes, backslashes, Chinese,
    emoji or a tab must come out exactly as json.dumps(ensure_ascii=False, indent=2) has them."""
    from skillplan.output.bundle import Digest, manifest

    names = ['a"b.docx', "back\\slash.txt", "证书/个人/Y0001-陈志强-证书.docx", "😀 tab\there.txt", "z.json"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(name.encode())
    written = manifest(tmp_path, {"plan.yaml": b"x", "cycles/2026-1/roster.csv": Digest("ab" * 32)})
    assert written == json.dumps(json.loads(written), ensure_ascii=False, indent=2).encode() + b"\n"
    assert [(f["path"], f["size"], f["sha256"]) for f in json.loads(written)["files"]] == [
        (name, len(name.encode()), hashlib.sha256(name.encode()).hexdigest()) for name in sorted(names)]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert manifest(empty, {}) == json.dumps(json.loads(manifest(empty, {})), ensure_ascii=False, indent=2).encode() + b"\n"


@pytest.mark.parametrize("links", [True, False])
def test_a_partial_rebuild_keeps_the_other_files_linked_or_copied(tmp_path, monkeypatch, links):
    """Files carried over from the previous folder are the same bytes afterwards, whether the file
    system takes a hard link for them or they have to be copied; the previous folder is gone."""
    from skillplan.output import bundle

    if not links:
        def no_links(*_):
            raise OSError("hard links not supported")
        monkeypatch.setattr(bundle.os, "link", no_links)
    final = tmp_path / "acme_2026-1"
    bundle.write_bundle(final, {"a.docx": b"first", "sub/b.xlsx": b"second"}, {})
    bundle.write_bundle(final, {"c.docx": b"third"}, {}, keep_existing=True, replacing=("a",))
    assert {p.relative_to(final).as_posix(): p.read_bytes() for p in final.rglob("*") if p.is_file()
            and p.name != "manifest.json"} == {"sub/b.xlsx": b"second", "c.docx": b"third"}
    assert os.stat(final / "sub" / "b.xlsx").st_nlink == 1  # no second name left behind
    with zipfile.ZipFile(final.with_name("acme_2026-1.zip")) as z:
        assert z.read("acme_2026-1/sub/b.xlsx") == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme_2026-1", "acme_2026-1.zip"]


def test_the_files_a_build_reports_read_as_a_list_of_paths(tmp_path):
    """ClientResult.files holds the names written (10,101 for a batch of certificates), each Path
    made when asked for; it reads exactly as the list of paths, the zip last."""
    from pathlib import Path

    from skillplan.api import WrittenFiles

    folder = tmp_path / "acme_2026-1"
    names = ["manifest.json", "证书/个人/Y1-陈-证书.docx", "证书/电工-五级-证书.docx"]
    paths = [folder / n for n in names] + [tmp_path / "acme_2026-1.zip"]
    files = WrittenFiles(folder, names)
    assert list(files) == paths and len(files) == 4 and files[-1] == paths[-1] and files[1:3] == paths[1:3]
    assert files[::-1] == paths[::-1] and Path(paths[2]) in files and [str(f) for f in files] == list(map(str, paths))
    with pytest.raises(IndexError):
        files[4]
    with pytest.raises(IndexError):
        files[-5]


def test_a_member_taken_from_its_file_zips_as_the_same_bytes(tmp_path):
    """A worker's certificate goes into the zip from the file it wrote (the kernel copies it; 88 MB
    no longer come back through a pipe): the zip is byte for byte the one made from the bytes, to a
    file (copied by the kernel) and to memory (read and written)."""
    import os
    import zlib

    from skillplan.core.archive import stable_zip, stored_file, write_zip

    data = os.urandom(300_000) + b"PK" * 1000
    (tmp_path / "a.docx").write_bytes(data)
    members = [("top/x.xml", b"<x/>" * 100), ("top/a.docx", data), ("top/y.xml", b"<y/>")]
    expected = stable_zip(members)
    from_file = [members[0], stored_file("top/a.docx", str(tmp_path / "a.docx"), len(data), zlib.crc32(data)), members[2]]
    assert stable_zip(from_file) == expected
    with open(tmp_path / "out.zip", "wb", buffering=1 << 18) as out:
        write_zip(out, from_file)
    assert (tmp_path / "out.zip").read_bytes() == expected
    (tmp_path / "a.docx").write_bytes(data[:-1])
    with pytest.raises(ValueError, match="changed while it was added"):
        stable_zip(from_file)


def test_an_output_folder_that_is_a_link_is_refused_before_anything_is_written(tmp_path):
    """The new output is exchanged into place whole: through a link it replaced the link and left the
    folder it points to (a shared 证书数据.xlsx) stale, with a hidden link behind."""
    shared, out = tmp_path / "shared", tmp_path / "out"
    assert run_cli("build", EXAMPLE, "-o", shared).returncode == 0
    out.mkdir()
    (out / "example").symlink_to(shared / "example", target_is_directory=True)
    before = sorted(p.name for p in out.iterdir())
    done = run_cli("build", EXAMPLE, "-o", out)
    assert done.returncode == 1 and f"{out / 'example'} 是指向 {shared / 'example'} 的链接" in done.stderr, done.stderr
    assert sorted(p.name for p in out.iterdir()) == before and (out / "example").is_symlink()
