"""Demo data of the registry, called by `seed_demo` (training): An Giang's tree and 2,000 cadres."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cadres.imports import CURRENT_ADMIN_CODE_LIST
from cadres.models import Agency, AgencyKind, Cadre, CadreCategory, Gender, Posting
from cadres.models import PoliticalTheoryLevel as Level
from cadres.roles import Role
from cadres.text import fold

SEED = 2026
CADRE_COUNT = 2000
ACCOUNT_COUNT = 60  # demo accounts besides CB000001's
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
        for number in (1, 2, 3):
            specs.append(
                (
                    party,
                    f"TDV-{slug}-{number:02d}",
                    f"Tổ dân vận khu phố {number}, {where}",
                    "to-dan-van",
                    "",
                    TWO_TIER_START,
                )
            )
    return specs


def seed_agencies(stdout) -> dict[str, Agency]:
    existing = {a.code: a for a in Agency.objects.all()}
    kinds = {k.code: k for k in AgencyKind.objects.all()}
    created = 0
    for parent_code, code, name, kind, admin_code, valid_from in _agency_specs():
        if code in existing:
            continue
        fields = {
            "code": code,
            "name": name,
            "kind": kinds[kind],
            "admin_code": admin_code,
            "admin_code_list": CURRENT_ADMIN_CODE_LIST if admin_code else "",
            "valid_from": valid_from,
        }
        parent = existing.get(parent_code) if parent_code else None
        existing[code] = parent.add_child(**fields) if parent else Agency.add_root(**fields)
        created += 1
    stdout.write(f"Đơn vị: {created} tạo mới, {len(existing)} tổng cộng.")
    return existing


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days + 1))


def seed_cadres(stdout, agencies: dict[str, Agency]) -> None:
    if Cadre.objects.filter(personnel_code=f"CB{CADRE_COUNT:06d}").exists():
        stdout.write(f"Cán bộ: đã có ({Cadre.objects.count()}), không tạo thêm.")
        return
    rng = random.Random(SEED)
    categories = {c.code: c for c in CadreCategory.objects.all()}
    teams = [a for a in agencies.values() if a.code.startswith("TDV-")]
    commune_agencies = [
        a for a in agencies.values() if a.valid_from == TWO_TIER_START and a not in teams
    ]
    provincial = [a for a in agencies.values() if a.valid_from is None]
    existing_codes = set(Cadre.objects.values_list("personnel_code", flat=True))

    cadres, postings = [], []
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
        cadre = Cadre(
            personnel_code=code,
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
            agency=agency,
        )
        cadre.fill_derived_names()
        cadres.append(cadre)
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
        earlier = []
        if rng.random() < 0.15 and number != 1:
            # A transfer: an earlier post in a provincial agency ended the day this one started.
            first_start = _random_date(rng, date(2005, 1, 1), start - timedelta(days=400))
            earlier.append(
                (rng.choice(provincial), rng.choice(POSITIONS["staff"]), first_start, start)
            )
        left = number != 1 and rng.random() < 0.01
        end = _random_date(rng, start, date(2026, 6, 30)) if left else None
        postings.append((cadre, earlier, agency, position, start, end))

    Cadre.objects.bulk_create(cadres, batch_size=500)
    rows = []
    for cadre, earlier, agency, position, start, end in postings:
        for old_agency, old_position, old_start, old_end in earlier:
            rows.append(
                Posting(
                    cadre=cadre,
                    agency=old_agency,
                    position=old_position,
                    start_date=old_start,
                    end_date=old_end,
                )
            )
        rows.append(
            Posting(cadre=cadre, agency=agency, position=position, start_date=start, end_date=end)
        )
    Posting.objects.bulk_create(rows, batch_size=500)
    stdout.write(f"Cán bộ: {len(cadres)} tạo mới, {len(rows)} lượt công tác.")


def seed_accounts(stdout) -> None:
    """Link the demo cadre login to CB000001, scope the demo officer, open a few accounts."""
    User = get_user_model()
    first = Cadre.objects.filter(personnel_code="CB000001").first()
    demo_cadre_user = User.objects.filter(username="CB000001").first()
    if first and demo_cadre_user and first.user_id is None:
        first.user = demo_cadre_user
        first.save(update_fields=["user"])
    User.objects.filter(username="tochuc", agency__isnull=True).update(
        agency=Agency.objects.get(code=OFFICER_AGENCY_CODE)
    )
    codes = [f"CB{n:06d}" for n in range(2, ACCOUNT_COUNT + 2)]
    if User.objects.filter(username__in=codes).exists():
        return
    cadres = list(Cadre.objects.filter(personnel_code__in=codes, user__isnull=True))
    users = []
    for cadre in cadres:
        family, _sep, given = cadre.full_name.rpartition(" ")
        user = User(
            username=cadre.personnel_code, email=cadre.email, first_name=given, last_name=family
        )
        user.set_unusable_password()  # the cadre sets it through the link the officer hands over
        users.append(user)
    User.objects.bulk_create(users)
    by_name = {u.username: u for u in User.objects.filter(username__in=codes)}
    group = Group.objects.get(name=Role.CADRE.value)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=group.pk) for u in by_name.values()]
    )
    for cadre in cadres:
        cadre.user = by_name[cadre.personnel_code]
    Cadre.objects.bulk_update(cadres, ["user"])
    stdout.write(f"Tài khoản cán bộ: {len(users)} tạo mới.")


def seed_registry(stdout) -> None:
    """Agencies, cadres, postings and a few accounts; a second run changes nothing."""
    agencies = seed_agencies(stdout)
    seed_cadres(stdout, agencies)
    seed_accounts(stdout)
