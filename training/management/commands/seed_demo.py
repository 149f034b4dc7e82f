"""Load demo data: one login per role and the portal's home page. Safe to run again."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from cadres.demo import DEMO_CADRE_CODE, seed_registry
from cadres.roles import Role
from curriculum.demo import seed_content
from curriculum.emulation.demo import seed_emulation
from training.demo import (
    seed_capacity,
    seed_training,
    seed_training_plans,
    seed_training_year,
)

DEMO_PASSWORD = "Demo@2026"

# username, email, full name, role (None = superuser). The demo cadre's login is not here: the
# registry opens it (seed_registry, through the account service), and it gets its password below.
DEMO_USERS = [
    ("admin", "admin@demo.dandan.vn", ("Quản trị", "Hệ thống"), None),
    ("dieuphoi", "dieuphoi@demo.dandan.vn", ("Lan", "Trần Thị"), Role.COORDINATOR),
    ("tochuc", "tochuc@demo.dandan.vn", ("Hùng", "Lê Văn"), Role.PERSONNEL_OFFICER),
    # Scopes along the vertical lines (cadres.demo.DEMO_SCOPES): the provincial Front's
    # officer, the department of home affairs' officer, and a leader who only reads.
    ("mattran", "mattran@demo.dandan.vn", ("Hạnh", "Nguyễn Thị"), Role.PERSONNEL_OFFICER),
    ("noivu", "noivu@demo.dandan.vn", ("Phong", "Đặng Quốc"), Role.PERSONNEL_OFFICER),
    ("lanhdao", "lanhdao@demo.dandan.vn", ("Thành", "Huỳnh Văn"), Role.LEADER),
    # A teacher of the provincial political school, named to run its classes held in person.
    ("giangvien", "giangvien@demo.dandan.vn", ("Tâm", "Nguyễn Văn"), Role.CLASS_STAFF),
    # "Dân vận khéo" assessors: of the Tỉnh ủy's Ban Tuyên giáo và Dân vận, and of the Ban Xây
    # dựng Đảng of phường Rạch Giá's Đảng ủy (scopes in cadres.demo.DEMO_SCOPES).
    ("thamdinh", "thamdinh@demo.dandan.vn", ("Bình", "Lâm Thanh"), Role.ASSESSOR),
    ("thamdinhxa", "thamdinhxa@demo.dandan.vn", ("Yến", "Châu Thị"), Role.ASSESSOR),
    ("bientap", "bientap@demo.dandan.vn", ("Mai", "Phạm Thị"), Role.EDITOR),
    ("kiemduyet", "kiemduyet@demo.dandan.vn", ("Đức", "Võ Minh"), Role.MODERATOR),
]


class Command(BaseCommand):
    help = "Create (or refresh) the demo data and print the demo logins."

    def handle(self, *args, **options):
        users = self.seed()
        # After the commit, so the logins are the last lines even when the demo's notices are
        # printed by the development email backend as they leave the outbox.
        self.stdout.write(self.style.SUCCESS("Dữ liệu mẫu đã sẵn sàng. Tài khoản dùng thử:"))
        for username, role in users:
            self.stdout.write(f"  {role:<34} {username:<12} mật khẩu: {DEMO_PASSWORD}")

    @transaction.atomic
    def seed(self) -> list[tuple[str, str]]:
        users = self.seed_users()
        seed_registry(self.stdout)
        users.append(self.seed_cadre_login())
        seed_content(self.stdout)
        seed_training(self.stdout)
        seed_emulation(self.stdout)
        seed_capacity(self.stdout)
        seed_training_plans(self.stdout)
        seed_training_year(self.stdout)
        return users

    def seed_users(self) -> list[tuple[str, str]]:
        User = get_user_model()
        printed = []
        for username, email, (first, last), role in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": email, "first_name": first, "last_name": last},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
            if role is None:
                user.is_superuser = True
                user.is_staff = True
            user.save()
            if role is not None:
                user.groups.add(Group.objects.get(name=role.value))
            printed.append((username, str(role.label) if role else "Quản trị hệ thống"))
        return printed

    def seed_cadre_login(self) -> tuple[str, str]:
        """The demo password on the demo cadre's account (opened without one, like any other)."""
        user = get_user_model().objects.get(username=DEMO_CADRE_CODE)
        if not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return DEMO_CADRE_CODE, str(Role.CADRE.label)
