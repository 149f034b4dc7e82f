"""Small builders of curriculum pages for tests: a published tree under the portal's home page."""

import io
import itertools

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from curriculum.demo import callout, case_ref, document, figure, heading, para, quiz, quote
from curriculum.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CatalogPage,
    CoursePage,
    HomePage,
    LessonPage,
    ResourceIndexPage,
    ResourcePage,
)

_numbers = itertools.count(1)


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)  # fresh: StreamField block ids as stored


def home() -> HomePage:
    return HomePage.objects.order_by("path").first()


def catalog(title="Danh mục khóa học") -> CatalogPage:
    return publish(home(), CatalogPage(title=title, slug=f"khoa-hoc-{next(_numbers)}"))


def course(parent: CatalogPage, *, title="Kỹ năng dân vận cơ sở", **fields) -> CoursePage:
    number = next(_numbers)
    defaults = {
        "code": f"T-{number:03d}",
        "summary": "Kỹ năng tiếp xúc, lắng nghe và vận động đồng bào ở cơ sở.",
        "content_kind": "job_skills",
        "periods": 12,
    }
    return publish(parent, CoursePage(title=title, slug=f"khoa-{number}", **{**defaults, **fields}))


def sample_quiz():
    return quiz(
        "Câu hỏi ôn tập",
        [
            (
                "single",
                "Việc đầu tiên khi tiếp dân là gì?",
                [("Giải thích quy định ngay", False), ("Lắng nghe người dân nói hết", True)],
                "GIAI-THICH-BI-MAT: lắng nghe trước.",
            ),
            (
                "multiple",
                "Những việc nào nên làm trước buổi họp dân?",
                [
                    ("Thông báo trước nội dung", True),
                    ("Chuẩn bị bản vẽ, số liệu", True),
                    ("Chốt kết luận trước khi họp", False),
                ],
                "",
            ),
        ],
    )


def lesson(parent: CoursePage, *, title="Lắng nghe đồng bào", body=None, **fields) -> LessonPage:
    number = next(_numbers)
    return publish(
        parent,
        LessonPage(
            title=title,
            slug=f"bai-{number}",
            summary=fields.pop("summary", "Nghe trước, nói sau."),
            body=body if body is not None else [para("Nội dung bài học."), sample_quiz()],
            **fields,
        ),
    )


def case_index() -> CaseStudyIndexPage:
    return publish(
        home(), CaseStudyIndexPage(title="Mô hình “Dân vận khéo”", slug=f"dvk-{next(_numbers)}")
    )


def case_study(parent, *, title="Hiến đất làm đường", **fields) -> CaseStudyPage:
    defaults = {
        "case_kind": "model",
        "field": "new_rural",
        "unit": "Mặt trận ấp Hòa Thuận",
        "year": 2025,
        "summary": "Vận động đồng bào hiến đất mở đường.",
        "problem": "<p>Đường nhỏ.</p>",
        "approach": "<p>Dân bàn, dân làm.</p>",
    }
    return publish(
        parent,
        CaseStudyPage(title=title, slug=f"mo-hinh-{next(_numbers)}", **{**defaults, **fields}),
    )


def resource_index() -> ResourceIndexPage:
    return publish(home(), ResourceIndexPage(title="Văn bản", slug=f"van-ban-{next(_numbers)}"))


def private_document(title="Hướng dẫn đối thoại") -> object:
    Document = get_document_model()
    doc = Document(title=title, collection=Collection.objects.get(name="Tài liệu khóa học"))
    doc.file.save(f"tai-lieu-{next(_numbers)}.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    doc.save()
    return doc


def resource(parent, *, title="Hướng dẫn tổ chức đối thoại với dân", **fields) -> ResourcePage:
    defaults = {
        "kind": "guidance",
        "number": f"{next(_numbers)}-HD/BDV",
        "issued_on": "2026-01-12",
        "issuing_body": "Ban Tuyên giáo và Dân vận",
        "summary": "Chuẩn bị và tổ chức đối thoại với đồng bào.",
    }
    return publish(
        parent,
        ResourcePage(title=title, slug=f"van-ban-{next(_numbers)}", **{**defaults, **fields}),
    )


def image(title="Ảnh thử"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 36), (166, 27, 27)).save(buffer, format="PNG")
    img = get_image_model()(title=title, file=ImageFile(buffer, name=f"anh-{next(_numbers)}.png"))
    img.save()
    return img


def rich_body(blocks: int, *, image_obj=None, doc=None, case=None) -> list:
    """A quiz, then one block of each database-reading kind given, then text blocks, cycling."""
    plain = [
        lambda: heading("Mục lớn"),
        lambda: para("Đoạn văn về công tác dân vận."),
        lambda: callout("tip", "Ghi nhớ", "Nói để dân hiểu."),
        lambda: quote("Dễ mười lần không dân cũng chịu.", "Hồ Chí Minh"),
    ]
    reading = []
    if image_obj is not None:
        reading.append(lambda: figure(image_obj, "Chú thích"))
    if doc is not None:
        reading.append(lambda: document(doc, "Tải tài liệu"))
    if case is not None:
        reading.append(lambda: case_ref(case, "Đọc thêm"))
    makers = reading + plain
    return [sample_quiz()] + [makers[i % len(makers)]() for i in range(blocks - 1)]
