"""Fill a freshly migrated database with a province-scale, synthetic data set for benchmarks.

    python manage.py seed_scale --cadres 100000 --enrolments 1000000

Everything is marked synthetic (codes start with SYN-, the province is "Tỉnh Tổng hợp") and
written with bulk inserts, outside the services on purpose: the services' per-row history and
checks would take hours at this size, and nothing here is a real record. Never run it on a
database that holds real data: it refuses when SYN- agencies already exist or when the
registry has other cadres.

The set: about 3,300 agencies (a province, departments, communes with their Party committee,
People's Committee and Front committee), of which some communes were merged into a neighbour
and some split in two on 01/07/2025 with their events; cadres with postings (closed at the
merger and reopened at the successor), classes of a score of courses, enrolments (most
completed, over three years), training done elsewhere, certificates, yearly hours targets and
responsible officers; yearly training plans of most agencies (most approved, some submitted,
drafted or returned) with their items, and classes linked to approved items of their year and
course (plan against actual).
"""

import random
import time
from datetime import date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page

from cadres import user_state
from cadres.list_cache import bump_registry_version
from cadres.models import (
    Agency,
    AgencyEvent,
    AgencyEventKind,
    AgencyEventLink,
    AgencyEventRole,
    AgencyKind,
    Cadre,
    CadreCategory,
    EthnicGroup,
    Gender,
    OfficerAssignment,
    Posting,
    ResponsibilityKind,
)
from curriculum.choices import CaseField, CaseKind, ContentKind, RecognitionLevel
from curriculum.emulation.models import Decision, Registration, Replication
from curriculum.models import CatalogPage, CoursePage, HomePage
from training.models import (
    Certificate,
    DocumentFormat,
    Enrolment,
    EnrolmentStatus,
    ExternalTraining,
    HoursTarget,
    IssuingBody,
    Offering,
    OfferingMode,
    TrainingPlan,
    TrainingPlanItem,
    TrainingPlanStatus,
    TrainingRequirement,
)

MERGER_DAY = date(2025, 7, 1)
YEARS = (2024, 2025, 2026)
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh", "Quốc", "Kim"]
GIVEN = ["An", "Ánh", "Bảo", "Cường", "Dũng", "Đức", "Giang", "Hà", "Hùng", "Lan", "Mai", "Yến"]
ETHNIC = ["01"] * 17 + ["05", "06", "14"]  # Kinh, and Khmer, Hoa, Chăm
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's default path alphabet
BATCH = 5000


def _segment(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(Agency.steplen, "0")


class Command(BaseCommand):
    help = "Fill a fresh database with a synthetic province-scale data set (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--cadres", type=int, default=100_000)
        parser.add_argument("--enrolments", type=int, default=1_000_000)
        parser.add_argument("--communes", type=int, default=1_100)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        if Agency.objects.filter(code__startswith="SYN-").exists() or Cadre.objects.exists():
            raise CommandError(
                "seed_scale fills a freshly migrated database only (cadres or SYN- agencies "
                "already exist)."
            )
        self.rng = random.Random(options["seed"])
        self.started = time.monotonic()
        with transaction.atomic():
            self._agencies(options["communes"])
            self._cadres(options["cadres"])
            self._courses()
            self._enrolments(options["enrolments"])
            self._outside_training(options["cadres"] // 2)
            self._certificates()
            self._targets_and_officers()
            self._requirements()
            self._registrations()
            self._plans()
            bump_registry_version()  # written in bulk, without signals
            user_state.changed_for_everyone()
        self._say("done")

    def _say(self, what: str) -> None:
        self.stdout.write(f"[{time.monotonic() - self.started:6.1f} s] {what}")

    # --- Agencies, with mergers and splits ----------------------------------------------------

    def _agencies(self, communes: int) -> None:
        kinds = {k.code: k for k in AgencyKind.objects.all()}
        rows: list[Agency] = []
        roots = Agency.get_root_nodes().count()

        def add(parent: Agency | None, code, name, kind, admin_code=""):
            if parent is None:
                path, depth = _segment(roots + 1), 1
            else:
                parent.numchild += 1
                path, depth = parent.path + _segment(parent.numchild), parent.depth + 1
            agency = Agency(
                code=code,
                name=name,
                kind=kinds[kind],
                admin_code=admin_code,
                admin_code_list="SYN" if admin_code else "",
                path=path,
                depth=depth,
                numchild=0,
            )
            rows.append(agency)
            return agency

        root = add(None, "SYN-TU", "Tỉnh ủy Tổng hợp (dữ liệu tổng hợp)", "tinh-uy", "99")
        for i in range(1, 21):
            add(root, f"SYN-SO-{i:02d}", f"Sở Tổng hợp {i}", "so-ban-nganh")
        self.communes = []
        for i in range(communes):
            party = add(
                root, f"SYN-DU-{i:04d}", f"Đảng ủy xã Tổng hợp {i}", "dang-uy", f"{90000 + i:05d}"
            )
            ubnd = add(party, f"SYN-UB-{i:04d}", f"UBND xã Tổng hợp {i}", "uy-ban-nhan-dan")
            front = add(party, f"SYN-MT-{i:04d}", f"Ủy ban MTTQ xã Tổng hợp {i}", "uy-ban-mttq")
            self.communes.append((party, ubnd, front))
        Agency.objects.bulk_create(rows, batch_size=BATCH)
        ids = dict(Agency.objects.filter(code__startswith="SYN-").values_list("code", "pk"))
        for agency in rows:
            agency.pk = ids[agency.code]
        self.root = root
        # One commune People's Committee in ten merged into the next commune's; one in a
        # hundred split between the next two (rolled up, it counts under the first).
        self.successor: dict[int, int] = {}
        events, event_links, ended = [], [], []
        for i in range(0, communes - 2, 10):
            source, target = self.communes[i][1], self.communes[i + 1][1]
            split = i % 100 == 0
            events.append(
                AgencyEvent(
                    kind=AgencyEventKind.SPLIT if split else AgencyEventKind.MERGE,
                    effective_date=MERGER_DAY,
                    basis_number=f"SYN-{i}/NQ",
                    basis_issuer="HĐND tỉnh (dữ liệu tổng hợp)",
                )
            )
            targets = [target, self.communes[i + 2][1]] if split else [target]
            event_links.append(
                [(source, AgencyEventRole.SOURCE)] + [(t, AgencyEventRole.TARGET) for t in targets]
            )
            self.successor[source.pk] = target.pk
            source.valid_to = MERGER_DAY - timedelta(days=1)
            ended.append(source)
        AgencyEvent.objects.bulk_create(events)
        AgencyEventLink.objects.bulk_create(
            AgencyEventLink(event=event, agency=agency, role=role)
            for event, links in zip(events, event_links, strict=True)
            for agency, role in links
        )
        Agency.objects.bulk_update(ended, ["valid_to"], batch_size=BATCH)
        self.agencies = rows
        self._say(f"{len(rows)} agencies, {len(events)} mergers and splits")

    # --- Cadres and postings ----------------------------------------------------------------

    def _cadres(self, count: int) -> None:
        rng = self.rng
        categories = [c.pk for c in CadreCategory.objects.all()]
        groups = {g.code: g for g in EthnicGroup.objects.all()}
        every = [a.pk for a in self.agencies if a.depth > 1]
        self.cadre_ids: list[int] = []
        self.cadre_then: list[int] = []  # the agency before the merger (or the same)
        self.cadre_now: list[int] = []
        for offset in range(0, count, BATCH):
            cadres = []
            for number in range(offset, min(offset + BATCH, count)):
                first = rng.choice(every)
                woman = rng.random() < 0.45
                cadre = Cadre(
                    personnel_code=f"SYN{number:07d}",
                    full_name=f"{rng.choice(FAMILY)} {'Thị' if woman else rng.choice(MIDDLE)} "
                    f"{rng.choice(GIVEN)}",
                    date_of_birth=date(1966, 1, 1) + timedelta(days=rng.randrange(13000)),
                    gender=Gender.FEMALE if woman else Gender.MALE,
                    ethnic_group=(group := groups[rng.choice(ETHNIC)]),
                    ethnicity=group.name,
                    category_id=rng.choice(categories),
                    agency_id=self.successor.get(first, first),
                )
                cadre.fill_derived_names()
                cadre.first_agency = first
                cadres.append(cadre)
            _insert(Cadre, cadres)
            ids = dict(
                Cadre.objects.filter(
                    personnel_code__in=[c.personnel_code for c in cadres]
                ).values_list("personnel_code", "pk")
            )
            postings = []
            for cadre in cadres:
                cadre.pk = ids[cadre.personnel_code]
                self.cadre_ids.append(cadre.pk)
                self.cadre_then.append(cadre.first_agency)
                self.cadre_now.append(cadre.agency_id)
                start = date(2020, 1, 1)
                if cadre.first_agency != cadre.agency_id:  # posted in a merged agency
                    postings.append(
                        Posting(
                            cadre=cadre,
                            agency_id=cadre.first_agency,
                            position="Chuyên viên",
                            start_date=start,
                            end_date=MERGER_DAY - timedelta(days=1),
                        )
                    )
                    start = MERGER_DAY
                postings.append(
                    Posting(
                        cadre=cadre,
                        agency_id=cadre.agency_id,
                        position="Chuyên viên",
                        start_date=start,
                    )
                )
            _insert(Posting, postings)
        self._say(f"{count} cadres with postings")

    # --- Courses, classes, enrolments -------------------------------------------------------

    def _courses(self) -> None:
        home = HomePage.objects.first() or Page.objects.get(depth=1)
        catalog = home.add_child(
            instance=CatalogPage(title="Khóa học tổng hợp", slug="syn-khoa-hoc", live=False)
        )
        kinds = ContentKind.values
        self.courses = []
        for i in range(20):
            course = catalog.add_child(
                instance=CoursePage(
                    title=f"Khóa học tổng hợp {i + 1}",
                    slug=f"syn-khoa-{i + 1}",
                    code=f"SYN-K{i + 1:02d}",
                    summary="Dữ liệu tổng hợp cho đo hiệu năng.",
                    content_kind=kinds[i % len(kinds)],
                    periods=8 + 4 * (i % 6),
                    live=False,
                )
            )
            self.courses.append(course)
        self._say("20 courses")

    def _enrolments(self, count: int) -> None:
        rng = self.rng
        per_class = 500
        cadres = len(self.cadre_ids)
        offerings = []
        for k in range((count + per_class - 1) // per_class):
            year = YEARS[k % len(YEARS)]
            start = date(year, 1, 10) + timedelta(days=rng.randrange(330))
            offerings.append(
                Offering(
                    course=self.courses[k % len(self.courses)],
                    code=f"SYN-L{k:05d}",
                    mode=OfferingMode.ONLINE,
                    organiser=self.root,
                    start_date=start,
                    end_date=start + timedelta(days=20),
                    capacity=per_class,
                    enrol_opens=start - timedelta(days=20),
                    enrol_closes=start,
                    approval_required=False,
                )
            )
        Offering.objects.bulk_create(offerings, batch_size=BATCH)
        ids = dict(Offering.objects.filter(code__startswith="SYN-L").values_list("code", "pk"))
        made = 0
        batch = []
        for k, offering in enumerate(offerings):
            offering.pk = ids[offering.code]
            course = self.courses[k % len(self.courses)]
            for j in range(min(per_class, count - made)):
                index = (k * 7919 + j) % cadres
                done = rng.random() < 0.75
                finished = offering.end_date + timedelta(days=rng.randrange(10))
                agency = self.cadre_then[index] if finished < MERGER_DAY else self.cadre_now[index]
                batch.append(
                    Enrolment(
                        offering_id=offering.pk,
                        cadre_id=self.cadre_ids[index],
                        status=EnrolmentStatus.COMPLETED if done else EnrolmentStatus.APPROVED,
                        requested_at=_aware(offering.enrol_opens),
                        completed_at=_aware(finished) if done else None,
                        hours_credited=course.periods if done else 0,
                        agency_id=agency if done else None,
                    )
                )
                made += 1
            if len(batch) >= 20_000:
                _insert(Enrolment, batch)
                batch = []
        _insert(Enrolment, batch)
        self.offerings = offerings
        self._say(f"{len(offerings)} classes, {made} enrolments")

    def _outside_training(self, count: int) -> None:
        rng = self.rng
        kinds = ContentKind.values
        rows = []
        for n in range(count):
            index = rng.randrange(len(self.cadre_ids))
            end = date(rng.choice(YEARS), 1, 1) + timedelta(days=rng.randrange(360))
            rows.append(
                ExternalTraining(
                    cadre_id=self.cadre_ids[index],
                    title="Chương trình tổng hợp",
                    institution="Cơ sở đào tạo tổng hợp",
                    content_kind=kinds[n % len(kinds)],
                    hours=rng.choice([8, 16, 24, 40]),
                    start_date=end - timedelta(days=10),
                    end_date=end,
                    agency_id=self.cadre_then[index] if end < MERGER_DAY else self.cadre_now[index],
                )
            )
        _insert(ExternalTraining, rows)
        self._say(f"{count} records of training elsewhere")

    def _certificates(self) -> None:
        """A certificate for every completion of one class in four (a few revoked)."""
        body = IssuingBody.objects.create(
            code="syn-body",
            name="Cơ quan cấp tổng hợp",
            document_format=DocumentFormat.objects.get(code="nha-nuoc"),
            heading_name="CƠ QUAN CẤP TỔNG HỢP",
            place_name="Tổng hợp",
            signer_title="Giám đốc",
            signer_name="Người ký tổng hợp",
        )
        serials: dict[int, int] = {}
        made = 0
        classes = [o.pk for o in self.offerings[::4]]
        done = (
            Enrolment.objects.filter(offering_id__in=classes, status=EnrolmentStatus.COMPLETED)
            .values_list("pk", "completed_at", "hours_credited", "offering__start_date")
            .order_by("pk")
        )
        rows = []
        for pk, completed_at, hours, start in done.iterator(chunk_size=BATCH):
            issued = timezone.localtime(completed_at).date()
            serial = serials[issued.year] = serials.get(issued.year, 0) + 1
            revoked = self.rng.random() < 0.01
            rows.append(
                Certificate(
                    enrolment_id=pk,
                    body=body,
                    year=issued.year,
                    serial=serial,
                    number=f"{serial:06d}/{issued.year}/SYN",
                    holder_name="(tổng hợp)",
                    holder_birth_date=date(1980, 1, 1),
                    holder_agency="(tổng hợp)",
                    course_title="(tổng hợp)",
                    hours=hours,
                    course_start=start,
                    course_end=min(start + timedelta(days=20), issued),
                    heading="",
                    issuer_name=body.name,
                    place_date="Tổng hợp",
                    issued_on=issued,
                    expires_on=issued + timedelta(days=3 * 365),
                    signer_name=body.signer_name,
                    signer_title=body.signer_title,
                    revoked_at=_aware(issued + timedelta(days=30)) if revoked else None,
                    revoke_reason="Dữ liệu tổng hợp" if revoked else "",
                )
            )
            if len(rows) >= 20_000:
                _insert(Certificate, rows)
                made += len(rows)
                rows = []
        _insert(Certificate, rows)
        made += len(rows)
        self._say(f"{made} certificates")

    def _targets_and_officers(self) -> None:
        HoursTarget.objects.bulk_create(
            [
                HoursTarget(category=category, year=year, hours=40)
                for category in CadreCategory.objects.all()
                for year in YEARS
            ],
            ignore_conflicts=True,
        )
        kind = ResponsibilityKind.objects.order_by("sort_order").first()
        by_agency: dict[int, int] = {}
        for pk, agency in zip(self.cadre_ids, self.cadre_now, strict=True):
            by_agency.setdefault(agency, pk)
        if kind is not None:
            OfficerAssignment.objects.bulk_create(
                [
                    OfficerAssignment(
                        cadre_id=cadre, agency_id=agency, kind=kind, start_date=MERGER_DAY
                    )
                    for agency, cadre in by_agency.items()
                    if self.rng.random() < 0.8
                ],
                batch_size=BATCH,
            )
        self._say("hours targets and responsible officers")

    def _requirements(self) -> None:
        """Two requirements for the responsible officer: a course, and periods of a kind."""
        kind = ResponsibilityKind.objects.order_by("sort_order").first()
        if kind is None:
            return
        TrainingRequirement.objects.create(
            name="Khóa bắt buộc (tổng hợp)",
            course=self.courses[0],
            responsibility_kind=kind,
            validity_years=3,
            basis="Dữ liệu tổng hợp",
            is_example=True,
        )
        TrainingRequirement.objects.create(
            name="Số tiết lý luận chính trị (tổng hợp)",
            content_kind=ContentKind.POLITICAL_THEORY,
            periods=16,
            responsibility_kind=kind,
            basis="Dữ liệu tổng hợp",
            is_example=True,
        )
        self._say("training requirements")

    def _registrations(self) -> None:
        """A "Dân vận khéo" registration a year for one commune in two, one in three of them
        recognised, and replications of the recognised models by the next commune."""
        rng = self.rng
        rows = []
        for year in YEARS:
            for i, (_party, ubnd, _front) in enumerate(self.communes[::2]):
                if ubnd.valid_to is not None:
                    continue
                registration = Registration(
                    year=year,
                    case_kind=CaseKind.MODEL,
                    field=CaseField.values[i % len(CaseField.values)],
                    title=f"Mô hình tổng hợp {year}-{i}",
                    lead_agency_id=ubnd.pk,
                    assessing_body_id=self.root.pk,
                    goals="Dữ liệu tổng hợp",
                    start_date=date(year, 2, 1),
                    registered_at=_aware(date(year, 2, 1) + timedelta(days=rng.randrange(60))),
                )
                if i % 3 == 0:
                    registration.status = "recognised"
                    registration.recognition_level = RecognitionLevel.COMMUNE
                rows.append(registration)
        _insert(Registration, rows)
        ids = dict(Registration.objects.filter(goals="Dữ liệu tổng hợp").values_list("title", "pk"))
        decisions, replications = [], []
        next_commune = {
            c[1].pk: self.communes[(n + 1) % len(self.communes)][1]
            for n, c in enumerate(self.communes)
        }
        for registration in rows:
            if registration.status != "recognised":
                continue
            pk = ids[registration.title]
            decisions.append(
                Decision(
                    registration_id=pk,
                    recognised=True,
                    level=RecognitionLevel.COMMUNE,
                    number=f"SYN-{pk}/QĐ",
                    decided_on=date(registration.year, 10, 1),
                )
            )
            adopter = next_commune[registration.lead_agency_id]
            if adopter.valid_to is None:
                replications.append(
                    Replication(
                        source_id=pk,
                        agency_id=adopter.pk,
                        started_on=date(registration.year, 11, 1),
                    )
                )
        _insert(Decision, decisions)
        _insert(Replication, replications)
        self._say(f"{len(rows)} Dân vận khéo registrations, {len(decisions)} recognised")

    # --- Yearly training plans, and the classes that carry out their items --------------------

    def _plans(self) -> None:
        """A plan a year for three agencies in five (those live that year): most approved, some
        submitted, drafted or returned, each with two to five items (a course, or a content kind
        for a category); one class in two carries out an approved item of its year and course."""
        rng = self.rng
        statuses = [TrainingPlanStatus.APPROVED] * 14 + [
            TrainingPlanStatus.SUBMITTED,
            TrainingPlanStatus.SUBMITTED,
            TrainingPlanStatus.SUBMITTED,
            TrainingPlanStatus.DRAFT,
            TrainingPlanStatus.DRAFT,
            TrainingPlanStatus.RETURNED,
        ]
        plans = []
        for year in YEARS:
            for agency in self.agencies:
                if agency.valid_to is not None and agency.valid_to < date(year, 1, 1):
                    continue
                if rng.random() >= 0.6:
                    continue
                status = rng.choice(statuses)
                drafted = date(year - 1, 11, 1) + timedelta(days=rng.randrange(30))
                sent = status != TrainingPlanStatus.DRAFT
                decided = status in (TrainingPlanStatus.APPROVED, TrainingPlanStatus.RETURNED)
                plans.append(
                    TrainingPlan(
                        agency_id=agency.pk,
                        year=year,
                        status=status,
                        created_at=_aware(drafted),
                        submitted_at=_aware(drafted + timedelta(days=10)) if sent else None,
                        decided_at=_aware(drafted + timedelta(days=20)) if decided else None,
                        return_reason="Dữ liệu tổng hợp: bổ sung dự toán"
                        if status == TrainingPlanStatus.RETURNED
                        else "",
                    )
                )
        _insert(TrainingPlan, plans)
        plan_ids = {
            (agency, year): pk
            for pk, agency, year in TrainingPlan.objects.values_list("pk", "agency_id", "year")
        }
        categories = [c.pk for c in CadreCategory.objects.all()]
        kinds = ContentKind.values
        items = []
        for plan in plans:
            for _n in range(rng.randint(2, 5)):
                course = rng.choice(self.courses) if rng.random() < 0.7 else None
                items.append(
                    TrainingPlanItem(
                        plan_id=plan_ids[(plan.agency_id, plan.year)],
                        course_id=course.pk if course else None,
                        content_kind="" if course else rng.choice(kinds),
                        category_id=rng.choice(categories) if rng.random() < 0.5 else None,
                        headcount=rng.randrange(10, 80),
                        quarter=rng.randint(1, 4),
                        estimated_cost=rng.randrange(5, 200) * 1_000_000,
                        note="Dữ liệu tổng hợp",
                    )
                )
        _insert(TrainingPlanItem, items)
        # Classes carry out approved items only (offering_plan_item_set's rule).
        approved: dict[tuple[int, int], list[int]] = {}
        for pk, year, course in TrainingPlanItem.objects.filter(
            plan__status=TrainingPlanStatus.APPROVED, course__isnull=False
        ).values_list("pk", "plan__year", "course_id"):
            approved.setdefault((year, course), []).append(pk)
        links = []
        for offering in self.offerings:
            candidates = approved.get((offering.start_date.year, offering.course_id))
            if candidates and rng.random() < 0.5:
                links.append((rng.choice(candidates), offering.pk))
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE training_offering SET plan_item_id = %s WHERE id = %s", links
            )
        self._say(f"{len(plans)} training plans, {len(items)} items, {len(links)} classes linked")


def _insert(model, objects) -> None:
    """INSERT with executemany: bulk_create's batches are small on SQLite (999 parameters),
    which makes a million rows take minutes. Values are prepared by the fields themselves."""
    objects = list(objects)
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        for offset in range(0, len(objects), BATCH):
            cursor.executemany(
                sql,
                [
                    [f.get_db_prep_save(f.pre_save(o, True), connection) for f in fields]
                    for o in objects[offset : offset + BATCH]
                ],
            )


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()) + timedelta(hours=9))
