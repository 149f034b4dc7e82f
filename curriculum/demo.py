"""Demo content of the CMS, called by `seed_demo` (training): catalog, six courses with lessons and
quizzes, resources in the private collection and five "Dân vận khéo" case studies.

Written for this project (not copied from anywhere). Safe to run again: an existing page, image,
document or topic is left as it is, so a second run changes nothing.
"""

import io
import uuid
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from cadres.models import CadreCategory
from curriculum.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CatalogPage,
    CoursePage,
    HomeFeaturedCourse,
    HomePage,
    LessonPage,
    ResourceIndexPage,
    ResourcePage,
    Topic,
)

PRIVATE_COLLECTION = "Tài liệu khóa học"  # made private (login required) by migration 0004


# --- StreamField helpers: raw JSON with stable block ids -------------------------------------


def _block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def heading(text, size="h2"):
    return _block("heading", {"text": text, "size": size})


def para(*paragraphs):
    return _block("paragraph", "".join(f"<p>{p}</p>" for p in paragraphs))


def bullets(intro, items):
    lis = "".join(f"<li>{item}</li>" for item in items)
    return _block("paragraph", f"<p>{intro}</p><ul>{lis}</ul>")


def callout(kind, title, text):
    return _block("callout", {"kind": kind, "title": title, "text": f"<p>{text}</p>"})


def quote(text, attribution=""):
    return _block("quote", {"text": text, "attribution": attribution})


def case_ref(page, note):
    return _block("case_study", {"page": page.pk, "note": note})


def document(doc, title=""):
    return _block("document", {"document": doc.pk, "title": title})


def figure(image, caption):
    return _block(
        "image",
        {
            "image": {"image": image.pk, "decorative": False, "alt_text": caption},
            "caption": caption,
        },
    )


def quiz(title, questions, intro="Chọn đáp án đúng cho mỗi câu, rồi bấm kiểm tra."):
    items = []
    for kind, text, options, explanation in questions:
        option_items = [
            {"type": "item", "value": {"text": o, "is_correct": ok}, "id": str(uuid.uuid4())}
            for o, ok in options
        ]
        items.append(
            {
                "type": "item",
                "value": {
                    "kind": kind,
                    "text": text,
                    "options": option_items,
                    "explanation": explanation,
                },
                "id": str(uuid.uuid4()),
            }
        )
    return _block("quiz", {"title": title, "intro": intro, "questions": items})


# --- Files: covers drawn with Pillow, small PDFs drawn with reportlab ---------------------------

COVER_COLOURS = {
    "bia-dan-van": ((166, 27, 27), (242, 193, 78)),
    "bia-mat-tran": ((11, 83, 148), (129, 199, 132)),
    "bia-chuyen-doi-so": ((38, 50, 56), (77, 182, 172)),
    "bia-nong-thon": ((30, 122, 60), (242, 193, 78)),
}


def _font_path(weight=400):
    import fontpkg

    return str(fontpkg.path("Be Vietnam Pro", weight=weight))


def _cover_bytes(top, bottom, label) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    width, height = 1200, 675
    img = Image.new("RGB", (width, height), top)
    draw = ImageDraw.Draw(img)
    for y in range(height):  # a vertical gradient, then a few soft circles
        t = y / height
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    for i, (x, y, r) in enumerate([(950, 160, 220), (1080, 520, 160), (180, 560, 120)]):
        shade = 255 if i % 2 == 0 else 230
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(shade, shade, shade), width=6)
    font = ImageFont.truetype(_font_path(700), 64)
    draw.text((70, 270), label, font=font, fill=(255, 255, 255))
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=80, optimize=True)
    return buffer.getvalue()


def _covers(stdout) -> dict:
    Image = get_image_model()
    labels = {
        "bia-dan-van": "Dân vận khéo",
        "bia-mat-tran": "Mặt trận - đoàn thể",
        "bia-chuyen-doi-so": "Chuyển đổi số",
        "bia-nong-thon": "Nông thôn mới",
    }
    covers = {}
    for key, (top, bottom) in COVER_COLOURS.items():
        title = f"Ảnh bìa: {labels[key]}"
        image = Image.objects.filter(title=title).first()
        if image is None:
            data = _cover_bytes(top, bottom, labels[key])
            image = Image(title=title, file=ImageFile(io.BytesIO(data), name=f"{key}.jpg"))
            image.save()
            stdout.write(f"  ảnh bìa: {title}")
        covers[key] = image
    return covers


def _pdf_bytes(title: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "BeVietnamPro" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BeVietnamPro", _font_path(400)))
        pdfmetrics.registerFont(TTFont("BeVietnamPro-Bold", _font_path(700)))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(title)
    pdf.setFont("BeVietnamPro-Bold", 15)
    y = A4[1] - 72
    pdf.drawString(60, y, title)
    pdf.setFont("BeVietnamPro", 11)
    for line in ["TÀI LIỆU MẪU DÙNG ĐỂ TRÌNH DIỄN HỆ THỐNG", "", *lines]:
        y -= 20
        pdf.drawString(60, y, line)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _private_document(title: str, filename: str, lines: list[str], stdout):
    Document = get_document_model()
    found = Document.objects.filter(title=title).first()
    if found:
        return found
    collection = Collection.objects.filter(name=PRIVATE_COLLECTION).first()
    doc = Document(title=title, collection=collection or Collection.get_first_root_node())
    doc.file.save(filename, ContentFile(_pdf_bytes(title, lines)), save=False)
    doc.save()
    stdout.write(f"  tài liệu: {title}")
    return doc


# --- Pages ----------------------------------------------------------------------------------


def _child(parent, model, slug, stdout, **fields):
    """The child page with this slug, created and published (with a revision) when missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    m2m = {
        name: fields.pop(name) for name in ("audience", "topics", "prerequisites") if name in fields
    }
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    for name, values in m2m.items():
        getattr(page, name).set(values)
    page.save_revision().publish()
    stdout.write(f"  trang: {page.title}")
    return page, True


TOPICS = [
    ("dan-van-chinh-quyen", "Dân vận chính quyền", "Cơ quan nhà nước gần dân, phục vụ dân."),
    ("dan-van-kheo", "Phong trào “Dân vận khéo”", "Xây dựng, nhân rộng mô hình, điển hình."),
    ("mat-tran-doan-the", "Mặt trận và đoàn thể", "Tổ chức, hoạt động sau sắp xếp."),
    ("ky-nang-mem", "Kỹ năng tiếp xúc, đối thoại", "Lắng nghe, thuyết phục, hòa giải."),
    ("chuyen-doi-so", "Chuyển đổi số", "Dùng công cụ số để gần dân hơn."),
]


def _topics(stdout) -> dict:
    topics = {}
    for slug, name, description in TOPICS:
        topic, created = Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
        if created:
            stdout.write(f"  chủ đề: {name}")
        topics[slug] = topic
    return topics


CASE_STUDIES = [
    {
        "slug": "to-hop-tac-lua-sach",
        "title": "Tổ hợp tác lúa sạch liên kết bao tiêu",
        "case_kind": "model",
        "field": "economy",
        "unit": "Hội Nông dân xã Tân Hòa",
        "year": 2025,
        "recognition_level": "province",
        "cover": "bia-nong-thon",
        "summary": "Hội Nông dân vận động 46 hộ góp ruộng làm chung một cánh đồng, ký hợp đồng "
        "bao tiêu với doanh nghiệp và giảm một nửa lượng thuốc bảo vệ thực vật.",
        "problem": "Ruộng manh mún, mỗi hộ gieo sạ một giống khác nhau; thương lái ép giá lúc thu "
        "hoạch, nhiều hộ bỏ ruộng đi làm thuê.",
        "approach": "Cán bộ hội đến từng nhà, mời các hộ đi xem cánh đồng mẫu ở xã bạn; họp tổ "
        "để dân tự bàn giống lúa, lịch thời vụ và cách chia lợi nhuận; mời doanh nghiệp ký hợp "
        "đồng ngay từ đầu vụ với giá sàn.",
        "figures": [
            ("46", "hộ tham gia"),
            ("85 ha", "diện tích liên kết"),
            ("+18%", "lợi nhuận mỗi ha"),
        ],
        "results": "Sau hai vụ, giá bán ổn định, chi phí giảm; ba tổ hợp tác khác trong xã học "
        "theo cách làm.",
        "replication": "Bắt đầu từ một nhóm hộ nhỏ có uy tín; để dân tự quyết các điều lệ; có "
        "hợp đồng bao tiêu trước khi mở rộng diện tích.",
    },
    {
        "slug": "tu-sach-phap-luat-nha-van-hoa",
        "title": "Tủ sách pháp luật ở nhà văn hóa ấp",
        "case_kind": "model",
        "field": "culture_society",
        "unit": "Đoàn Thanh niên phường Vĩnh Thanh",
        "year": 2024,
        "recognition_level": "commune",
        "cover": "bia-mat-tran",
        "summary": "Đoàn viên mở tủ sách và buổi đọc chung mỗi tối thứ Sáu, giải đáp thắc mắc "
        "pháp luật thường gặp cho người dân trong khu phố.",
        "problem": "Người dân ít nắm quy định về đất đai, hộ tịch; nhiều việc nhỏ thành tranh "
        "chấp vì hiểu sai.",
        "approach": "Đoàn phường quyên góp sách, mời cán bộ tư pháp trả lời câu hỏi; đoàn viên "
        "ghi lại câu hỏi của dân và dán câu trả lời lên bảng tin.",
        "figures": [("620", "đầu sách"), ("38", "buổi sinh hoạt"), ("0", "vụ khiếu nại vượt cấp")],
        "results": "Số vụ hòa giải không thành ở khu phố giảm rõ; người dân chủ động hỏi trước "
        "khi làm thủ tục.",
        "replication": "Gắn tủ sách với một lịch sinh hoạt cố định và một người trả lời có "
        "chuyên môn; ghi lại câu hỏi để biết dân cần gì.",
    },
    {
        "slug": "to-tu-quan-ben-ca",
        "title": "Tổ tự quản an ninh trật tự bến cá",
        "case_kind": "model",
        "field": "defence_security",
        "unit": "Công an xã Bình An và Chi hội nghề cá",
        "year": 2025,
        "recognition_level": "province",
        "cover": "bia-dan-van",
        "summary": "Ngư dân tự chia ca trực ở bến, báo tin tàu lạ và hỗ trợ nhau khi gặp sự cố "
        "trên biển.",
        "problem": "Bến cá đông người lạ vào mùa cao điểm, trộm cắp ngư cụ xảy ra thường xuyên.",
        "approach": "Công an xã cùng chi hội nghề cá họp ngư dân, thống nhất quy ước; lập nhóm "
        "liên lạc trên điện thoại, mỗi tàu cử một người trực theo lịch.",
        "figures": [("112", "tàu tham gia"), ("-70%", "vụ mất trộm ngư cụ")],
        "results": "Trộm cắp giảm mạnh; ngư dân tin tưởng báo tin cho lực lượng chức năng.",
        "replication": "Quy ước do chính ngư dân biểu quyết; lực lượng công an giữ vai trò hướng "
        "dẫn, không làm thay.",
    },
    {
        "slug": "ngay-thu-bay-lang-nghe-dan",
        "title": "Ngày thứ Bảy lắng nghe dân",
        "case_kind": "exemplar",
        "field": "political_system",
        "unit": "Ủy ban nhân dân xã Phú Lợi",
        "year": 2025,
        "recognition_level": "province",
        "cover": "bia-mat-tran",
        "summary": "Chủ tịch UBND xã dành sáng thứ Bảy hằng tuần đối thoại trực tiếp với người "
        "dân ở từng ấp, trả lời ngay việc thuộc thẩm quyền.",
        "problem": "Đơn thư tồn đọng, người dân phải đi lại nhiều lần vì không biết hỏi ai.",
        "approach": "Lịch đối thoại công khai trước một tuần; mỗi buổi có công chức địa chính, "
        "tư pháp đi cùng; việc chưa trả lời được thì hẹn ngày và báo kết quả bằng tin nhắn.",
        "figures": [("52", "buổi đối thoại"), ("94%", "ý kiến được trả lời đúng hẹn")],
        "results": "Đơn thư tồn đọng gần như không còn; mức hài lòng của người dân tăng qua khảo "
        "sát của Mặt trận xã.",
        "replication": "Cam kết thời hạn trả lời và công khai kết quả; người đứng đầu trực tiếp "
        "ngồi nghe.",
    },
    {
        "slug": "hien-dat-mo-duong",
        "title": "Vận động hiến đất mở rộng đường giao thông nông thôn",
        "case_kind": "model",
        "field": "new_rural",
        "unit": "Ban Công tác Mặt trận ấp Hòa Thuận",
        "year": 2024,
        "recognition_level": "national",
        "cover": "bia-nong-thon",
        "summary": "Ban công tác Mặt trận ấp vận động 73 hộ tự nguyện hiến đất, tháo dỡ hàng rào "
        "để mở đường liên ấp rộng 5 mét.",
        "problem": "Đường nhỏ, xe cứu thương không vào được; nhiều hộ e ngại mất đất vườn.",
        "approach": "Đảng viên và người có uy tín hiến trước; họp dân công khai bản vẽ; dân tự "
        "giám sát thi công và đóng góp ngày công.",
        "figures": [
            ("73", "hộ hiến đất"),
            ("2,4 km", "đường mở rộng"),
            ("1,1 tỷ đồng", "công sức dân đóng góp"),
        ],
        "results": "Con đường hoàn thành trước kế hoạch ba tháng; giá trị đất ven đường tăng.",
        "replication": "Người đứng đầu và đảng viên làm trước; mọi khoản đóng góp công khai; dân "
        "bàn và dân giám sát.",
    },
]


def _rich(text):
    return f"<p>{text}</p>"


def _case_studies(home, covers, stdout) -> dict:
    index, _ = _child(
        home,
        CaseStudyIndexPage,
        "dan-van-kheo",
        stdout,
        title="Mô hình, điển hình “Dân vận khéo”",
        intro=_rich(
            "Những cách làm hay do cơ sở xây dựng, được chọn làm tài liệu học tập: vấn đề đặt "
            "ra, cách làm, kết quả bằng số liệu và cách nhân rộng."
        ),
    )
    cases = {}
    for data in CASE_STUDIES:
        data = dict(data)
        figures = [
            _block("figure", {"value": value, "label": label})
            for value, label in data.pop("figures")
        ]
        cover = covers[data.pop("cover")]
        page, _ = _child(
            index,
            CaseStudyPage,
            data.pop("slug"),
            stdout,
            cover_image=cover,
            key_figures=figures,
            problem=_rich(data.pop("problem")),
            approach=_rich(data.pop("approach")),
            results=_rich(data.pop("results")),
            replication=_rich(data.pop("replication")),
            **data,
        )
        cases[page.slug] = page
    return cases


def _course_definitions(cases, docs, covers):
    """Six courses, one per content kind (two of job-position skills), each with 3+ lessons."""
    return [
        {
            "slug": "ky-nang-dan-van-co-so",
            "title": "Kỹ năng dân vận cho cán bộ cơ sở",
            "code": "DV-01",
            "content_kind": "job_skills",
            "level": "basic",
            "periods": 16,
            "credential_kind": "attestation",
            "validity_months": None,
            "cover": "bia-dan-van",
            "audience": ["chuyen-trach-dan-van", "can-bo-cap-xa"],
            "topics": ["ky-nang-mem", "dan-van-kheo"],
            "summary": "Những kỹ năng cán bộ dân vận ở xã, phường, ấp dùng hằng ngày: tiếp xúc, "
            "lắng nghe, thuyết phục và hòa giải ở cơ sở.",
            "objectives": "<ul><li>Chuẩn bị và điều hành một buổi họp dân.</li><li>Lắng nghe "
            "và ghi nhận ý kiến của người dân đúng cách.</li><li>Vận dụng mô hình “Dân vận khéo” "
            "vào việc của địa phương.</li></ul>",
            "lessons": [
                (
                    "tiep-xuc-va-lang-nghe",
                    "Tiếp xúc và lắng nghe người dân",
                    "Vì sao nghe trước, nói sau; cách ghi nhận ý kiến để dân thấy mình được tôn trọng.",
                    25,
                    [
                        heading("Nghe để hiểu, không nghe để đáp"),
                        para(
                            "Người dân tìm đến cán bộ thường mang theo một nỗi lo cụ thể: đất "
                            "đai, giấy tờ, việc làm, con cái. Việc đầu tiên là để họ nói hết, "
                            "không cắt ngang, không vội giải thích quy định.",
                            "Ghi lại đúng lời người dân, đọc lại cho họ nghe và hẹn thời gian "
                            "trả lời. Một lời hẹn được giữ đúng có sức thuyết phục hơn nhiều buổi "
                            "tuyên truyền.",
                        ),
                        quote(
                            "Dễ mười lần không dân cũng chịu, khó trăm lần dân liệu cũng xong.",
                            "Chủ tịch Hồ Chí Minh",
                        ),
                        callout(
                            "tip",
                            "Ghi nhớ",
                            "Ba việc sau mỗi buổi tiếp dân: ghi chép, hẹn ngày trả lời, báo lại "
                            "kết quả.",
                        ),
                    ],
                ),
                (
                    "hop-dan-hieu-qua",
                    "Tổ chức một buổi họp dân hiệu quả",
                    "Chuẩn bị, điều hành và kết luận một buổi họp để dân bàn và dân quyết.",
                    30,
                    [
                        heading("Trước buổi họp"),
                        bullets(
                            "Chuẩn bị kỹ giúp buổi họp ngắn và có kết quả:",
                            [
                                "thông báo nội dung và thời gian trước ít nhất ba ngày;",
                                "chọn giờ phù hợp với việc đồng áng, buôn bán của bà con;",
                                "chuẩn bị số liệu, bản vẽ, dự toán để dân xem tận mắt.",
                            ],
                        ),
                        heading("Trong buổi họp"),
                        para(
                            "Người chủ trì nói ngắn, mời người dân phát biểu trước. Mọi ý kiến "
                            "đều được ghi vào biên bản, kể cả ý kiến không đồng tình.",
                        ),
                        case_ref(
                            cases["hien-dat-mo-duong"],
                            "Một ví dụ về họp dân công khai bản vẽ trước khi vận động hiến đất.",
                        ),
                    ],
                ),
                (
                    "hoa-giai-o-co-so",
                    "Hòa giải mâu thuẫn ở cơ sở",
                    "Các bước hòa giải một tranh chấp nhỏ giữa hàng xóm, và bài kiểm tra cuối khóa.",
                    35,
                    [
                        heading("Các bước hòa giải"),
                        bullets(
                            "Một cuộc hòa giải thường đi qua bốn bước:",
                            [
                                "gặp riêng từng bên để nghe hết câu chuyện;",
                                "tìm điểm chung về lợi ích lâu dài của cả hai nhà;",
                                "mời người có uy tín trong dòng họ, khu phố cùng tham gia;",
                                "ghi lại thỏa thuận và hẹn ngày thăm lại.",
                            ],
                        ),
                        callout(
                            "warning",
                            "Lưu ý",
                            "Việc có dấu hiệu vi phạm pháp luật thì không hòa giải mà hướng dẫn "
                            "người dân đến cơ quan có thẩm quyền.",
                        ),
                        quiz(
                            "Kiểm tra cuối khóa",
                            [
                                (
                                    "single",
                                    "Việc đầu tiên khi tiếp một người dân đến phản ánh là gì?",
                                    [
                                        ("Giải thích ngay quy định liên quan", False),
                                        ("Để người dân nói hết và ghi lại ý kiến", True),
                                        ("Chuyển cho cán bộ cấp trên", False),
                                    ],
                                    "Nghe hết và ghi lại giúp hiểu đúng vấn đề và cho người dân "
                                    "thấy mình được tôn trọng.",
                                ),
                                (
                                    "multiple",
                                    "Những việc nào nên làm trước một buổi họp dân?",
                                    [
                                        ("Thông báo nội dung trước vài ngày", True),
                                        ("Chuẩn bị bản vẽ, số liệu để dân xem", True),
                                        ("Chốt sẵn kết luận trước khi họp", False),
                                    ],
                                    "Dân bàn, dân quyết: kết luận hình thành trong buổi họp.",
                                ),
                                (
                                    "single",
                                    "Khi tranh chấp có dấu hiệu vi phạm pháp luật, cán bộ dân "
                                    "vận nên làm gì?",
                                    [
                                        ("Tiếp tục hòa giải cho xong", False),
                                        ("Hướng dẫn đến cơ quan có thẩm quyền", True),
                                    ],
                                    "Hòa giải ở cơ sở không thay thế việc xử lý vi phạm.",
                                ),
                            ],
                        ),
                    ],
                ),
            ],
        },
        {
            "slug": "quan-diem-cua-dang-ve-dan-van",
            "title": "Quan điểm của Đảng về công tác dân vận trong thời kỳ mới",
            "code": "LLCT-02",
            "content_kind": "political_theory",
            "level": "intermediate",
            "periods": 24,
            "credential_kind": "certificate",
            "validity_months": 36,
            "cover": "bia-mat-tran",
            "audience": ["chuyen-trach-dan-van", "mttq-doan-the", "cong-chuc"],
            "topics": ["dan-van-chinh-quyen"],
            "summary": "Vai trò của nhân dân, phương châm “dân biết, dân bàn, dân làm, dân kiểm "
            "tra, dân giám sát, dân thụ hưởng” và trách nhiệm của hệ thống chính trị.",
            "objectives": "<ul><li>Trình bày được các quan điểm cơ bản về công tác dân vận."
            "</li><li>Liên hệ với nhiệm vụ của cơ quan, đơn vị mình.</li></ul>",
            "lessons": [
                (
                    "nhan-dan-la-goc",
                    "Nhân dân là gốc",
                    "Cách mạng là sự nghiệp của quần chúng: ý nghĩa với công việc hằng ngày.",
                    30,
                    [
                        para(
                            "Mọi chủ trương chỉ đi vào cuộc sống khi người dân hiểu, đồng tình "
                            "và cùng làm. Vì vậy công tác dân vận là trách nhiệm của cả hệ thống "
                            "chính trị, không riêng của ban dân vận.",
                        ),
                        callout(
                            "note",
                            "Liên hệ",
                            "Hãy nghĩ về một chủ trương ở địa phương anh, chị: người dân được "
                            "biết và được bàn ở bước nào?",
                        ),
                    ],
                ),
                (
                    "phuong-cham-dan-biet-dan-ban",
                    "Phương châm “dân biết, dân bàn, dân làm, dân kiểm tra”",
                    "Từng vế của phương châm và cách thực hiện ở cơ sở.",
                    35,
                    [
                        heading("Từng vế của phương châm"),
                        bullets(
                            "Mỗi vế gắn với một việc cụ thể:",
                            [
                                "<b>dân biết</b>: thông tin công khai, dễ hiểu, kịp thời;",
                                "<b>dân bàn</b>: họp dân, lấy ý kiến trước khi quyết định;",
                                "<b>dân làm</b>: dân tham gia đóng góp công sức, tiền của;",
                                "<b>dân kiểm tra, giám sát</b>: ban giám sát đầu tư cộng đồng, "
                                "ban thanh tra nhân dân;",
                                "<b>dân thụ hưởng</b>: kết quả đến với chính người dân.",
                            ],
                        ),
                    ],
                ),
                (
                    "trach-nhiem-he-thong-chinh-tri",
                    "Trách nhiệm của hệ thống chính trị",
                    "Đảng lãnh đạo, chính quyền tổ chức thực hiện, Mặt trận và đoàn thể vận động.",
                    30,
                    [
                        para(
                            "Từ năm 2025, cơ quan tham mưu của cấp ủy về công tác này là Ban "
                            "Tuyên giáo và Dân vận; các đoàn thể chính trị - xã hội hoạt động "
                            "trong Mặt trận Tổ quốc. Mỗi cơ quan nhà nước phân công người phụ "
                            "trách công tác dân vận.",
                        ),
                        quiz(
                            "Ôn tập",
                            [
                                (
                                    "single",
                                    "Công tác dân vận là trách nhiệm của ai?",
                                    [
                                        ("Chỉ của ban dân vận các cấp", False),
                                        ("Của cả hệ thống chính trị", True),
                                    ],
                                    "Đảng, chính quyền, Mặt trận và đoàn thể đều có phần việc.",
                                ),
                                (
                                    "multiple",
                                    "Những hình thức nào giúp “dân kiểm tra, giám sát”?",
                                    [
                                        ("Ban giám sát đầu tư của cộng đồng", True),
                                        ("Ban thanh tra nhân dân", True),
                                        ("Báo cáo nội bộ không công khai", False),
                                    ],
                                    "Giám sát cần thông tin công khai và tổ chức của chính người "
                                    "dân.",
                                ),
                                (
                                    "single",
                                    "Từ năm 2025, cơ quan tham mưu của cấp ủy về công tác dân "
                                    "vận là gì?",
                                    [
                                        ("Ban Tuyên giáo và Dân vận", True),
                                        ("Văn phòng Ủy ban nhân dân", False),
                                    ],
                                    "Ban Dân vận hợp nhất với Ban Tuyên giáo từ năm 2025.",
                                ),
                            ],
                        ),
                    ],
                ),
            ],
        },
        {
            "slug": "dan-van-quoc-phong-an-ninh",
            "title": "Dân vận trong bảo đảm quốc phòng, an ninh ở cơ sở",
            "code": "QPAN-03",
            "content_kind": "defence_security",
            "level": "basic",
            "periods": 12,
            "credential_kind": "attestation",
            "validity_months": None,
            "cover": "bia-dan-van",
            "audience": ["can-bo-cap-xa", "mttq-doan-the"],
            "topics": ["dan-van-kheo"],
            "summary": "Xây dựng thế trận lòng dân: tổ tự quản, phong trào toàn dân bảo vệ an "
            "ninh Tổ quốc và phối hợp giữa công an, quân sự với Mặt trận ở xã.",
            "objectives": "<ul><li>Nêu được cách vận động người dân tham gia giữ gìn an ninh "
            "trật tự.</li><li>Phối hợp với lực lượng công an, quân sự ở cơ sở.</li></ul>",
            "lessons": [
                (
                    "the-tran-long-dan",
                    "Thế trận lòng dân",
                    "Vì sao an ninh ở cơ sở dựa trước hết vào sự tin tưởng của người dân.",
                    20,
                    [
                        para(
                            "Người dân là tai mắt của địa phương. Khi tin cán bộ, họ báo tin "
                            "sớm, cùng giữ gìn trật tự và tự giải quyết nhiều việc nhỏ trong "
                            "cộng đồng.",
                        ),
                    ],
                ),
                (
                    "to-tu-quan",
                    "Tổ tự quản và quy ước cộng đồng",
                    "Lập tổ tự quản: ai tham gia, quy ước do ai biểu quyết, lực lượng nào hướng dẫn.",
                    30,
                    [
                        para(
                            "Quy ước của tổ tự quản do chính người dân thảo luận và biểu quyết. "
                            "Lực lượng công an hướng dẫn cách làm, không làm thay.",
                        ),
                        case_ref(cases["to-tu-quan-ben-ca"], "Cách ngư dân tự chia ca trực ở bến."),
                    ],
                ),
                (
                    "phoi-hop-luc-luong",
                    "Phối hợp giữa các lực lượng ở xã",
                    "Công an xã, ban chỉ huy quân sự và Mặt trận cùng một kế hoạch.",
                    25,
                    [
                        para(
                            "Mỗi quý, các lực lượng ở xã nên rà soát chung tình hình, thống nhất "
                            "địa bàn trọng điểm và phân công người bám nắm từng ấp.",
                        ),
                        quiz(
                            "Ôn tập",
                            [
                                (
                                    "single",
                                    "Quy ước của tổ tự quản nên do ai quyết định?",
                                    [
                                        ("Người dân trong tổ thảo luận, biểu quyết", True),
                                        ("Công an xã soạn sẵn và ban hành", False),
                                    ],
                                    "Quy ước do dân biểu quyết thì dân tự giác thực hiện.",
                                ),
                                (
                                    "single",
                                    "Vai trò của lực lượng công an đối với tổ tự quản là gì?",
                                    [
                                        ("Làm thay các thành viên của tổ", False),
                                        ("Hướng dẫn, hỗ trợ cách làm", True),
                                    ],
                                    "Hướng dẫn để tổ tự vận hành bền vững.",
                                ),
                                (
                                    "multiple",
                                    "Việc nào giúp phối hợp giữa các lực lượng ở xã?",
                                    [
                                        ("Rà soát chung tình hình mỗi quý", True),
                                        ("Phân công người bám nắm từng ấp", True),
                                        ("Mỗi lực lượng giữ thông tin riêng", False),
                                    ],
                                    "Chia sẻ thông tin và phân công rõ ràng là điều kiện phối hợp.",
                                ),
                            ],
                        ),
                    ],
                ),
            ],
        },
        {
            "slug": "dan-van-chinh-quyen-cai-cach-hanh-chinh",
            "title": "Dân vận chính quyền và cải cách hành chính",
            "code": "QLNN-04",
            "content_kind": "state_management",
            "level": "intermediate",
            "periods": 20,
            "credential_kind": "certificate",
            "validity_months": 24,
            "cover": "bia-mat-tran",
            "audience": ["cong-chuc", "vien-chuc", "can-bo-cap-xa"],
            "topics": ["dan-van-chinh-quyen"],
            "summary": "Cơ quan nhà nước gần dân: tiếp công dân, đối thoại, giải quyết thủ tục "
            "đúng hẹn và đo mức hài lòng của người dân.",
            "objectives": "<ul><li>Tổ chức đối thoại định kỳ với người dân.</li><li>Theo dõi "
            "thủ tục trễ hẹn và xin lỗi người dân đúng cách.</li></ul>",
            "lessons": [
                (
                    "tiep-cong-dan-va-doi-thoai",
                    "Tiếp công dân và đối thoại",
                    "Người đứng đầu trực tiếp đối thoại: chuẩn bị, công khai, theo dõi kết quả.",
                    30,
                    [
                        para(
                            "Đối thoại chỉ có giá trị khi việc hứa được làm. Mỗi ý kiến cần có "
                            "người chịu trách nhiệm và thời hạn trả lời được công khai.",
                        ),
                        case_ref(
                            cases["ngay-thu-bay-lang-nghe-dan"],
                            "Một xã đối thoại với dân mỗi sáng thứ Bảy.",
                        ),
                    ],
                ),
                (
                    "thu-tuc-dung-hen",
                    "Giải quyết thủ tục đúng hẹn",
                    "Theo dõi hồ sơ, báo trước khi trễ hẹn và xin lỗi người dân bằng văn bản.",
                    30,
                    [
                        bullets(
                            "Những việc giúp người dân không phải đi lại nhiều lần:",
                            [
                                "niêm yết đủ thành phần hồ sơ, lệ phí, thời hạn;",
                                "hướng dẫn một lần, đầy đủ;",
                                "báo trước và xin lỗi khi hồ sơ có thể trễ hẹn.",
                            ],
                        ),
                        document(docs["huong-dan-doi-thoai"], "Mẫu kế hoạch đối thoại với dân"),
                    ],
                ),
                (
                    "do-muc-hai-long",
                    "Đo mức hài lòng của người dân",
                    "Các chỉ số PAPI, SIPAS, PAR Index và cách đọc chúng để cải thiện công việc.",
                    25,
                    [
                        para(
                            "Tỉnh được đánh giá qua nhiều chỉ số: PCI về môi trường kinh doanh, "
                            "PAPI về quản trị và hành chính công, PAR Index về cải cách hành "
                            "chính, SIPAS về sự hài lòng của người dân. Đọc kỹ từng chỉ số thành "
                            "phần giúp biết việc nào cần sửa trước.",
                        ),
                        quiz(
                            "Ôn tập",
                            [
                                (
                                    "single",
                                    "Chỉ số nào đo sự hài lòng của người dân với dịch vụ hành "
                                    "chính công?",
                                    [("SIPAS", True), ("PCI", False), ("GDP", False)],
                                    "SIPAS do Bộ Nội vụ thực hiện.",
                                ),
                                (
                                    "multiple",
                                    "Khi hồ sơ có thể trễ hẹn, cơ quan nên làm gì?",
                                    [
                                        ("Báo trước cho người dân", True),
                                        ("Xin lỗi bằng văn bản", True),
                                        ("Im lặng chờ người dân hỏi", False),
                                    ],
                                    "Tôn trọng người dân là báo trước và nhận trách nhiệm.",
                                ),
                                (
                                    "single",
                                    "Đối thoại với dân có giá trị khi nào?",
                                    [
                                        ("Khi việc đã hứa được thực hiện đúng hẹn", True),
                                        ("Khi có nhiều người dự", False),
                                    ],
                                    "Lời hứa được giữ là thước đo của đối thoại.",
                                ),
                            ],
                        ),
                    ],
                ),
            ],
        },
        {
            "slug": "ky-nang-so-cho-can-bo-dan-van",
            "title": "Kỹ năng số cho cán bộ dân vận",
            "code": "CDS-05",
            "content_kind": "digital",
            "level": "basic",
            "periods": 12,
            "credential_kind": "attestation",
            "validity_months": 24,
            "cover": "bia-chuyen-doi-so",
            "audience": ["chuyen-trach-dan-van", "mttq-doan-the", "can-bo-cap-xa"],
            "topics": ["chuyen-doi-so"],
            "summary": "Dùng nhóm liên lạc, biểu mẫu trực tuyến và dịch vụ công để nắm tình "
            "hình, lấy ý kiến người dân và bảo vệ thông tin cá nhân.",
            "objectives": "<ul><li>Lập và quản lý nhóm liên lạc của tổ dân vận.</li><li>Lấy ý "
            "kiến người dân bằng biểu mẫu trực tuyến.</li><li>Giữ an toàn thông tin cá nhân."
            "</li></ul>",
            "lessons": [
                (
                    "nhom-lien-lac-to-dan-van",
                    "Nhóm liên lạc của tổ dân vận",
                    "Quy tắc của nhóm, người quản trị, thông tin nào được và không được đăng.",
                    20,
                    [
                        para(
                            "Nhóm liên lạc giúp tin đến với dân nhanh, nhưng cần quy tắc rõ: ai "
                            "được đăng, giờ nào, và tuyệt đối không đăng giấy tờ, số điện thoại "
                            "của người khác.",
                        ),
                        figure(covers["bia-chuyen-doi-so"], "Chuyển đổi số trong công tác dân vận"),
                    ],
                ),
                (
                    "lay-y-kien-truc-tuyen",
                    "Lấy ý kiến người dân trực tuyến",
                    "Biểu mẫu ngắn, câu hỏi rõ, kết quả công khai; không bỏ quên người không dùng điện thoại.",
                    25,
                    [
                        para(
                            "Biểu mẫu trực tuyến nên ngắn, mỗi câu hỏi một ý. Với người cao tuổi "
                            "hoặc không dùng điện thoại thông minh, tổ dân vận đến tận nhà ghi "
                            "ý kiến.",
                        ),
                    ],
                ),
                (
                    "an-toan-thong-tin",
                    "An toàn thông tin cá nhân",
                    "Mật khẩu, xác thực hai lớp và cách nhận biết tin nhắn lừa đảo.",
                    25,
                    [
                        callout(
                            "warning",
                            "Cảnh giác",
                            "Cơ quan nhà nước không yêu cầu người dân cung cấp mã OTP qua điện "
                            "thoại hay tin nhắn.",
                        ),
                        quiz(
                            "Ôn tập",
                            [
                                (
                                    "single",
                                    "Thông tin nào không được đăng lên nhóm liên lạc chung?",
                                    [
                                        ("Lịch họp tổ dân phố", False),
                                        ("Ảnh căn cước của một người dân", True),
                                    ],
                                    "Giấy tờ tùy thân là thông tin cá nhân cần bảo vệ.",
                                ),
                                (
                                    "multiple",
                                    "Cách nào giúp giữ an toàn tài khoản?",
                                    [
                                        ("Bật xác thực hai lớp", True),
                                        ("Dùng một mật khẩu cho mọi tài khoản", False),
                                        ("Không đọc mã OTP cho người khác", True),
                                    ],
                                    "Xác thực hai lớp và giữ kín mã OTP chặn phần lớn vụ lừa.",
                                ),
                                (
                                    "single",
                                    "Người không dùng điện thoại thông minh góp ý bằng cách nào?",
                                    [
                                        ("Không cần lấy ý kiến của họ", False),
                                        ("Tổ dân vận đến tận nhà ghi ý kiến", True),
                                    ],
                                    "Chuyển đổi số không được bỏ ai lại phía sau.",
                                ),
                            ],
                        ),
                    ],
                ),
            ],
        },
        {
            "slug": "nghiep-vu-mat-tran-doan-the",
            "title": "Nghiệp vụ công tác Mặt trận và đoàn thể sau sắp xếp",
            "code": "MT-06",
            "content_kind": "job_skills",
            "level": "advanced",
            "periods": 32,
            "credential_kind": "certificate",
            "validity_months": 36,
            "cover": "bia-mat-tran",
            "audience": ["mttq-doan-the"],
            "topics": ["mat-tran-doan-the", "dan-van-kheo"],
            "prerequisites": ["ky-nang-dan-van-co-so"],
            "summary": "Tổ chức và hoạt động của Mặt trận Tổ quốc khi các đoàn thể chính trị - xã "
            "hội hoạt động trong Mặt trận; giám sát, phản biện xã hội; nhân rộng mô hình.",
            "objectives": "<ul><li>Nắm cơ cấu mới của Mặt trận ở cấp tỉnh và cấp xã.</li><li>Tổ "
            "chức giám sát và phản biện xã hội.</li><li>Đăng ký, theo dõi và nhân rộng mô hình "
            "“Dân vận khéo”.</li></ul>",
            "lessons": [
                (
                    "co-cau-moi-cua-mat-tran",
                    "Cơ cấu mới của Mặt trận Tổ quốc",
                    "Các đoàn thể hoạt động trong Mặt trận từ 1/7/2025 và chính quyền hai cấp.",
                    30,
                    [
                        para(
                            "Từ ngày 1/7/2025, Công đoàn, Hội Nông dân, Hội Liên hiệp Phụ nữ, "
                            "Đoàn Thanh niên và Hội Cựu chiến binh hoạt động trong Mặt trận Tổ "
                            "quốc. Cùng thời điểm, chính quyền địa phương còn hai cấp: tỉnh và "
                            "xã, phường, đặc khu.",
                        ),
                    ],
                ),
                (
                    "giam-sat-phan-bien",
                    "Giám sát và phản biện xã hội",
                    "Chọn nội dung, lập kế hoạch, kiến nghị và theo dõi việc tiếp thu.",
                    35,
                    [
                        bullets(
                            "Một cuộc giám sát có kết quả khi:",
                            [
                                "chọn đúng việc người dân quan tâm;",
                                "có kế hoạch, thành phần và thời gian rõ ràng;",
                                "kiến nghị cụ thể và theo dõi đến khi được trả lời.",
                            ],
                        ),
                        document(docs["quy-che-giam-sat"], "Mẫu kế hoạch giám sát"),
                    ],
                ),
                (
                    "nhan-rong-mo-hinh",
                    "Đăng ký và nhân rộng mô hình “Dân vận khéo”",
                    "Từ đăng ký đầu năm đến đánh giá, khen thưởng và nhân rộng cuối năm.",
                    30,
                    [
                        para(
                            "Mỗi năm, đơn vị đăng ký mô hình, điển hình trong năm lĩnh vực: "
                            "kinh tế; văn hóa - xã hội; quốc phòng - an ninh; xây dựng hệ thống "
                            "chính trị; xây dựng nông thôn mới. Cuối năm, mô hình được đánh giá "
                            "bằng kết quả đo được.",
                        ),
                        case_ref(
                            cases["to-hop-tac-lua-sach"],
                            "Một mô hình kinh tế đã được ba tổ hợp tác khác làm theo.",
                        ),
                        quiz(
                            "Kiểm tra cuối khóa",
                            [
                                (
                                    "multiple",
                                    "Những tổ chức nào hoạt động trong Mặt trận Tổ quốc từ "
                                    "1/7/2025?",
                                    [
                                        ("Hội Nông dân", True),
                                        ("Hội Liên hiệp Phụ nữ", True),
                                        ("Ủy ban nhân dân xã", False),
                                    ],
                                    "Ủy ban nhân dân là cơ quan hành chính nhà nước.",
                                ),
                                (
                                    "single",
                                    "Mô hình “Dân vận khéo” được đăng ký trong mấy lĩnh vực?",
                                    [("Ba", False), ("Năm", True), ("Bảy", False)],
                                    "Kinh tế; văn hóa - xã hội; quốc phòng - an ninh; hệ thống "
                                    "chính trị; nông thôn mới.",
                                ),
                                (
                                    "single",
                                    "Một cuộc giám sát kết thúc khi nào?",
                                    [
                                        ("Khi gửi xong kiến nghị", False),
                                        ("Khi kiến nghị được trả lời và theo dõi xong", True),
                                    ],
                                    "Theo dõi việc tiếp thu là phần của giám sát.",
                                ),
                            ],
                        ),
                    ],
                ),
            ],
        },
    ]


RESOURCES = [
    {
        "slug": "nghi-quyet-tang-cuong-dan-van",
        "title": "Nghị quyết về tăng cường công tác dân vận trong tình hình mới (mẫu)",
        "kind": "resolution",
        "number": "01-NQ/MAU",
        "issued_on": date(2025, 9, 15),
        "issuing_body": "Ban Thường vụ Tỉnh ủy (văn bản mẫu)",
        "summary": "Văn bản mẫu dùng để trình diễn: mục tiêu, nhiệm vụ và giải pháp tăng cường "
        "công tác dân vận của hệ thống chính trị trong tỉnh.",
        "doc": ("nghi-quyet-mau", "Nghị quyết mẫu về công tác dân vận"),
    },
    {
        "slug": "chi-thi-phong-trao-dan-van-kheo",
        "title": "Chỉ thị về đẩy mạnh phong trào thi đua “Dân vận khéo” (mẫu)",
        "kind": "directive",
        "number": "02-CT/MAU",
        "issued_on": date(2025, 10, 2),
        "issuing_body": "Ban Thường vụ Tỉnh ủy (văn bản mẫu)",
        "summary": "Văn bản mẫu: đăng ký mô hình, điển hình hằng năm; đánh giá bằng kết quả; "
        "nhân rộng cách làm hay.",
        "doc": ("chi-thi-mau", "Chỉ thị mẫu về phong trào Dân vận khéo"),
    },
    {
        "slug": "quy-che-giam-sat-phan-bien",
        "title": "Quy định về giám sát và phản biện xã hội của Mặt trận ở cấp xã (mẫu)",
        "kind": "regulation",
        "number": "03-QĐ/MAU",
        "issued_on": date(2025, 11, 20),
        "issuing_body": "Ủy ban Mặt trận Tổ quốc tỉnh (văn bản mẫu)",
        "summary": "Văn bản mẫu: nội dung, hình thức, quy trình giám sát và theo dõi kiến nghị.",
        "doc": ("quy-che-giam-sat", "Quy định mẫu về giám sát, phản biện xã hội"),
    },
    {
        "slug": "huong-dan-doi-thoai-voi-dan",
        "title": "Hướng dẫn tổ chức đối thoại giữa người đứng đầu và nhân dân (mẫu)",
        "kind": "guidance",
        "number": "04-HD/MAU",
        "issued_on": date(2026, 1, 12),
        "issuing_body": "Ban Tuyên giáo và Dân vận Tỉnh ủy (văn bản mẫu)",
        "summary": "Văn bản mẫu: chuẩn bị, tổ chức, ghi nhận và trả lời ý kiến của người dân.",
        "doc": ("huong-dan-doi-thoai", "Hướng dẫn mẫu tổ chức đối thoại với dân"),
    },
    {
        "slug": "ket-luan-so-ket-dan-van-chinh-quyen",
        "title": "Kết luận sơ kết công tác dân vận chính quyền năm 2025 (mẫu)",
        "kind": "conclusion",
        "number": "05-KL/MAU",
        "issued_on": date(2026, 2, 3),
        "issuing_body": "Ban Thường vụ Tỉnh ủy (văn bản mẫu)",
        "summary": "Văn bản mẫu: kết quả, hạn chế và nhiệm vụ năm tới về dân vận chính quyền.",
        "doc": ("ket-luan-mau", "Kết luận mẫu về dân vận chính quyền"),
    },
]

PDF_LINES = [
    "Nội dung tóm tắt:",
    "1. Mục tiêu: nâng cao chất lượng công tác dân vận ở cơ sở.",
    "2. Nhiệm vụ: lắng nghe, đối thoại, giải quyết kịp thời kiến nghị của nhân dân.",
    "3. Tổ chức thực hiện: các cơ quan, đơn vị cụ thể hóa bằng kế hoạch hằng năm.",
]


def _documents(stdout) -> dict:
    docs = {}
    for data in RESOURCES:
        key, title = data["doc"]
        docs[key] = _private_document(title, f"{key}.pdf", PDF_LINES, stdout)
    return docs


def _resources(home, docs, stdout) -> None:
    index, _ = _child(
        home,
        ResourceIndexPage,
        "tai-lieu",
        stdout,
        title="Văn bản, tài liệu",
        intro=_rich(
            "Văn bản của Đảng, Nhà nước, Mặt trận và tài liệu hướng dẫn nghiệp vụ (bản mẫu dùng "
            "để trình diễn). Chỉ cán bộ đã đăng nhập mới xem và tải được."
        ),
    )
    for data in RESOURCES:
        data = dict(data)
        key, _title = data.pop("doc")
        _child(index, ResourcePage, data.pop("slug"), stdout, document=docs[key], **data)


def _courses(home, covers, topics, cases, docs, stdout) -> list[CoursePage]:
    catalog, _ = _child(
        home,
        CatalogPage,
        "khoa-hoc",
        stdout,
        title="Danh mục khóa học",
        intro=_rich(
            "Khóa học bồi dưỡng theo năm loại nội dung của Nghị định 171/2025/NĐ-CP, dành cho cán "
            "bộ làm công tác dân vận, Mặt trận và đoàn thể."
        ),
    )
    categories = {c.code: c for c in CadreCategory.objects.all()}
    courses = {}
    for data in _course_definitions(cases, docs, covers):
        data = dict(data)
        lessons = data.pop("lessons")
        audience = [categories[code] for code in data.pop("audience") if code in categories]
        course_topics = [topics[slug] for slug in data.pop("topics")]
        prerequisites = [courses[slug] for slug in data.pop("prerequisites", [])]
        course, created = _child(
            catalog,
            CoursePage,
            data.pop("slug"),
            stdout,
            cover_image=covers[data.pop("cover")],
            audience=audience,
            topics=course_topics,
            prerequisites=prerequisites,
            **data,
        )
        courses[course.slug] = course
        for slug, title, summary, minutes, body in lessons:
            _child(
                course,
                LessonPage,
                slug,
                stdout,
                title=title,
                summary=summary,
                estimated_minutes=minutes,
                body=body,
            )
    return list(courses.values())


def seed_content(stdout) -> None:
    """Catalog, courses, lessons, resources and case studies under the portal's home page."""
    home = HomePage.objects.order_by("path").first()
    if home is None:
        stdout.write("Chưa có trang chủ: hãy chạy migrate trước.")
        return
    covers = _covers(stdout)
    topics = _topics(stdout)
    docs = _documents(stdout)
    cases = _case_studies(home, covers, stdout)
    courses = _courses(home, covers, topics, cases, docs, stdout)
    _resources(home, docs, stdout)
    if not home.featured_courses.exists():
        for order, course in enumerate(courses[:3]):
            HomeFeaturedCourse.objects.create(home=home, course=course, sort_order=order)
        home.save_revision().publish()
