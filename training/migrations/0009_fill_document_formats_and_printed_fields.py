"""The two document formats; each issuing body gets one and its signing block split into mark,
title signed for and post; certificates already issued get what they printed, fixed.

Certificates issued before this migration were printed with the State heading, zero-padded
months and the signer's title as typed: those are copied as they were printed, so a reprint
stays the paper handed out (a body's new format applies to certificates issued from now on;
reissue one to print it under the new format). The holder's agency and position are those of
the posting held on the issue date, the agency's name as it was that day.
"""

import unicodedata

from django.db import migrations

PARTY_BASIS = (
    "Hướng dẫn 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng về thể thức và kỹ thuật "
    "trình bày văn bản của Đảng"
)
PARTY_NOTE = (
    "Quy định 399-QĐ/TW ngày 09/01/2026 và (theo nguồn thứ cấp) Hướng dẫn 05-HD/VPTW ngày "
    "27/5/2026 có thể đã thay thế Hướng dẫn 36: cần đối chiếu khi có văn bản. Cách ghi ngày "
    "không đọc được trong hướng dẫn; suy ra từ văn bản gốc của Đảng (“ngày 03 tháng 4 năm "
    "2018”, “ngày 06 tháng 02 năm 2017”): giống Nghị định 30/2020/NĐ-CP. Không thấy ký hiệu "
    "“thừa ủy quyền” trong văn bản của Đảng. Hướng dẫn 36 không áp dụng cho hệ thống trường "
    "chính trị: trường chọn thể thức."
)
STATE_BASIS = (
    "Nghị định 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư, Phụ lục I"
)
FORMATS = [
    {
        "code": "dang",
        "name": "Văn bản của Đảng",
        "heading": "ĐẢNG CỘNG SẢN VIỆT NAM",
        "separator": "asterisk",
        "mark_on_behalf": "T/M",
        "mark_deputy": "K/T",
        "mark_by_order": "T/L",
        "mark_authorised": "",
        "basis": PARTY_BASIS,
        "note": PARTY_NOTE,
    },
    {
        "code": "nha-nuoc",
        "name": "Văn bản hành chính nhà nước",
        "heading": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
        "separator": "rule",
        "mark_on_behalf": "TM.",
        "mark_deputy": "KT.",
        "mark_by_order": "TL.",
        "mark_authorised": "TUQ.",
        "basis": STATE_BASIS,
        "note": "",
    },
]
PARTY_WORDS = ("tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy", "ban chấp hành")
MARKS = [
    ("K/T", "deputy"),
    ("KT.", "deputy"),
    ("T/M", "on_behalf"),
    ("TM.", "on_behalf"),
    ("T/L", "by_order"),
    ("TL.", "by_order"),
    ("TUQ.", "authorised"),
]
# What every certificate printed before this migration.
OLD_HEADING = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"


def _is_party(body) -> bool:
    text = unicodedata.normalize("NFC", f"{body.parent_name} {body.name}").lower()
    return any(word in text for word in PARTY_WORDS)


def _split_signer(title: str):
    lines = [line.strip() for line in title.splitlines() if line.strip()]
    if len(lines) >= 2:
        for prefix, mode in MARKS:
            if lines[0].upper().startswith(prefix):
                return mode, lines[0][len(prefix) :].strip(), " ".join(lines[1:])
    return "direct", "", " ".join(lines)


def _name_on(agency, names, day):
    candidates = [n for n in names.get(agency.pk, []) if n.valid_to >= day]
    return min(candidates, key=lambda n: n.valid_to).name if candidates else agency.name


def fill(apps, schema_editor):
    DocumentFormat = apps.get_model("training", "DocumentFormat")
    IssuingBody = apps.get_model("training", "IssuingBody")
    Certificate = apps.get_model("training", "Certificate")
    Posting = apps.get_model("cadres", "Posting")
    AgencyName = apps.get_model("cadres", "AgencyName")
    formats = {}
    for fields in FORMATS:
        fields = dict(fields)
        code = fields.pop("code")
        formats[code], _ = DocumentFormat.objects.get_or_create(code=code, defaults=fields)
    for body in IssuingBody.objects.filter(document_format__isnull=True):
        body.document_format = formats["dang" if _is_party(body) else "nha-nuoc"]
        body.signing_mode, body.signing_for, body.signer_title = _split_signer(body.signer_title)
        body.save(
            update_fields=["document_format", "signing_mode", "signing_for", "signer_title"]
        )

    certificates = list(
        Certificate.objects.filter(place_date="").select_related(
            "body", "enrolment__offering", "enrolment__cadre__agency"
        )
    )
    cadre_ids = {c.enrolment.cadre_id for c in certificates}
    postings = {}
    for posting in Posting.objects.filter(cadre_id__in=cadre_ids).select_related("agency"):
        postings.setdefault(posting.cadre_id, []).append(posting)
    names = {}
    for name in AgencyName.objects.all():
        names.setdefault(name.agency_id, []).append(name)
    for certificate in certificates:
        day = certificate.issued_on
        cadre = certificate.enrolment.cadre
        held = [
            p
            for p in postings.get(cadre.pk, [])
            if p.start_date <= day and (p.end_date is None or p.end_date >= day)
        ]
        posting = max(held, key=lambda p: p.start_date) if held else None
        agency = posting.agency if posting else cadre.agency
        offering = certificate.enrolment.offering
        body = certificate.body
        certificate.holder_agency = _name_on(agency, names, day)
        certificate.holder_position = posting.position if posting else ""
        certificate.course_end = min(offering.end_date, day)
        certificate.course_start = min(offering.start_date, certificate.course_end)
        certificate.heading = OLD_HEADING
        certificate.issuer_parent = body.parent_name
        certificate.issuer_name = body.heading_name
        certificate.issuer_separator = "rule"
        certificate.place_date = (
            f"{body.place_name}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"
        )
    Certificate.objects.bulk_update(
        certificates,
        [
            "holder_agency",
            "holder_position",
            "course_start",
            "course_end",
            "heading",
            "issuer_parent",
            "issuer_name",
            "issuer_separator",
            "place_date",
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0008_document_formats_and_printed_fields"),
        ("cadres", "0020_agency_kind_ban_xay_dung_dang"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
