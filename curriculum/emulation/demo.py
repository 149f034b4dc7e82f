"""Demo data of the "Dân vận khéo" movement: a year of registrations in several communes of the
demo province, assessed and decided through the services; one model recognised at province level
turned into a case study that the editor submits and the moderator publishes through the review
workflow; one commune model replicated in another commune. A second run changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from cadres.access import SYSTEM, Acting, granted_scopes
from cadres.models import Agency, Cadre
from curriculum.choices import CaseField, CaseKind, RecognitionLevel
from curriculum.demo import _pdf_bytes
from curriculum.emulation import services
from curriculum.emulation.models import EmulationCriterion, Registration

# (key, lead agency code, kind, field, title, goals, how it is done, evidence file)
REGISTRATIONS = [
    (
        "hoa-giai",
        "MTTQ-RACHGIA",
        CaseKind.MODEL,
        CaseField.CULTURE_SOCIETY,
        "Tổ hòa giải “Ba cùng” ở khu phố",
        "Hòa giải mâu thuẫn ngay tại khu phố, không để khiếu kiện vượt cấp.",
        "Tổ hòa giải cùng ở, cùng nghe, cùng bàn với các hộ có mâu thuẫn; họp dân mỗi tháng.",
        "bien-ban-to-hoa-giai.pdf",
    ),
    (
        "lang-nghe",
        "DU-RACHGIA",
        CaseKind.MODEL,
        CaseField.POLITICAL_SYSTEM,
        "Chính quyền phường lắng nghe dân nói",
        "Mỗi tháng lãnh đạo phường đối thoại trực tiếp với dân ở một khu phố.\n"
        "Mọi kiến nghị được trả lời trong 15 ngày và công khai kết quả.",
        "Lịch đối thoại công bố trước trên nhóm Zalo khu phố; tổ dân vận ghi kiến nghị, "
        "văn phòng theo dõi hạn trả lời; kết quả niêm yết ở nhà văn hóa khu phố.",
        "bao-cao-doi-thoai.pdf",
    ),
    (
        "bi-thu-chi-bo",
        "UBND-RACHGIA",
        CaseKind.EXEMPLAR,
        CaseField.POLITICAL_SYSTEM,
        "Cán bộ tiếp dân tận tình",
        "Giải quyết hồ sơ đúng hẹn, hướng dẫn tận tình người dân đến làm thủ tục.",
        "",
        "",
    ),
    (
        "canh-dong-lon",
        "UBND-TANHIEP",
        CaseKind.MODEL,
        CaseField.ECONOMY,
        "Cánh đồng lớn liên kết tiêu thụ lúa",
        "Liên kết nông dân với doanh nghiệp để bao tiêu lúa, giảm chi phí sản xuất.",
        "Cán bộ xã vận động hộ dân góp ruộng, ký hợp đồng bao tiêu qua hợp tác xã.",
        "hop-dong-lien-ket.pdf",
    ),
    (
        "ap-khong-ngheo",
        "UBND-HONDAT",
        CaseKind.MODEL,
        CaseField.NEW_RURAL,
        "Ấp không có hộ nghèo",
        "Giúp các hộ cận nghèo có sinh kế bền vững trong hai năm.",
        "Mỗi đảng viên nhận đỡ đầu một hộ; Mặt trận vận động vốn, giống và việc làm.",
        "",
    ),
    (
        "tuyen-duong-an-ninh",
        "MTTQ-GIONGRIENG",
        CaseKind.MODEL,
        CaseField.DEFENCE_SECURITY,
        "Tuyến đường tự quản an ninh trật tự",
        "Giữ an ninh trật tự trên tuyến đường liên ấp bằng sức dân.",
        "Các hộ hai bên đường chia ca tuần tra, lắp đèn và camera.",
        "",
    ),
    (
        "du-lich-cong-dong",
        "UBND-PHUQUOC",
        CaseKind.MODEL,
        CaseField.ECONOMY,
        "Du lịch cộng đồng làng chài",
        "Người dân làng chài làm du lịch, giữ nghề và giữ biển sạch.",
        "",
        "",
    ),
]
# (key, assessor username or None for the body itself, scores as a share of the maximum,
#  decision: None to leave it being assessed, or (recognised, level, number, reason))
DECISIONS = [
    ("hoa-giai", "thamdinhxa", 0.9, (True, RecognitionLevel.COMMUNE, "45-QĐ/ĐU", "")),
    ("lang-nghe", "thamdinh", 0.95, (True, RecognitionLevel.PROVINCE, "212-QĐ/BTGDVTU", "")),
    (
        "bi-thu-chi-bo",
        "thamdinhxa",
        0.6,
        (False, "", "", "Cần thêm thời gian và phản ánh của người dân để đánh giá."),
    ),
    ("canh-dong-lon", None, 0.85, (True, RecognitionLevel.COMMUNE, "18-QĐ/ĐU", "")),
    ("ap-khong-ngheo", None, 0.8, (True, RecognitionLevel.COMMUNE, "27-QĐ/ĐU", "")),
    ("tuyen-duong-an-ninh", None, 0.7, None),
]
# (key of the recognised model, adopting agency code, note)
REPLICATIONS = [
    ("hoa-giai", "MTTQ-HONDAT", "Thành lập tổ hòa giải theo cách làm của phường Rạch Giá."),
    ("lang-nghe", "DU-VINHTHONG", "Đối thoại hằng tháng ở các khu phố từ quý III."),
]


def _actor(username: str | None):
    """The demo user acting within their granted scopes, or the system."""
    if username is None:
        return SYSTEM
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return SYSTEM
    return Acting(user=user, scope=granted_scopes([user.pk]).get(user.pk, SYSTEM.scope))


def _publish_through_review(page, stdout) -> None:
    """The editor submits the draft to the review workflow; the moderator approves it (which
    publishes it), as in the admin."""
    User = get_user_model()
    editor = User.objects.filter(username="bientap").first()
    moderator = User.objects.filter(username="kiemduyet").first()
    workflow = page.get_workflow()
    if workflow is None or editor is None or moderator is None or page.live:
        return
    page.summary = page.summary or page.title
    page.save_revision(user=editor)
    workflow.start(page, user=editor)
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve", comment="Đồng ý xuất bản.")
    stdout.write(f"  tình huống điển hình đã xuất bản qua duyệt: {page.title}")


def seed_emulation(stdout) -> None:
    year = timezone.localdate().year
    agencies = {a.code: a for a in Agency.objects.select_related("kind")}
    if "DU-RACHGIA" not in agencies or not EmulationCriterion.objects.exists():
        return
    today = timezone.localdate()
    made: dict[str, Registration] = {}
    created = 0
    for key, code, kind, field, title, goals, how, evidence in REGISTRATIONS:
        lead = agencies[code]
        found = Registration.objects.filter(year=year, lead_agency=lead, title=title).first()
        if found:
            made[key] = found
            continue
        people = list(Cadre.objects.filter(agency=lead).order_by("personnel_code")[:3])
        files = []
        if evidence:
            pdf = _pdf_bytes(title, ["Hồ sơ minh chứng mô hình “Dân vận khéo”", goals[:80]])
            files = [ContentFile(pdf, name=evidence)]
        made[key] = services.registration_create(
            actor=SYSTEM,
            year=year,
            case_kind=kind,
            field=field,
            title=title,
            lead_agency=lead,
            exemplar_cadre=people[0] if kind == CaseKind.EXEMPLAR and people else None,
            participants=people[1:] if kind == CaseKind.EXEMPLAR else people,
            goals=goals,
            description=how,
            start_date=datetime.date(year, 1 + created % 3, 10),
            evidence_files=files,
        )
        created += 1
    if not created:
        return
    criteria = list(EmulationCriterion.objects.filter(active=True))
    for key, assessor, share, decision in DECISIONS:
        registration = made[key]
        actor = _actor(assessor)
        services.assessment_record(
            actor=actor,
            registration=registration,
            scores={c.pk: round(c.max_score * share) for c in criteria},
            comment="Cách làm thiết thực, được người dân đồng tình.",
        )
        if decision is None:
            continue
        recognised, level, number, reason = decision
        services.recognition_decide(
            actor=actor,
            registration=registration,
            recognised=recognised,
            level=level,
            number=number,
            reason=reason,
            decided_on=today - datetime.timedelta(days=7),
        )
    for key, code, note in REPLICATIONS:
        services.replication_record(
            actor=SYSTEM,
            source=made[key],
            agency=agencies[code],
            started_on=today - datetime.timedelta(days=3),
            note=note,
        )
    provincial = Registration.objects.get(pk=made["lang-nghe"].pk)
    if provincial.case_study_id:
        _publish_through_review(provincial.case_study.specific, stdout)
    stdout.write(f"Dân vận khéo: {created} đăng ký, {len(REPLICATIONS)} nhân rộng.")
