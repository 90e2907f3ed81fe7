"""职业技能等级证书: one A4 portrait page per certificate with the fields 人社鉴发〔2021〕1号 (forwarded
by the province as 粤技服〔2021〕5号) fixes (DESIGN §11): title, 姓名, 证件类型, 证件号码, 职业名称,
工种/职业方向, 职业技能等级, 证书编号, 评价机构名称, 发证日期, the photo (or a box for it), a QR code
holding the number, the 评价机构's seal (an area kept free beside 评价机构名称 and 发证日期, where the
seal filed with the province is stamped), the body text and the two query sites. Filled values are
小四号仿宋 (TableTextLeft); a proof says 样本 on every page."""
from ooxml import R_NS, cell, each, p, row, table, when

LABEL_W, VALUE_W, PICTURE_W = 2300, 4244, 2300  # the photo and the QR share the right column
EMU_PER_MM = 36000
PHOTO = (25 * EMU_PER_MM, 35 * EMU_PER_MM)  # 一寸 photo, 25 × 35 mm
QR = (30 * EMU_PER_MM, 30 * EMU_PER_MM)
FIELD_H = 640  # a field's row; the QR's two rows and the seal's two take 30 mm and 40 mm (an enterprise seal)
QR_ROW_H, SEAL_ROW_H = 900, 1150
SEAL_LABEL = "评价机构（盖章）"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
BODY_TEXT = "本证书表明持证人通过本评价机构组织的职业技能等级认定，具备该职业（工种）相应技能等级水平。"
QUERY = "证书查询网址：http://jndj.osta.org.cn　　评价机构查询网址：http://pjjg.osta.org.cn"


def picture(rel: str, size: tuple[int, int], name: str) -> str:
    """An inline picture whose relationship id comes from the context (rel is a Jinja expression)."""
    cx, cy = size
    # auto line height: the table styles' exact spacing would clip the picture to one line
    return (f'<w:p><w:pPr><w:pStyle w:val="TableText"/><w:spacing w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:drawing>'
            f'<wp:inline xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
            f'<wp:docPr id="1" name="{name}"/><a:graphic xmlns:a="{A_NS}">'
            f'<a:graphicData uri="{PIC_NS}"><pic:pic xmlns:pic="{PIC_NS}"><pic:nvPicPr><pic:cNvPr id="0" name="{name}"/>'
            f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip xmlns:r="{R_NS}" r:embed="{{{{ {rel} }}}}"/>'
            f'<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
            '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')


def _photo_cell(vmerge: str) -> str:
    content = ("{% if c.photo %}" + picture("c.photo", PHOTO, "照片") + "{% else %}"
               + p("照片", "TableText") + p("近期一寸彩色白底", "TableText") + "{% endif %}")
    return cell(content, PICTURE_W, vmerge=vmerge, raw=True)


def _field(label: str, value: str, right: str, height: int = FIELD_H) -> str:
    return row(cell(label, LABEL_W, style="TableHead"), cell(value, VALUE_W, style="TableTextLeft"), right,
               height=height)


def _fields() -> str:
    widths = [LABEL_W, VALUE_W, PICTURE_W]
    qr = cell(picture("c.qr", QR, "二维码"), PICTURE_W, vmerge="restart", raw=True)
    seal = cell(SEAL_LABEL, PICTURE_W, vmerge="restart", valign="bottom")  # stamped over, as the 准考证's （盖章）
    more = cell(p(""), PICTURE_W, vmerge="continue", raw=True)
    return table(
        widths,
        _field("姓名", "{{ c.name }}", _photo_cell("restart")),
        _field("证件类型", "{{ c.id_type }}", _photo_cell("continue")),
        _field("证件号码", "{{ c.id_number }}", _photo_cell("continue")),
        _field("职业名称", "{{ c.occupation }}", _photo_cell("continue")),
        _field("工种/职业方向", "{{ c.trade }}", _photo_cell("continue")),
        _field("职业技能等级", "{{ c.level }}", qr, QR_ROW_H),
        _field("证书编号", "{{ c.number }}", more, QR_ROW_H),
        _field("评价机构名称", "{{ issuer }}", seal, SEAL_ROW_H),
        _field("发证日期", "{{ c.date }}", more, SEAL_ROW_H),
    )


def body() -> str:
    return each(
        "c in certificates",
        p("职业技能等级证书", "Title", break_if="not loop.first"),
        when("draft", p("样本　仅供核对，不得发放", "TableHead")),
        _fields(),
        p(""),
        p(BODY_TEXT),
        p(""),
        p(QUERY, "TableTextLeft"),
        when("c.blank", p("印制流水码：{{ c.blank }}", "TableTextLeft")),
        when("draft", p("样本　仅供核对，不得发放", "TableHead")),
    )


def anchored(picture_: str, size: tuple[int, int], name: str) -> str:
    """A picture placed on the page itself (EMU from its top left corner: {{ <picture_>.x }}, .y),
    in front of the text: the QR code and the photo of a 套打 page. picture_ is a Jinja expression
    with rel, x and y."""
    cx, cy = size
    return (f'<w:r><w:drawing><wp:anchor xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
            'relativeHeight="1" behindDoc="0" locked="1" layoutInCell="0" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            f'<wp:positionH relativeFrom="page"><wp:posOffset>{{{{ {picture_}.x }}}}</wp:posOffset></wp:positionH>'
            f'<wp:positionV relativeFrom="page"><wp:posOffset>{{{{ {picture_}.y }}}}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            f'<wp:docPr id="1" name="{name}"/><a:graphic xmlns:a="{A_NS}">'
            f'<a:graphicData uri="{PIC_NS}"><pic:pic xmlns:pic="{PIC_NS}"><pic:nvPicPr><pic:cNvPr id="0" name="{name}"/>'
            f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip xmlns:r="{R_NS}" r:embed="{{{{ {picture_}.rel }}}}"/>'
            f'<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
            '</pic:pic></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')


def overlay_body() -> str:
    """套打: only what differs per person — the filled values, each in a frame at its place on the page
    (twips from the corner), the QR code and the photo where the plan puts them, and the seal's label
    where the plan keeps the seal's area; everything else is already printed on the blank. A proof
    says 样本 at the top of every page."""
    framed = ('<w:p><w:pPr><w:pStyle w:val="TableTextLeft"/><w:framePr w:wrap="around" w:vAnchor="page" '
              'w:hAnchor="page" w:x="{{ v.x }}" w:y="{{ v.y }}"/></w:pPr>'
              '<w:r><w:t xml:space="preserve">{{ v.text }}</w:t></w:r></w:p>')
    proof = ('{% if draft %}<w:p><w:pPr><w:pStyle w:val="TableHead"/><w:framePr w:wrap="around" w:vAnchor="page" '
             'w:hAnchor="page" w:x="1134" w:y="567"/></w:pPr><w:r><w:t xml:space="preserve">样本　仅供核对，不得发放</w:t>'
             '</w:r></w:p>{% endif %}')
    # the seal's area (certificate.overlay.seal): its label across the foot, centred, where the seal goes
    seal = ('{% if seal %}<w:p><w:pPr><w:pStyle w:val="TableText"/><w:framePr w:w="{{ seal.w }}" w:wrap="around" '
            'w:vAnchor="page" w:hAnchor="page" w:x="{{ seal.x }}" w:y="{{ seal.y }}"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{SEAL_LABEL}</w:t></w:r></w:p>{{% endif %}}')
    # frames belong to the plain paragraph after them; it holds the pictures and ends the page (its
    # break is the last thing on it)
    after = ('<w:p>{% if c.qr %}' + anchored("c.qr", QR, "二维码") + '{% endif %}{% if c.photo %}'
             + anchored("c.photo", PHOTO, "照片") + '{% endif %}'
             '{% if not loop.last %}<w:r><w:br w:type="page"/></w:r>{% endif %}</w:p>')
    return each("c in certificates", proof, each("v in c.placed", framed), seal, after)
