"""Documents carry their source: every .docx embeds the plan and cycle files it was built from (never a
roster or scores), `skillplan source` gives them back byte for byte — also after LibreOffice saved the
document again — and refuses anything that would write outside its folder."""
import io
import shutil
import subprocess
import zipfile

import pytest
from helpers import EXAMPLE, MINIMAL, docx_parts, example_plan_and_cycle, run_cli, tool
from skillplan.output.provenance import NAMESPACE, _item_xml, read_source


def _config(client):
    files = {"plan.yaml": (client / "plan.yaml").read_bytes()}
    files.update({f"cycles/{p.name}": p.read_bytes() for p in sorted((client / "cycles").glob("*.yaml"))})
    return files


def _extracted(document, out):
    done = run_cli("source", document, "-o", out)
    assert done.returncode == 0, done.stderr
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def example_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert run_cli("build", EXAMPLE, "-o", out).returncode == 0
    return out / "example"


def test_every_document_gives_back_the_plan_and_cycle_files_it_was_built_from(example_build, tmp_path):
    documents = sorted(example_build.rglob("*.docx"))
    assert len(documents) == 10
    for n, document in enumerate(documents):
        assert _extracted(document, tmp_path / str(n)) == _config(EXAMPLE), document.name
    done = run_cli("source", documents[0], "-o", tmp_path / "again")
    assert "plan.yaml" in done.stdout and "skillplan 0.1.0" in done.stdout


def test_a_build_from_the_extracted_source_is_byte_identical(example_build, tmp_path):
    client = tmp_path / "example"
    _extracted(next(example_build.rglob("*.docx")), client)
    assert run_cli("build", client, "-o", tmp_path / "out").returncode == 0
    rebuilt = tmp_path / "out" / "example"
    assert {p.relative_to(rebuilt): p.read_bytes() for p in rebuilt.rglob("*") if p.is_file()} == \
        {p.relative_to(example_build): p.read_bytes() for p in example_build.rglob("*") if p.is_file()}


def _odd_client(tmp_path):
    """The minimal client saved with a BOM and CRLF line ends, a comment in rare characters."""
    client = tmp_path / "odd"
    shutil.copytree(MINIMAL, client)
    plan = client / "plan.yaml"
    text = plan.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    plan.write_bytes(b"\xef\xbb\xbf" + text + "# 备注 𠀀😀 & <x> \"q\" \u00a0\t末尾\r\n".encode())
    return client


def test_the_bytes_come_back_exactly_bom_crlf_and_any_unicode(tmp_path):
    client = _odd_client(tmp_path)
    done = run_cli("build", client, "-o", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    document = next((tmp_path / "out" / "odd" / "附件").iterdir())
    assert _extracted(document, tmp_path / "back") == {"plan.yaml": (client / "plan.yaml").read_bytes()}


@pytest.mark.skipif(not tool("soffice"), reason="LibreOffice 未安装")
def test_the_source_survives_libreoffice_saving_the_document_again(tmp_path):
    client = _odd_client(tmp_path)
    assert run_cli("build", client, "-o", tmp_path / "out").returncode == 0
    document = next((tmp_path / "out" / "odd").glob("*.docx"))
    saved = tmp_path / "saved"
    subprocess.run([tool("soffice"), f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
                    "--convert-to", "docx", "--outdir", str(saved), str(document)], capture_output=True, timeout=180)
    resaved = saved / document.name
    assert resaved.read_bytes() != document.read_bytes()  # LibreOffice really wrote its own file
    assert _extracted(resaved, tmp_path / "back") == {"plan.yaml": (client / "plan.yaml").read_bytes()}


def test_cycle_documents_embed_the_plan_but_never_the_roster_or_scores(tmp_path):
    client = tmp_path / "example"
    shutil.copytree(EXAMPLE, client)
    out = tmp_path / "out"
    assert run_cli("forms", client, "--cycle", "2026-1", "-o", out).returncode == 0
    assert run_cli("results", client, "--cycle", "2026-1", "-o", out, "--ledger", tmp_path / "l.sqlite").returncode == 0
    documents = sorted((out / "example_2026-1").rglob("*.docx"))
    assert any("定级评价表/" in d.as_posix() for d in documents) and any("认定结果公示" in d.name for d in documents)
    for document in documents:
        assert read_source(document.read_bytes()).files == _config(EXAMPLE), document.name
        with zipfile.ZipFile(document) as z:
            assert "陈志强" not in z.read("customXml/item1.xml").decode()  # nobody from the roster


def _with_item(document, item: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(document) as z, zipfile.ZipFile(out, "w") as w:
        for info in z.infolist():
            w.writestr(info, item if info.filename == "customXml/item1.xml" else z.read(info))
    return out.getvalue()


@pytest.mark.parametrize("name", ["../evil.yaml", "/etc/evil.yaml", "cycles/../../evil.yaml", "cycles/a/b.yaml",
                                  "evil.sh", "C:/evil.yaml", "cycles\\..\\evil.yaml"])
def test_source_refuses_embedded_names_outside_its_folder(example_build, tmp_path, name):
    forged = tmp_path / "forged.docx"
    forged.write_bytes(_with_item(next(example_build.rglob("*.docx")),
                                  _item_xml({"plan.yaml": b"a: 1\n", name: b"x"}, "0.1.0")))
    done = run_cli("source", forged, "-o", tmp_path / "dir" / "sub")
    assert done.returncode == 1 and "不安全" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "dir").exists() and not (tmp_path / "evil.yaml").exists()


def test_source_refuses_a_damaged_part_and_a_document_without_one(example_build, tmp_path):
    document = next(example_build.rglob("*.docx"))
    item = _item_xml({"plan.yaml": b"company: a\n"}, "0.1.0").replace(b"Y29tcGFueTogYQo=", b"Y29tcGFueTogYgo=")
    (tmp_path / "damaged.docx").write_bytes(_with_item(document, item))
    done = run_cli("source", tmp_path / "damaged.docx", "-o", tmp_path / "d")
    assert done.returncode == 1 and "SHA-256" in done.stderr
    plain = io.BytesIO()
    with zipfile.ZipFile(document) as z, zipfile.ZipFile(plain, "w") as w:
        for info in z.infolist():
            if not info.filename.startswith("customXml/"):
                w.writestr(info, z.read(info))
    (tmp_path / "plain.docx").write_bytes(plain.getvalue())
    done = run_cli("source", tmp_path / "plain.docx", "-o", tmp_path / "p")
    assert done.returncode == 1 and "没有 skillplan 内嵌的源文件" in done.stderr
    assert NAMESPACE.encode() in zipfile.ZipFile(document).read("customXml/itemProps1.xml")


def test_source_never_replaces_a_different_plan(example_build, tmp_path):
    (tmp_path / "plan.yaml").write_bytes(b"# today's plan\n")
    done = run_cli("source", next(example_build.rglob("*.docx")), "-o", tmp_path)
    assert done.returncode == 1 and "已存在且内容不同" in done.stderr
    assert (tmp_path / "plan.yaml").read_bytes() == b"# today's plan\n" and not (tmp_path / "cycles").exists()


def test_fast_batch_forms_embed_exactly_what_a_form_rendered_alone_embeds():
    from skillplan import api
    from skillplan.cycle.forms import FormBatch, forms_doc
    from skillplan.cycle.roster import read_roster
    from skillplan.plan import appraisal
    from skillplan.plan.appraisal import occupation_of

    plan, cycle = example_plan_and_cycle()
    candidates, _ = read_roster(EXAMPLE / "cycles" / "2026-1" / "roster.csv", plan, cycle)
    source = api.provenance(EXAMPLE / "plan.yaml")
    batch = FormBatch(plan, None, source)
    for c in [c for c in candidates if c.method == "定级评价"][:3]:
        alone = forms_doc(plan, [appraisal.grading_form(plan, occupation_of(plan, c), c.level, c)], None, source)
        assert docx_parts(batch.docx(batch.document(c))) == docx_parts(alone), c.name


def test_a_template_with_its_own_custom_xml_part_keeps_it_and_gets_the_next_number():
    from lxml import etree
    from skillplan.core.archive import Packed, stable_zip
    from skillplan.output.provenance import Provenance

    theirs = b"<theirs/>"
    members = [("[Content_Types].xml", b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                b'</Types>'),
               ("word/_rels/document.xml.rels", b'<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                b'2006/relationships"><Relationship Id="rIdSkillplanSource" Type="x" Target="../customXml/item1.xml"/>'
                b'</Relationships>'),
               ("customXml/item1.xml", theirs)]
    stamped = Provenance({"plan.yaml": b"a: 1\r\n"}).members(members)
    docx = stable_zip(data if isinstance(data, Packed) else (name, data) for name, data in stamped)
    assert read_source(docx).files == {"plan.yaml": b"a: 1\r\n"}
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        assert z.read("customXml/item1.xml") == theirs and "customXml/_rels/item2.xml.rels" in z.namelist()
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        types = z.read("[Content_Types].xml").decode()
    assert sorted(r.get("Id") for r in rels) == ["rIdSkillplanSource", "rIdSkillplanSource1"]
    assert "/customXml/item2.xml" in types and "/customXml/itemProps2.xml" in types  # no default for .xml here
