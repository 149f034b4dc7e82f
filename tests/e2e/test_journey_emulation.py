"""Journey 5: "Dân vận khéo". A commune's officer registers a model with its evidence; the
province's assessor assesses and recognises it at province level; the editor finds the draft
case study it opened, finishes it and submits it; the moderator publishes it; it appears in the
case-study library."""

import datetime

import pytest

from cadres.roles import Role
from tests.curriculum import factories
from tests.e2e.helpers import axe_violations, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TITLE = "Chính quyền phường lắng nghe dân nói"
PDF = b"%PDF-1.4 bao cao doi thoai"


@pytest.fixture
def movement(make_agency, make_user, province, agency_a, officer_a):
    body = make_agency(
        "TU-TEST-BTGDV",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        parent=province,
        kind="ban-tuyen-giao-dan-van",
    )
    assessor = make_user(
        "thamdinh", role=Role.ASSESSOR, agency=body, last_name="Lâm Thanh", first_name="Bình"
    )
    return {"body": body, "assessor": assessor, "index": factories.case_index()}


def test_a_registered_model_becomes_a_published_case_study(
    live_server, new_context, snap, tmp_path, officer_a, agency_a, movement, editor, moderator
):
    from curriculum.emulation.models import Registration
    from curriculum.models import CaseStudyPage

    base = live_server.url
    today = datetime.date.today()

    # The commune's officer registers the model, led by the commune's Đảng ủy.
    page = new_context().new_page()
    log_in(page, base, officer_a.username)
    page.get_by_role("link", name="Nghiệp vụ").click()
    page.get_by_role("link", name="Dân vận khéo", exact=True).click()
    page.get_by_role("link", name="Đăng ký mô hình, điển hình").click()
    page.get_by_label("Mô hình hay điển hình").select_option(label="Mô hình")
    page.get_by_label("Lĩnh vực").select_option(label="Xây dựng hệ thống chính trị")
    page.get_by_label("Tên mô hình, điển hình").fill(TITLE)
    page.get_by_label("Cơ quan chủ trì").select_option(label=agency_a.name)
    page.get_by_label("Mục tiêu").fill("Mỗi tháng lãnh đạo phường đối thoại với dân.")
    page.get_by_label("Cách làm").fill("Tổ dân vận ghi kiến nghị; trả lời trong 15 ngày.")
    page.get_by_label("Ngày bắt đầu").fill(f"10/01/{today.year}")
    evidence = tmp_path / "bao-cao-doi-thoai.pdf"
    evidence.write_bytes(PDF)
    page.get_by_label("Tệp minh chứng").set_input_files(str(evidence))
    snap(page, "officer-register")
    assert axe_violations(page) == []
    page.get_by_role("main").get_by_role("button", name="Đăng ký").click()
    page.wait_for_url(f"{base}/office/emulation/*/")
    assert "Ban Tuyên giáo và Dân vận Tỉnh ủy sẽ thẩm định" in page.locator("body").inner_text()
    snap(page, "officer-registered")
    assert axe_violations(page) == []
    registration = Registration.objects.get(title=TITLE)

    # The province's assessor finds it in the queue, scores it and recognises it.
    page = new_context().new_page()
    log_in(page, base, movement["assessor"].username)
    page.get_by_role("link", name="Thẩm định mô hình").click()
    snap(page, "assessor-queue")
    assert axe_violations(page) == []
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Thẩm định", exact=True).click()
    from curriculum.emulation.models import EmulationCriterion

    for criterion in EmulationCriterion.objects.filter(active=True):
        page.get_by_label(f"{criterion.name} (0–{criterion.max_score})").fill(
            str(criterion.max_score - 1)
        )
    page.get_by_label("Nhận xét").fill("Cách làm thiết thực, dân đồng tình.")
    snap(page, "assessor-scores")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Ghi phiếu thẩm định").click()
    page.get_by_role("link", name="Quyết định công nhận").click()
    page.get_by_label("Được công nhận", exact=True).check()
    page.get_by_label("Cấp công nhận").select_option(label="Cấp tỉnh")
    page.get_by_label("Số quyết định").fill("212-QĐ/BTGDVTU")
    page.get_by_label("Ngày quyết định").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ghi quyết định").click()
    page.wait_for_url(f"{base}/office/emulation/{registration.pk}/")
    assert "bài tình huống nháp" in page.locator("body").inner_text()
    snap(page, "assessor-recognised")
    registration.refresh_from_db()
    draft = CaseStudyPage.objects.get(pk=registration.case_study_id)
    assert not draft.live

    # The editor finds the draft among the recognised models, finishes it and submits it.
    page = new_context().new_page()
    log_in(page, base, editor.username)
    page.get_by_role("link", name="Quản trị nội dung").click()
    page.get_by_role("link", name="Mô hình được công nhận").click()
    snap(page, "editor-listing", check_overflow=False)
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Thao tác khác").click()
    page.get_by_role("button", name="Gửi tới Duyệt rồi xuất bản").click()
    page.wait_for_load_state()
    snap(page, "editor-submitted", check_overflow=False)
    draft.refresh_from_db()
    assert draft.workflow_in_progress and not draft.live

    # The moderator approves and publishes it.
    page = new_context().new_page()
    log_in(page, base, moderator.username)
    page.goto(f"{base}/admin/")
    page.get_by_role("region", name="Đang chờ bạn duyệt").get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Thao tác khác").click()
    actions = page.get_by_role("navigation", name="Thao tác (chân trang)")
    actions.get_by_role("button", name="Duyệt và xuất bản").click()
    page.wait_for_load_state()
    draft.refresh_from_db()
    assert draft.live

    # Anyone finds it in the case-study library.
    page = new_context().new_page()
    page.goto(f"{base}{movement['index'].url}")
    page.get_by_role("link", name=TITLE).click()
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert "212-QĐ/BTGDVTU" in page.locator("main").inner_text()
    snap(page, "library-case-study")
