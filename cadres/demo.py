"""Demo data of the registry, called by `seed_demo` (training): An Giang's tree and 2,000 cadres.

Every write goes through a door of the registry, as the system (`cadres.access.SYSTEM`): agencies
through `services.agency_create`, the 2,000 cadres through the cadre import (a CSV built here),
everything else through the services; so the demo keeps the history and obeys the rules that
the office pages, the imports and the commands do.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from io import BytesIO

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model

from cadres import audit, imports, places, services
from cadres.access import SYSTEM, change_scope_for
from cadres.exports import GENDER_NAMES, LEVEL_NAMES
from cadres.imports import CURRENT_ADMIN_CODE_LIST
from cadres.models import (
    Agency,
    AgencyEvent,
    AgencyKind,
    AuditAction,
    AuditEntry,
    Cadre,
    CadreCategory,
    Gender,
    JobPosition,
    LeadershipTitle,
    OfficerAssignment,
    PlanningEntry,
    Posting,
    ResponsibilityKind,
    RotationForm,
    RotationPlan,
    Scope,
    StaffingRule,
)
from cadres.models import PoliticalTheoryLevel as Level
from cadres.spreadsheets import to_csv
from cadres.text import fold

SEED = 2026
CADRE_COUNT = 2000
ACCOUNT_COUNT = 60  # demo accounts besides CB000001's
DEMO_CADRE_CODE = "CB000001"  # the demo cadre login (seed_demo gives it its password)
TWO_TIER_START = date(2025, 7, 1)  # communes and wards of the two-tier local government

# (code, name, kind code, children)
PROVINCE_TREE = [
    (
        "TU-AG",
        "Tỉnh ủy An Giang",
        "tinh-uy",
        [
            ("TU-AG-BTGDV", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "ban-tuyen-giao-dan-van", []),
            ("TU-AG-BTC", "Ban Tổ chức Tỉnh ủy", "ban-to-chuc", []),
            ("TU-AG-TCT", "Trường Chính trị tỉnh An Giang", "don-vi-su-nghiep", []),
        ],
    ),
    ("HDND-AG", "Hội đồng nhân dân tỉnh An Giang", "hoi-dong-nhan-dan", []),
    (
        "UBND-AG",
        "Ủy ban nhân dân tỉnh An Giang",
        "uy-ban-nhan-dan",
        [
            ("UBND-AG-SNV", "Sở Nội vụ", "so-ban-nganh", []),
            ("UBND-AG-SGDDT", "Sở Giáo dục và Đào tạo", "so-ban-nganh", []),
            ("UBND-AG-SYT", "Sở Y tế", "so-ban-nganh", []),
            ("UBND-AG-SNNMT", "Sở Nông nghiệp và Môi trường", "so-ban-nganh", []),
            ("UBND-AG-STC", "Sở Tài chính", "so-ban-nganh", []),
        ],
    ),
    (
        "MTTQ-AG",
        "Ủy ban MTTQ Việt Nam tỉnh An Giang",
        "uy-ban-mttq",
        [
            ("MTTQ-AG-HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "to-chuc-chinh-tri-xa-hoi", []),
            ("MTTQ-AG-HND", "Hội Nông dân tỉnh", "to-chuc-chinh-tri-xa-hoi", []),
            ("MTTQ-AG-TD", "Tỉnh Đoàn An Giang", "to-chuc-chinh-tri-xa-hoi", []),
            ("MTTQ-AG-LDLD", "Liên đoàn Lao động tỉnh", "to-chuc-chinh-tri-xa-hoi", []),
            ("MTTQ-AG-HCCB", "Hội Cựu chiến binh tỉnh", "to-chuc-chinh-tri-xa-hoi", []),
        ],
    ),
]
# Commune-level units of An Giang (code 91) since 1 July 2025: (slug, unit type, name).
COMMUNES = [
    ("RACHGIA", "phường", "Rạch Giá"),
    ("VINHTHONG", "phường", "Vĩnh Thông"),
    ("HATIEN", "phường", "Hà Tiên"),
    ("LONGXUYEN", "phường", "Long Xuyên"),
    ("BINHDUC", "phường", "Bình Đức"),
    ("CHAUDOC", "phường", "Châu Đốc"),
    ("TANHIEP", "xã", "Tân Hiệp"),
    ("HONDAT", "xã", "Hòn Đất"),
    ("GIONGRIENG", "xã", "Giồng Riềng"),
    ("PHUQUOC", "đặc khu", "Phú Quốc"),
]
OFFICER_AGENCY_CODE = "DU-RACHGIA"  # the demo personnel officer manages this commune
FIRST_CADRE_AGENCY_CODE = "UBND-RACHGIA"

FAMILY_NAMES = (
    ["Nguyễn"] * 30
    + ["Trần"] * 10
    + ["Lê"] * 9
    + ["Phạm"] * 6
    + ["Huỳnh"] * 5
    + ["Võ"] * 5
    + ["Phan"] * 4
    + ["Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lâm", "Trương"] * 2
    + ["Thạch", "Danh", "Sơn", "Kim", "Châu", "Quách", "Tô", "Mai", "La", "Hà"]
)
MIDDLE_NAMES = {
    Gender.MALE: ["Văn", "Văn", "Minh", "Hữu", "Quốc", "Thanh", "Đức", "Công", "Hoàng", "Tấn"],
    Gender.FEMALE: ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Kim", "Mỹ", "Thu", "Bích", "Hồng"],
}
GIVEN_NAMES = {
    Gender.MALE: [
        "An",
        "Bảo",
        "Cường",
        "Dũng",
        "Đạt",
        "Đức",
        "Duy",
        "Hải",
        "Hiếu",
        "Hùng",
        "Khang",
        "Khoa",
        "Lâm",
        "Long",
        "Lộc",
        "Minh",
        "Nam",
        "Nhân",
        "Phúc",
        "Quang",
        "Sơn",
        "Tài",
        "Thắng",
        "Thành",
        "Toàn",
        "Trí",
        "Trung",
        "Tuấn",
        "Vinh",
        "Vũ",
    ],
    Gender.FEMALE: [
        "Ánh",
        "Anh",
        "Châu",
        "Diễm",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Loan",
        "Mai",
        "My",
        "Ngân",
        "Nhung",
        "Oanh",
        "Phương",
        "Quyên",
        "Thảo",
        "Thủy",
        "Trang",
        "Trinh",
        "Tuyết",
        "Uyên",
        "Vy",
        "Xuân",
        "Yến",
    ],
}
ETHNICITIES = ["Kinh"] * 17 + ["Khmer", "Khmer", "Hoa"]
RELIGIONS = [""] * 10 + ["Phật giáo", "Phật giáo", "Phật giáo Hòa Hảo", "Công giáo", "Cao Đài"]
EDUCATION = [
    "Cử nhân Luật",
    "Cử nhân Hành chính",
    "Cử nhân Kinh tế",
    "Thạc sĩ Quản lý công",
    "Cử nhân Xây dựng Đảng và Chính quyền nhà nước",
    "Kỹ sư Nông nghiệp",
    "Trung cấp Y",
    "Cử nhân Sư phạm",
    "Cao đẳng Kế toán",
]
POSITIONS = {
    "leader": ["Trưởng ban", "Giám đốc", "Chủ tịch", "Bí thư"],
    "deputy": ["Phó Trưởng ban", "Phó Giám đốc", "Phó Chủ tịch", "Phó Bí thư"],
    "staff": ["Chuyên viên", "Chuyên viên", "Chuyên viên", "Công chức", "Cán sự", "Văn phòng"],
}
# The coded job position and leadership title of a demo posting's free text (by the agency's code
# prefix where the same words name different titles: Chủ tịch UBND or Chủ tịch Ủy ban MTTQ).
TITLE_CODES = {
    "Bí thư": "bi-thu",
    "Phó Bí thư": "pho-bi-thu",
    "Trưởng ban": "truong-ban",
    "Phó Trưởng ban": "pho-truong-ban",
}
JOB_POSITION_CODES = {
    "Chuyên viên": "chuyen-vien-dan-van",
    "Công chức": "cong-chuc-van-hoa-xa-hoi",
    "Văn phòng": "cong-chuc-van-phong",
}


def posting_codes(agency_code: str, position: str) -> tuple[str, str]:
    """(job position code, title code) for a demo posting, either may be empty."""
    front = agency_code.startswith("MTTQ")
    title = TITLE_CODES.get(position, "")
    if position in ("Chủ tịch", "Phó Chủ tịch"):
        title = ("pho-" if position.startswith("Phó") else "") + (
            "chu-tich-mttq" if front else "chu-tich-ubnd"
        )
    job = JOB_POSITION_CODES.get(position, "")
    if job == "chuyen-vien-dan-van" and front:
        job = "chuyen-vien-mat-tran"
    return job, title


LEVELS = [
    Level.ELEMENTARY,
    Level.INTERMEDIATE,
    Level.INTERMEDIATE,
    Level.ADVANCED,
    Level.BACHELOR,
    "",
]


def _agency_specs() -> list[tuple[str | None, str, str, str, str, date | None]]:
    """(parent code, code, name, kind code, admin code, valid from) in creation order."""
    specs = []

    def walk(nodes, parent):
        for code, name, kind, children in nodes:
            specs.append((parent, code, name, kind, "91" if parent is None else "", None))
            walk(children, code)

    walk(PROVINCE_TREE, None)
    for slug, unit, place in COMMUNES:
        where = f"{unit} {place}"
        party = f"DU-{slug}"
        specs += [
            ("TU-AG", party, f"Đảng ủy {where}", "dang-uy", "", TWO_TIER_START),
            (
                party,
                f"HDND-{slug}",
                f"Hội đồng nhân dân {where}",
                "hoi-dong-nhan-dan",
                "",
                TWO_TIER_START,
            ),
            (
                party,
                f"UBND-{slug}",
                f"Ủy ban nhân dân {where}",
                "uy-ban-nhan-dan",
                "",
                TWO_TIER_START,
            ),
            (
                party,
                f"MTTQ-{slug}",
                f"Ủy ban MTTQ Việt Nam {where}",
                "uy-ban-mttq",
                "",
                TWO_TIER_START,
            ),
        ]
        # Below a xã the units are ấp; below a phường (and in the special zone's former town)
        # they are khu phố.
        below = "ấp" if unit == "xã" else "khu phố"
        for number in (1, 2, 3):
            specs.append(
                (
                    party,
                    f"TDV-{slug}-{number:02d}",
                    f"Tổ dân vận {below} {number}, {where}",
                    "to-dan-van",
                    "",
                    TWO_TIER_START,
                )
            )
    return specs


def _party_building_specs() -> list[tuple[str, str, str, str, str, date]]:
    """Each registry commune's Ban Xây dựng Đảng, which carries dân vận work at commune level.

    Created after the cadres are drawn (so the demo's people stay the same).
    """
    return [
        (
            f"DU-{slug}",
            f"BXDD-{slug}",
            f"Ban Xây dựng Đảng Đảng ủy {unit} {place}",
            "ban-xay-dung-dang",
            "",
            TWO_TIER_START,
        )
        for slug, unit, place in COMMUNES
    ]


def seed_agencies(stdout, specs=None) -> dict[str, Agency]:
    existing = {a.code: a for a in Agency.objects.all()}
    kinds = {k.code: k for k in AgencyKind.objects.all()}
    created = 0
    for parent_code, code, name, kind, admin_code, valid_from in specs or _agency_specs():
        if code in existing:
            continue
        existing[code] = services.agency_create(
            actor=SYSTEM,
            parent=existing[parent_code] if parent_code else None,
            code=code,
            name=name,
            kind=kinds[kind],
            admin_code=admin_code,
            admin_code_list=CURRENT_ADMIN_CODE_LIST if admin_code else "",
            valid_from=valid_from,
        )
        created += 1
    stdout.write(f"Đơn vị: {created} tạo mới, {len(existing)} tổng cộng.")
    return existing


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


class DemoDataError(Exception):
    """A door of the registry refused the demo data: the seed stops, and says why."""


@dataclass
class _DemoPost:
    agency: Agency
    position: str
    start: date


@dataclass
class _DemoCadre:
    code: str
    details: services.CadreDetails
    earlier: _DemoPost | None  # a provincial post that ended the day the current one started
    current: _DemoPost
    end: date | None  # the day the cadre left, if they did


def _demo_cadres(agencies: dict[str, Agency], existing_codes: set[str]) -> list[_DemoCadre]:
    """The 2,000 cadres, drawn from a fixed seed (the same people on every fresh database)."""
    rng = random.Random(SEED)
    categories = {c.code: c for c in CadreCategory.objects.all()}
    # Only the registry's own tree: the real communes and old units added later stay empty.
    own_codes = {spec[1] for spec in _agency_specs()}
    agencies = {code: a for code, a in agencies.items() if code in own_codes}
    teams = [a for a in agencies.values() if a.code.startswith("TDV-")]
    commune_agencies = [
        a for a in agencies.values() if a.valid_from == TWO_TIER_START and a not in teams
    ]
    provincial = [a for a in agencies.values() if a.valid_from is None]

    cadres = []
    for number in range(1, CADRE_COUNT + 1):
        code = f"CB{number:06d}"
        if code in existing_codes:
            continue
        gender = rng.choice([Gender.MALE, Gender.FEMALE])
        name = " ".join(
            [
                rng.choice(FAMILY_NAMES),
                rng.choice(MIDDLE_NAMES[gender]),
                rng.choice(GIVEN_NAMES[gender]),
            ]
        )
        roll = rng.random()
        agency = rng.choice(commune_agencies if roll < 0.6 else teams if roll < 0.7 else provincial)
        if number == 1:
            name, gender, agency = (
                "Nguyễn Thị Ánh",
                Gender.FEMALE,
                agencies[FIRST_CADRE_AGENCY_CODE],
            )
        born = _random_date(rng, date(1966, 1, 1), date(2001, 12, 31))
        is_member = rng.random() < 0.7
        category_code = (
            "mttq-doan-the"
            if agency.code.startswith(("MTTQ", "TDV"))
            else "can-bo-cap-xa"
            if agency in commune_agencies
            else rng.choice(["chuyen-trach-dan-van", "cong-chuc", "vien-chuc"])
        )
        if agency.code.endswith("BTGDV"):
            category_code = "chuyen-trach-dan-van"
        # The draws keep the order of the seed's first version, so the people stay the same.
        details = services.CadreDetails(
            full_name=name,
            date_of_birth=born,
            gender=gender,
            ethnicity=rng.choice(ETHNICITIES),
            religion=rng.choice(RELIGIONS),
            is_party_member=is_member,
            party_joined_on=_random_date(rng, born + timedelta(days=365 * 22), date(2024, 12, 31))
            if is_member
            else None,
            theory_level=rng.choice(LEVELS),
            education=rng.choice(EDUCATION),
            category=categories.get(category_code),
            email=f"{fold(name).replace(' ', '.')}.{number}@demo.dandan.vn"
            if rng.random() < 0.5
            else "",
        )
        rank = rng.random()
        position = rng.choice(
            POSITIONS["leader" if rank < 0.05 else "deputy" if rank < 0.15 else "staff"]
        )
        if agency.code.startswith("TDV-"):
            position = "Tổ trưởng" if rank < 0.3 else "Tổ viên"
        is_commune = agency.valid_from == TWO_TIER_START
        start = (
            TWO_TIER_START if is_commune else _random_date(rng, date(2010, 1, 1), date(2024, 6, 30))
        )
        earlier = None
        if rng.random() < 0.15 and number != 1:
            # A transfer: an earlier post in a provincial agency ended the day this one started.
            first_start = _random_date(rng, date(2005, 1, 1), start - timedelta(days=400))
            earlier = _DemoPost(rng.choice(provincial), rng.choice(POSITIONS["staff"]), first_start)
        left = number != 1 and rng.random() < 0.01
        end = _random_date(rng, start, date(2026, 6, 30)) if left else None
        cadres.append(_DemoCadre(code, details, earlier, _DemoPost(agency, position, start), end))
    return cadres


def _import_row(cadre: _DemoCadre, post: _DemoPost) -> list:
    """One row of the cadre import, written the way an export writes it."""
    details = cadre.details
    cells = {
        "personnel_code": cadre.code,
        "full_name": details.full_name,
        "date_of_birth": details.date_of_birth,
        "gender": GENDER_NAMES.get(details.gender, ""),
        "ethnicity": details.ethnicity,
        "is_party_member": "Có" if details.is_party_member else "Không",
        "party_joined_on": details.party_joined_on,
        "theory_level": LEVEL_NAMES.get(details.theory_level, ""),
        "education": details.education,
        "agency": post.agency.code,
        "position": post.position,
        "job_position": posting_codes(post.agency.code, post.position)[0],
        "title": posting_codes(post.agency.code, post.position)[1],
        "start_date": post.start,
        "email": details.email,
        "category": details.category.name if details.category else "",
    }
    return [cells[column.key] for column in imports.CADRE_COLUMNS]


def _import_cadres(rows: list[list]) -> imports.ImportResult:
    """The cadre import of the office page and of `import_cadres`, on a CSV made in memory."""
    data = to_csv([column.header for column in imports.CADRE_COLUMNS], rows)
    result = imports.import_cadres(source=BytesIO(data), filename="demo.csv", actor=SYSTEM)
    if not result.ok:
        listed = "; ".join(
            f"dòng {p.row}, {p.column} «{p.value}»: {p.reason}" for p in result.problems[:10]
        )
        raise DemoDataError(f"Nhập cán bộ mẫu bị từ chối ({len(result.problems)} lỗi): {listed}")
    return result


def seed_cadres(stdout, agencies: dict[str, Agency]) -> None:
    """2,000 cadres through the cadre import: a first file posts everyone at their first post,
    a second moves those with an earlier provincial post to their current one (the import's
    transfer closes the earlier posting the day the new one starts); then the few who left
    leave, and religion, which no import column carries, is set through cadre_update."""
    if Cadre.objects.filter(personnel_code=f"CB{CADRE_COUNT:06d}").exists():
        stdout.write(f"Cán bộ: đã có ({Cadre.objects.count()}), không tạo thêm.")
        return
    existing_codes = set(Cadre.objects.values_list("personnel_code", flat=True))
    demo = _demo_cadres(agencies, existing_codes)
    if not demo:
        return
    created = _import_cadres([_import_row(c, c.earlier or c.current) for c in demo]).created

    moving = [c for c in demo if c.earlier is not None]
    # The import takes a row in the same agency for a change of position, not a transfer:
    # those few move through cadre_transfer, the same rule one by one.
    by_import = [c for c in moving if c.earlier.agency.pk != c.current.agency.pk]
    if by_import:
        _import_cadres([_import_row(c, c.current) for c in by_import])
    by_code = {
        c.personnel_code: c
        for c in Cadre.objects.filter(personnel_code__in=[d.code for d in demo]).select_related(
            "agency", "user"
        )
    }
    for item in moving:
        if item.earlier.agency.pk == item.current.agency.pk:
            services.cadre_transfer(
                actor=SYSTEM,
                cadre=by_code[item.code],
                agency=item.current.agency,
                position=item.current.position,
                start_date=item.current.start,
            )
    leaving = [c for c in demo if c.end is not None]
    for item in leaving:
        services.cadre_leave(actor=SYSTEM, cadre=by_code[item.code], end_date=item.end)
    for item in demo:
        if item.details.religion:
            services.cadre_update(actor=SYSTEM, cadre=by_code[item.code], details=item.details)
    stdout.write(
        f"Cán bộ: {created} tạo mới qua nhập tệp, {len(moving)} chuyển công tác, "
        f"{len(leaving)} đã nghỉ; {len(demo) + len(moving)} lượt công tác."
    )


def seed_accounts(stdout) -> None:
    """Open the accounts of CB000001 (the demo cadre login) and of the first ACCOUNT_COUNT
    serving cadres without an email, through the office's service.

    Cadres without an email: opening an account for one with an email queues the set-password
    email, which in development is printed on the console after the demo logins, 60 times on
    every fresh `make run`. The demo login gets its password from seed_demo.
    """
    User = get_user_model()
    cadres = []
    first = Cadre.objects.filter(personnel_code=DEMO_CADRE_CODE, user__isnull=True).first()
    if first and not User.objects.filter(username=DEMO_CADRE_CODE).exists():
        cadres.append(first)
    if (
        not Cadre.objects.filter(user__isnull=False)
        .exclude(personnel_code=DEMO_CADRE_CODE)
        .exists()
    ):
        taken = set(
            User.objects.filter(username__startswith="CB").values_list("username", flat=True)
        )
        candidates = (
            Cadre.objects.filter(
                personnel_code__gt=DEMO_CADRE_CODE,
                personnel_code__lte=f"CB{CADRE_COUNT:06d}",
                user__isnull=True,
                email="",
                postings__end_date__isnull=True,
            )
            .select_related("agency")
            .order_by("personnel_code")
        )
        cadres += [c for c in candidates if c.personnel_code not in taken][:ACCOUNT_COUNT]
    if not cadres:
        return
    services.cadre_accounts_open(actor=SYSTEM, cadres=cadres)
    stdout.write(f"Tài khoản cán bộ: {len(cadres)} tạo mới.")


# --- Agency history and staffing (issue 4) ---


# The commune whose real 2025 merger the demo replays (from the package's old→new data).
MERGED_COMMUNE_KEY = "phuongvinhthong"
MERGER_BASIS = services.LegalBasis(
    # Demo value: the Standing Committee's resolution on An Giang's communes (June 2025).
    number="1654/NQ-UBTVQH15",
    issued_on=date(2025, 6, 16),
    issuer="Ủy ban Thường vụ Quốc hội",
)
# The Party's own bodies are set up and ended by the Party: the new communes' Party committees
# by the provincial standing committee's decisions, the district Party committees ended by
# them too. Demo values (numbers illustrative), dated as the 2025 reorganisation was.
PARTY_MERGER_BASIS = services.LegalBasis(
    number="1920-QĐ/TU",
    issued_on=date(2025, 6, 27),
    issuer="Ban Thường vụ Tỉnh ủy Kiên Giang",
)
DISTRICTS_BASIS = services.LegalBasis(
    number="1935-QĐ/TU",
    issued_on=date(2025, 6, 30),
    issuer="Ban Thường vụ Tỉnh ủy Kiên Giang",
)
DISTRICTS_NOTE = (
    "Kết thúc hoạt động của đảng bộ huyện, thành phố; từ 01/07/2025 không tổ chức cấp huyện "
    "(Nghị quyết 203/2025/QH15 sửa đổi Hiến pháp; Luật Tổ chức chính quyền địa phương "
    "72/2025/QH15). Số quyết định là dữ liệu mẫu."
)
MERGER_CADRES_PER_BODY = 3
# (code prefix, name prefix, kind code): the three bodies every commune gets.
COMMUNE_BODIES = [
    ("DU", "Đảng ủy", "dang-uy"),
    ("UBND", "Ủy ban nhân dân", "uy-ban-nhan-dan"),
    ("MTTQ", "Ủy ban MTTQ Việt Nam", "uy-ban-mttq"),
]


def seed_real_communes(stdout) -> int:
    """The 102 communes, wards and special zones of An Giang from `vietnamadminunits`, each
    with its party committee, people's committee and Front committee; the registry's own ten
    are reused (matched by code) and get their real 5-digit codes."""
    kinds = {k.code: k for k in AgencyKind.objects.all()}
    existing = {
        a.code: a
        for a in Agency.objects.filter(code__regex=r"^(DU|UBND|MTTQ)-").select_related("kind")
    }
    province = Agency.objects.get(code="TU-AG")
    created, coded = 0, []
    for unit in places.province_units():
        party_code = f"DU-{unit.slug}"
        for prefix, title, kind in COMMUNE_BODIES:
            code = f"{prefix}-{unit.slug}"
            agency = existing.get(code)
            if agency is None:
                existing[code] = services.agency_create(
                    actor=SYSTEM,
                    parent=province if prefix == "DU" else existing[party_code],
                    code=code,
                    name=f"{title} {unit.where}",
                    kind=kinds[kind],
                    admin_code=unit.code,
                    admin_code_list=CURRENT_ADMIN_CODE_LIST,
                    valid_from=TWO_TIER_START,
                )
                created += 1
            elif agency.valid_to is None and agency.admin_code != unit.code:
                coded.append(
                    services.agency_update(
                        actor=SYSTEM,
                        agency=agency,
                        kind=agency.kind,
                        admin_code=unit.code,
                        admin_code_list=CURRENT_ADMIN_CODE_LIST,
                        valid_from=agency.valid_from,
                    )
                )
    stdout.write(
        f"Xã, phường, đặc khu (An Giang, {len(places.province_units())} đơn vị): "
        f"{created} cơ quan tạo mới, {len(coded)} gắn mã hành chính."
    )
    return created


def seed_replayed_merger(stdout) -> None:
    """Replay a real merger of 1 July 2025: the old communes' bodies, with cadres and officers
    posted there before, merge into the new ward's bodies; the old districts are dissolved."""
    new_unit = next(u for u in places.province_units() if u.key == MERGED_COMMUNE_KEY)
    target_party = Agency.objects.get(code=f"DU-{new_unit.slug}")
    if AgencyEvent.objects.filter(links__agency=target_party, kind="merge").exists():
        stdout.write("Sáp nhập mẫu: đã có, không tạo thêm.")
        return
    old_units = places.predecessors(MERGED_COMMUNE_KEY)
    kinds = {k.code: k for k in AgencyKind.objects.all()}
    province = Agency.objects.get(code="TU-AG")
    rng = random.Random(SEED + 1)

    districts = {}
    for district in sorted({u.district for u in old_units}):
        # "Thành phố Rạch Giá" → "Thành ủy Rạch Giá"; "Huyện Hòn Đất" → "Huyện ủy Hòn Đất".
        kind_word, _sep, place = district.partition(" ")
        if kind_word == "Thành":
            place = place.removeprefix("phố ")
            name = f"Thành ủy {place}"
        else:
            name = f"{kind_word} ủy {place}"
        code = f"OLD-{fold(place).replace(' ', '').upper()}"
        districts[district] = Agency.objects.filter(code=code).first() or services.agency_create(
            actor=SYSTEM,
            parent=province,
            code=code,
            name=name,
            kind=kinds["dang-uy"],
            valid_from=date(2004, 1, 1),
        )

    bodies = {prefix: [] for prefix, _t, _k in COMMUNE_BODIES}
    for unit in old_units:
        party = None
        for prefix, title, kind in COMMUNE_BODIES:
            code = f"{prefix}-OLD-{unit.code}"
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                agency = services.agency_create(
                    actor=SYSTEM,
                    parent=districts[unit.district] if prefix == "DU" else party,
                    code=code,
                    name=f"{title} {unit.where}",
                    kind=kinds[kind],
                    admin_code=unit.code,
                    admin_code_list=places.OLD_ADMIN_CODE_LIST,
                    valid_from=date(2004, 1, 1),
                )
            party = party or agency
            bodies[prefix].append(agency)

    # Cadres serving in the old bodies since before the merger, and their officers.
    categories = {c.code: c for c in CadreCategory.objects.all()}
    responsibility = {r.code: r for r in ResponsibilityKind.objects.all()}
    job_positions = {p.code: p for p in JobPosition.objects.all()}
    titles = {t.code: t for t in LeadershipTitle.objects.all()}
    number = 9000
    for prefix, agencies in bodies.items():
        for agency in agencies:
            first = None
            for _i in range(MERGER_CADRES_PER_BODY):
                number += 1
                gender = rng.choice([Gender.MALE, Gender.FEMALE])
                name = " ".join(
                    [
                        rng.choice(FAMILY_NAMES),
                        rng.choice(MIDDLE_NAMES[gender]),
                        rng.choice(GIVEN_NAMES[gender]),
                    ]
                )
                start = _random_date(rng, date(2012, 1, 1), date(2024, 12, 31))
                # The draws keep the order of the seed's first version (the same people).
                details = services.CadreDetails(
                    full_name=name,
                    date_of_birth=_random_date(rng, date(1966, 1, 1), date(1995, 12, 31)),
                    gender=gender,
                    ethnicity=rng.choice(ETHNICITIES),
                    is_party_member=True,
                    theory_level=rng.choice(LEVELS),
                    education=rng.choice(EDUCATION),
                    category=categories.get(
                        "mttq-doan-the" if prefix == "MTTQ" else "can-bo-cap-xa"
                    ),
                )
                position = rng.choice(POSITIONS["staff"] + POSITIONS["deputy"])
                job_code, title_code = posting_codes(agency.code, position)
                cadre = services.cadre_create(
                    actor=SYSTEM,
                    personnel_code=f"CB{number:06d}",
                    details=details,
                    agency=agency,
                    position=position,
                    start_date=start,
                    job_position=job_positions.get(job_code),
                    title=titles.get(title_code),
                )
                first = first or (cadre, start)
            kind = "phu-trach-mat-tran-doan-the" if prefix == "MTTQ" else "phu-trach-dan-van"
            services.officer_assign(
                actor=SYSTEM,
                agency=agency,
                cadre=first[0],
                kind=responsibility[kind],
                start_date=first[1],
                decision_number=f"{rng.randint(10, 99)}-QĐ/ĐU",
            )

    # Units first (they end, so the party committees then have no current units to hand over).
    for prefix in ("UBND", "MTTQ", "DU"):
        services.agency_merge(
            actor=SYSTEM,
            sources=bodies[prefix],
            target=Agency.objects.get(code=f"{prefix}-{new_unit.slug}"),
            effective_date=TWO_TIER_START,
            basis=PARTY_MERGER_BASIS if prefix == "DU" else MERGER_BASIS,
            note="Sắp xếp đơn vị hành chính cấp xã năm 2025 (dữ liệu vietnamadminunits).",
        )
    for district in districts.values():
        services.agency_dissolve(
            actor=SYSTEM,
            agency=district,
            effective_date=TWO_TIER_START,
            basis=DISTRICTS_BASIS,
            note=DISTRICTS_NOTE,
        )
    names = ", ".join(u.where for u in old_units)
    stdout.write(f"Sáp nhập mẫu: {names} → {new_unit.where} (01/07/2025).")


def seed_officers(stdout) -> None:
    """Responsible officers for about three quarters of the required posts that have cadres."""
    if (
        OfficerAssignment.objects.filter(end_date__isnull=True)
        .exclude(agency__code__contains="-OLD-")
        .count()
        > 5
    ):
        stdout.write("Cán bộ phụ trách: đã có, không tạo thêm.")
        return
    rng = random.Random(SEED + 2)
    rules = {}
    for rule in StaffingRule.objects.select_related("responsibility_kind"):
        rules.setdefault(rule.agency_kind_id, []).append(rule.responsibility_kind)
    serving = {}
    for posting in (
        Posting.objects.filter(end_date__isnull=True)
        .select_related("cadre__agency")
        .order_by("cadre__personnel_code")
    ):
        serving.setdefault(posting.agency_id, []).append(posting)
    taken = set(
        OfficerAssignment.objects.filter(end_date__isnull=True).values_list("agency_id", "kind_id")
    )
    made = 0
    for agency in Agency.objects.filter(valid_to__isnull=True).order_by("path"):
        for kind in rules.get(agency.kind_id, []):
            postings = serving.get(agency.pk)
            if not postings or (agency.pk, kind.pk) in taken or rng.random() < 0.25:
                continue  # vacant: no cadre there yet, or left for the demo's coverage page
            posting = rng.choice(postings)
            services.officer_assign(
                actor=SYSTEM,
                agency=agency,
                cadre=posting.cadre,
                kind=kind,
                start_date=max(posting.start_date, TWO_TIER_START),
                decision_number=f"{rng.randint(1, 300)}-QĐ/{agency.code.split('-')[0]}",
            )
            made += 1
    stdout.write(f"Cán bộ phụ trách: {made} phân công.")


def seed_rotation_plans(stdout) -> None:
    """Rotation plans in every state inside the demo officer's commune (so it sees them)."""
    if RotationPlan.objects.exists():
        stdout.write("Kế hoạch luân chuyển: đã có, không tạo thêm.")
        return
    root = Agency.objects.get(code=OFFICER_AGENCY_CODE)
    bodies = {a.code: a for a in Agency.objects.filter(path__startswith=root.path)}
    postings = list(
        Posting.objects.filter(
            end_date__isnull=True,
            agency__code__in=["UBND-RACHGIA", "MTTQ-RACHGIA", "HDND-RACHGIA"],
        )
        .exclude(cadre__personnel_code="CB000001")
        .select_related("cadre", "agency")
        .order_by("cadre__date_of_birth")  # the oldest first: some plans show warnings
    )
    # (from, to, position, form, status, months in the rotated post): a rotation lasts at least
    # 36 months; the proposed one planned for 18 shows the warning with its basis.
    moves = [
        ("UBND-RACHGIA", "MTTQ-RACHGIA", "Phó Chủ tịch", RotationForm.ROTATION, "executed", 36),
        ("MTTQ-RACHGIA", "UBND-RACHGIA", "Phó Chủ tịch", RotationForm.REASSIGNMENT, "executed", 0),
        (
            "UBND-RACHGIA",
            "BXDD-RACHGIA",
            "Chuyên viên Ban Xây dựng Đảng",
            RotationForm.ROTATION,
            "approved",
            36,
        ),
        ("HDND-RACHGIA", "UBND-RACHGIA", "Phó Chủ tịch", RotationForm.SECONDMENT, "approved", 12),
        ("UBND-RACHGIA", "MTTQ-RACHGIA", "Phó Chủ tịch", RotationForm.ROTATION, "proposed", 18),
        (
            "MTTQ-RACHGIA",
            "DU-RACHGIA",
            "Chuyên viên Văn phòng Đảng ủy",
            RotationForm.REASSIGNMENT,
            "proposed",
            0,
        ),
        ("UBND-RACHGIA", "HDND-RACHGIA", "Phó Chủ tịch", RotationForm.SECONDMENT, "cancelled", 12),
    ]
    job_positions = {p.code: p for p in JobPosition.objects.all()}
    titles = {t.code: t for t in LeadershipTitle.objects.all()}
    # The proposed move out of the Front committee takes its only responsible officer, so the
    # plan's page warns that the move leaves the Front work there vacant.
    front_officers = set(
        OfficerAssignment.objects.filter(
            end_date__isnull=True, agency__code="MTTQ-RACHGIA"
        ).values_list("cadre_id", flat=True)
    )
    used, made = set(), 0
    for number, (source, target, position, form, status, months) in enumerate(moves, start=1):
        vacates = source == "MTTQ-RACHGIA" and status == "proposed"
        posting = next(
            (
                p
                for p in postings
                if p.agency.code == source
                and p.cadre_id not in used
                and (p.cadre_id in front_officers) == vacates
            ),
            None,
        )
        if posting is None:
            continue
        used.add(posting.cadre_id)
        planned = date(2026, 3, 1) if status == "executed" else date(2027, 1, 1)
        plan = services.rotation_plan_create(
            actor=SYSTEM,
            cadre=posting.cadre,
            to_agency=bodies[target],
            to_position=position,
            to_job_position=job_positions.get(posting_codes(target, position)[0]),
            to_title=titles.get(posting_codes(target, position)[1]),
            form=form,
            planned_date=planned,
            planned_end=planned + relativedelta(months=months) if months else None,
            reason="Đào tạo, rèn luyện qua thực tiễn ở vị trí mới.",
            basis=services.LegalBasis(
                number=f"{number}-QĐ/ĐU" if status != "proposed" else "",
                issued_on=date(2026, 1, 15) if status != "proposed" else None,
                issuer="Ban Thường vụ Đảng ủy phường Rạch Giá" if status != "proposed" else "",
            ),
        )
        if status in ("approved", "executed"):
            services.rotation_plan_approve(actor=SYSTEM, plan=plan)
        if status == "executed":
            services.rotation_plan_execute(actor=SYSTEM, plan=plan)
        if status == "cancelled":
            services.rotation_plan_cancel(
                actor=SYSTEM, plan=plan, reason="Đơn vị đến chưa có nhu cầu."
            )
        made += 1
    stdout.write(f"Kế hoạch luân chuyển: {made} tạo mới.")


def seed_planning(stdout) -> None:
    """The commune's planning register for 2025–2030: four cadres on one title (one more than
    the limit, so the warning shows), the oldest cadre planned late (service left), a removal
    kept with its reason. Gaps come from the training requirements of the titles."""
    if PlanningEntry.objects.exists():
        stdout.write("Quy hoạch: đã có, không tạo thêm.")
        return
    bodies = {a.code: a for a in Agency.objects.filter(code__in=["UBND-RACHGIA", "MTTQ-RACHGIA"])}
    if len(bodies) < 2:
        return
    titles = {t.code: t for t in LeadershipTitle.objects.all()}
    serving = list(
        Cadre.objects.filter(postings__end_date__isnull=True, agency__code__in=list(bodies))
        .exclude(personnel_code="CB000001")
        .order_by("personnel_code")
    )
    oldest = min(serving, key=lambda c: c.date_of_birth, default=None)
    younger = [c for c in serving if c != oldest]
    decision = services.LegalBasis(
        number="15-QĐ/ĐU",
        issued_on=date(2025, 10, 20),
        issuer="Ban Thường vụ Đảng ủy phường Rạch Giá",
    )
    places = [
        *[("UBND-RACHGIA", "chu-tich-ubnd", c) for c in younger[:4]],
        *[("UBND-RACHGIA", "pho-chu-tich-ubnd", c) for c in (younger[4:5] + [oldest])],
        *[("MTTQ-RACHGIA", "pho-chu-tich-mttq", c) for c in younger[5:7]],
    ]
    made = []
    for agency_code, title_code, cadre in places:
        if cadre is None or title_code not in titles:
            continue
        made.append(
            services.planning_add(
                actor=SYSTEM,
                cadre=cadre,
                agency=bodies[agency_code],
                title=titles[title_code],
                term_start=2025,
                term_end=2030,
                basis=decision,
                reason="Nguồn cán bộ tại chỗ, đánh giá hoàn thành tốt nhiệm vụ.",
            )
        )
    if made:
        services.planning_remove(
            actor=SYSTEM,
            entry=made[-1],
            reason="Xếp loại không hoàn thành nhiệm vụ năm 2025 (quy hoạch “động”).",
            removed_on=date(2026, 1, 20),
            decision_number="22-QĐ/ĐU",
        )
    stdout.write(f"Quy hoạch: {len(made)} cán bộ đưa vào, 1 đưa ra.")


# Who sees what (username, agency code or None for the whole province, agency kind codes, note):
# the commune's officer its subtree; the provincial Front officer every Front committee and
# member organisation down to the communes; the home affairs officer every commune People's
# Committee and their own department; a leader of the province everything, read only.
DEMO_SCOPES = [
    ("tochuc", OFFICER_AGENCY_CODE, [], "Ban Tổ chức Đảng ủy phường Rạch Giá"),
    (
        "mattran",
        None,
        ["uy-ban-mttq", "to-chuc-chinh-tri-xa-hoi"],
        "Theo dõi Mặt trận và các đoàn thể chính trị - xã hội đến cấp xã",
    ),
    ("noivu", "TU-AG", ["uy-ban-nhan-dan"], "Theo dõi cán bộ, công chức cấp xã"),
    ("noivu", "UBND-AG-SNV", [], "Cán bộ, công chức của Sở Nội vụ"),
    ("lanhdao", None, [], "Phó Bí thư Tỉnh ủy theo dõi kết quả toàn tỉnh"),
    ("thamdinh", "TU-AG-BTGDV", [], "Thẩm định mô hình “Dân vận khéo” cấp tỉnh"),
    ("thamdinhxa", "BXDD-RACHGIA", [], "Thẩm định mô hình “Dân vận khéo” của phường Rạch Giá"),
]


def seed_scopes(stdout) -> None:
    """The demo officers' and leader's scopes, granted by the system to those holding none."""
    User = get_user_model()
    kinds = {k.code: k for k in AgencyKind.objects.all()}
    users = {u.username: u for u in User.objects.filter(username__in={s[0] for s in DEMO_SCOPES})}
    holding = set(
        Scope.objects.filter(user__in=users.values(), withdrawn_at__isnull=True).values_list(
            "user__username", flat=True
        )
    )
    granted = 0
    for username, agency_code, kind_codes, note in DEMO_SCOPES:
        if username not in users or username in holding:
            continue
        services.scope_grant(
            actor=SYSTEM,
            user=users[username],
            agency=Agency.objects.get(code=agency_code) if agency_code else None,
            kinds=[kinds[code] for code in kind_codes],
            note=note,
        )
        granted += 1
    if granted:
        stdout.write(f"Phạm vi theo dõi: {granted} cấp mới.")


def seed_registry(stdout) -> None:
    """Agencies, cadres, postings, accounts, the real communes with a replayed merger, officers
    and rotation plans; a second run changes nothing."""
    agencies = seed_agencies(stdout)
    seed_cadres(stdout, agencies)
    seed_agencies(stdout, _party_building_specs())
    seed_accounts(stdout)
    seed_real_communes(stdout)
    seed_replayed_merger(stdout)
    seed_scopes(stdout)
    seed_officers(stdout)
    seed_rotation_plans(stdout)
    seed_record_views(stdout)
    seed_planning(stdout)


def seed_record_views(stdout) -> None:
    """The officer of the demo ward has opened a few records: the log of views (Law
    91/2025/QH15) has something to show the coordinator; a second run adds nothing."""
    officer = get_user_model().objects.filter(username="tochuc").first()
    if officer is None or AuditEntry.objects.filter(action=AuditAction.VIEWED).exists():
        return
    cadres = Cadre.objects.filter(change_scope_for(officer).agency_q("agency__")).order_by(
        "personnel_code"
    )[:3]
    for cadre in cadres:
        audit.record_view(viewer=officer, cadre=cadre, page="cadre_detail")
    if cadres:
        stdout.write(f"Nhật ký xem hồ sơ: {len(cadres)} lượt xem mẫu.")
