"""Reads of capacity: which training requirements a cadre meets, misses or let expire.

Selectors like those of `training.selectors`, kept apart because coverage, the capacity profile
and rotation readiness all build on the same pure check:

- `requirements()` loads every requirement once (one query);
- `completions_of(cadre_ids)` loads what each cadre has completed, here (enrolments, online or
  in person) and elsewhere (external training), two queries for any number of cadres;
- `posts_of(cadres)` what each cadre's current post is (posting codes, responsibilities held);
- `check(requirement, completions, today)` is pure: met, missing or expired.

So a page checks thousands of cadres in a constant number of queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres import selectors as cadre_selectors
from cadres.models import Cadre, OfficerAssignment, PlanningEntry, PoliticalTheoryLevel, Posting
from curriculum.choices import ContentKind
from training.models import (
    SEAT_HOLDING,
    Enrolment,
    EnrolmentStatus,
    ExternalTraining,
    Offering,
    Qualification,
    QualificationArea,
    TrainingRequirement,
)

MET = "met"
MISSING = "missing"
EXPIRED = "expired"
STATE_LABELS = {
    MET: gettext_lazy("met"),
    MISSING: gettext_lazy("missing"),
    EXPIRED: gettext_lazy("expired"),
}


@dataclass(frozen=True)
class Completion:
    """A piece of training a cadre finished: a course here, or training done elsewhere."""

    on: date
    content_kind: str
    hours: int
    title: str
    course_id: int | None = None  # None: done elsewhere
    external: bool = False

    @property
    def kind_label(self) -> str:
        return ContentKind(self.content_kind).label if self.content_kind else ""


@dataclass(frozen=True)
class Post:
    """What requirements can target: the posting's codes, responsibilities held, the category."""

    responsibility_kind_ids: frozenset = frozenset()
    job_position_id: int | None = None
    title_id: int | None = None
    category_id: int | None = None

    def targets(self, requirement: TrainingRequirement) -> bool:
        if requirement.responsibility_kind_id:
            return requirement.responsibility_kind_id in self.responsibility_kind_ids
        if requirement.job_position_id:
            return requirement.job_position_id == self.job_position_id
        if requirement.title_id:
            return requirement.title_id == self.title_id
        return requirement.category_id is not None and requirement.category_id == self.category_id


@dataclass
class RequirementCheck:
    requirement: TrainingRequirement
    state: str
    last_on: date | None = None  # the latest completion that counts (or that expired)
    valid_until: date | None = None  # when what counts stops counting (None: for good)
    hours: int = 0  # periods of the content kind that count now
    next_class: Offering | None = None  # filled by pages that offer to nominate
    enrolled_in: str = ""  # the code of a class of it the cadre is already in

    @property
    def met(self) -> bool:
        return self.state == MET

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def requirements() -> list[TrainingRequirement]:
    """Every requirement with what it targets (one query)."""
    return list(
        TrainingRequirement.objects.select_related(
            "course", "responsibility_kind", "job_position", "title", "category"
        )
    )


def applicable(reqs: list[TrainingRequirement], post: Post) -> list[TrainingRequirement]:
    return [r for r in reqs if post.targets(r)]


def _counts_until(requirement: TrainingRequirement, on: date) -> date | None:
    if requirement.validity_years is None:
        return None
    return on + relativedelta(years=requirement.validity_years)


def check(
    requirement: TrainingRequirement, completions: list[Completion], today: date
) -> RequirementCheck:
    """Met, missing or expired: a completion counts until `validity_years` after it."""
    if requirement.course_id:
        done = sorted(
            (c for c in completions if c.course_id == requirement.course_id), key=lambda c: c.on
        )
        if not done:
            return RequirementCheck(requirement, MISSING)
        last = done[-1]
        until = _counts_until(requirement, last.on)
        state = MET if until is None or until >= today else EXPIRED
        return RequirementCheck(requirement, state, last_on=last.on, valid_until=until)
    of_kind = sorted(
        (c for c in completions if c.content_kind == requirement.content_kind), key=lambda c: c.on
    )
    counting = [c for c in of_kind if (u := _counts_until(requirement, c.on)) is None or u >= today]
    hours = sum(c.hours for c in counting)
    if hours >= requirement.periods:
        # It stays met until the oldest completion it needs stops counting.
        needed, running = None, hours
        for c in counting:
            running -= c.hours
            if running < requirement.periods:
                needed = c
                break
        until = _counts_until(requirement, needed.on) if needed else None
        return RequirementCheck(
            requirement, MET, last_on=counting[-1].on, valid_until=until, hours=hours
        )
    if sum(c.hours for c in of_kind) >= requirement.periods:
        last = of_kind[-1]
        return RequirementCheck(
            requirement,
            EXPIRED,
            last_on=last.on,
            valid_until=_counts_until(requirement, last.on),
            hours=hours,
        )
    return RequirementCheck(requirement, MISSING, hours=hours)


def completions_of(cadre_ids) -> dict[int, list[Completion]]:
    """Everything each cadre completed, here and elsewhere (two queries)."""
    cadre_ids = list(cadre_ids)
    found: dict[int, list[Completion]] = defaultdict(list)
    if not cadre_ids:
        return found
    local = timezone.get_current_timezone()
    for row in Enrolment.objects.filter(
        cadre_id__in=cadre_ids, status=EnrolmentStatus.COMPLETED, completed_at__isnull=False
    ).values(
        "cadre_id",
        "completed_at",
        "hours_credited",
        "offering__course_id",
        "offering__course__content_kind",
        "offering__course__title",
    ):
        found[row["cadre_id"]].append(
            Completion(
                on=row["completed_at"].astimezone(local).date(),
                content_kind=row["offering__course__content_kind"],
                hours=row["hours_credited"],
                title=row["offering__course__title"],
                course_id=row["offering__course_id"],
            )
        )
    for row in ExternalTraining.objects.filter(cadre_id__in=cadre_ids).values(
        "cadre_id", "end_date", "content_kind", "hours", "title"
    ):
        found[row["cadre_id"]].append(
            Completion(
                on=row["end_date"],
                content_kind=row["content_kind"],
                hours=row["hours"],
                title=row["title"],
                external=True,
            )
        )
    return found


def posts_of(cadres: list[Cadre], open_postings: list[Posting] | None = None) -> dict[int, Post]:
    """Each cadre's current post (two queries, one given `open_postings`: the cadres' open
    postings already read in their order): the open posting's codes and the responsibilities
    they hold now, with their category."""
    ids = [c.pk for c in cadres]
    if open_postings is None:
        open_postings = Posting.objects.filter(cadre_id__in=ids, end_date__isnull=True).values(
            "cadre_id", "job_position_id", "title_id"
        )
    else:
        open_postings = [
            {"cadre_id": p.cadre_id, "job_position_id": p.job_position_id, "title_id": p.title_id}
            for p in open_postings
        ]
    postings = {p["cadre_id"]: p for p in open_postings}
    held = defaultdict(set)
    for cadre_id, kind_id in OfficerAssignment.objects.filter(
        cadre_id__in=ids, end_date__isnull=True
    ).values_list("cadre_id", "kind_id"):
        held[cadre_id].add(kind_id)
    posts = {}
    for cadre in cadres:
        posting = postings.get(cadre.pk, {})
        posts[cadre.pk] = Post(
            responsibility_kind_ids=frozenset(held[cadre.pk]),
            job_position_id=posting.get("job_position_id"),
            title_id=posting.get("title_id"),
            category_id=cadre.category_id,
        )
    return posts


def checks_for(
    *,
    reqs: list[TrainingRequirement],
    post: Post,
    completions: list[Completion],
    today: date,
) -> list[RequirementCheck]:
    return [check(r, completions, today) for r in applicable(reqs, post)]


def overall_state(checks: list[RequirementCheck]) -> str:
    """Trained when every requirement is met; expired when the only gaps are expired ones."""
    if all(c.met for c in checks):
        return MET
    if any(c.state == MISSING for c in checks):
        return MISSING
    return EXPIRED


# --- Open classes for what is missing ---

_UNDER_WAY = (
    EnrolmentStatus.REQUESTED,
    EnrolmentStatus.WAITLISTED,
    EnrolmentStatus.APPROVED,
    EnrolmentStatus.IN_PROGRESS,
)


def classes_under_way(cadre_ids) -> dict[int, list[tuple[int, str, str]]]:
    """The classes each cadre is in and has not finished: (course id, content kind, class
    code), one query. A gap they are already being trained for needs no nomination."""
    found = defaultdict(list)
    for row in Enrolment.objects.filter(
        cadre_id__in=list(cadre_ids), status__in=_UNDER_WAY, offering__cancelled=False
    ).values("cadre_id", "offering__course_id", "offering__course__content_kind", "offering__code"):
        found[row["cadre_id"]].append(
            (
                row["offering__course_id"],
                row["offering__course__content_kind"],
                row["offering__code"],
            )
        )
    return found


def _class_under_way(requirement: TrainingRequirement, under_way) -> str:
    for course_id, kind, code in under_way:
        if (requirement.course_id and course_id == requirement.course_id) or (
            not requirement.course_id and kind == requirement.content_kind
        ):
            return code
    return ""


def attach_classes(
    checks: list[RequirementCheck], *, cadre_id: int, today: date, under_way=None
) -> None:
    """For each gap: the class of it the cadre is already in, or else the next open class
    (two queries; one given `under_way`, what classes_under_way gives for the cadre)."""
    gaps = [c for c in checks if not c.met]
    if not gaps:
        return
    if under_way is None:
        under_way = classes_under_way([cadre_id])[cadre_id]
    classes = open_classes_for([c.requirement for c in gaps], today)
    for c in gaps:
        c.enrolled_in = _class_under_way(c.requirement, under_way)
        c.next_class = None if c.enrolled_in else classes.get(c.requirement.pk)


def open_classes_for(reqs: list[TrainingRequirement], today: date | None = None) -> dict:
    """The next class still taking nominations for each requirement, by requirement id (one
    query): of its course, or of any course of its content kind. Classes with seats left come
    before full ones (those would put the cadre on the waiting list)."""
    today = today or timezone.localdate()
    courses = {r.course_id for r in reqs if r.course_id}
    kinds = {r.content_kind for r in reqs if not r.course_id}
    if not courses and not kinds:
        return {}
    offerings = list(
        Offering.objects.filter(cancelled=False, enrol_closes__gte=today, end_date__gte=today)
        .filter(Q(course_id__in=courses) | Q(course__content_kind__in=kinds))
        .select_related("course")
        .annotate(seats_taken=Count("enrolments", filter=Q(enrolments__status__in=SEAT_HOLDING)))
        .annotate(seats_left=F("capacity") - F("seats_taken"))
        .order_by("start_date", "code")
    )
    offerings.sort(key=lambda o: (o.seats_left <= 0, o.start_date, o.code))
    found = {}
    for r in reqs:
        for offering in offerings:
            if (r.course_id and offering.course_id == r.course_id) or (
                not r.course_id and offering.course.content_kind == r.content_kind
            ):
                found[r.pk] = offering
                break
    return found


@dataclass
class CadreCapacity:
    """The requirements of a cadre's current post and where they stand."""

    cadre: Cadre
    post: Post
    checks: list[RequirementCheck] = field(default_factory=list)

    @property
    def state(self) -> str:
        return overall_state(self.checks)

    @property
    def gaps(self) -> list[RequirementCheck]:
        return [c for c in self.checks if not c.met]


def capacities(
    cadres: list[Cadre],
    *,
    today: date | None = None,
    reqs: list[TrainingRequirement] | None = None,
    done: dict[int, list[Completion]] | None = None,
) -> dict[int, CadreCapacity]:
    """Requirements met / missing / expired for the current post of each cadre: five queries
    whatever the number of cadres (fewer when the caller has read the requirements, or what
    the cadres completed: `completions_of`)."""
    today = today or timezone.localdate()
    reqs = requirements() if reqs is None else reqs
    if not reqs:  # nothing is required: everyone meets it, nothing more to read
        return {cadre.pk: CadreCapacity(cadre=cadre, post=Post()) for cadre in cadres}
    posts = posts_of(cadres)
    done = completions_of(posts) if done is None else done
    return {
        cadre.pk: CadreCapacity(
            cadre=cadre,
            post=posts[cadre.pk],
            checks=checks_for(
                reqs=reqs, post=posts[cadre.pk], completions=done[cadre.pk], today=today
            ),
        )
        for cadre in cadres
    }


# --- Coverage: the registry's page, told who is trained (registered in TrainingConfig.ready) ---

_COVERAGE_STATES = {
    MET: cadre_selectors.TRAINED,
    MISSING: cadre_selectors.UNTRAINED,
    EXPIRED: cadre_selectors.EXPIRED,
}


def mark_coverage(slots: list[cadre_selectors.CoverageSlot]) -> None:
    """Trained, untrained or expired for every holder on the coverage page, the gaps named,
    and for a gap with a class open for nomination, the button to nominate the holder to it.
    Six queries whatever the number of agencies."""
    filled = [slot for slot in slots if slot.filled]
    if not filled:
        return
    today = timezone.localdate()
    holders = list({slot.holder.pk: slot.holder for slot in filled}.values())
    found = capacities(holders, today=today)
    missing = {c.requirement.pk: c.requirement for cap in found.values() for c in cap.gaps}
    classes = open_classes_for(list(missing.values()), today)
    under_way = classes_under_way([cadre_id for cadre_id, cap in found.items() if cap.gaps])
    url = reverse("training:requirement_nominate")
    for slot in filled:
        capacity = found[slot.holder.pk]
        slot.training = _COVERAGE_STATES[capacity.state]
        slot.gaps = [(c.requirement.name, c.state) for c in capacity.gaps]
        nominate = []
        for gap in capacity.gaps:
            code = _class_under_way(gap.requirement, under_way[slot.holder.pk])
            if code:
                slot.labels.append((_("in class %(code)s") % {"code": code}, "badge"))
            else:
                nominate.append(gap)
        for gap in nominate:
            offering = classes.get(gap.requirement.pk)
            if offering is not None:
                slot.actions.append(
                    cadre_selectors.CoverageAction(
                        label=nominate_label(offering),
                        url=url,
                        fields={"cadre": slot.holder.pk, "requirement": gap.requirement.pk},
                    )
                )
                break


def nominate_label(offering: Offering) -> str:
    return _("Nominate to %(code)s (%(course)s, from %(date)s)") % {
        "code": offering.code,
        "course": offering.course.title,
        "date": offering.start_date.strftime("%d/%m/%Y"),
    }


# --- Rotation readiness ---


@dataclass
class Readiness:
    """The requirements of the post a plan moves the cadre to, and where the cadre stands."""

    coded: bool  # the plan names the target post's title or job position
    checks: list[RequirementCheck] = field(default_factory=list)

    @property
    def gaps(self) -> list[RequirementCheck]:
        return [c for c in self.checks if not c.met]


def target_post(*, cadre: Cadre, job_position=None, title=None) -> Post:
    return Post(
        job_position_id=getattr(job_position, "pk", None),
        title_id=getattr(title, "pk", None),
        category_id=cadre.category_id,
    )


def post_checks(*, cadre: Cadre, post: Post, today: date | None = None) -> list[RequirementCheck]:
    """The requirements of `post` checked against the cadre's training, each gap with the next
    class open for nomination (four queries)."""
    today = today or timezone.localdate()
    reqs = applicable(requirements(), post)
    if not reqs:
        return []
    checks = checks_for(
        reqs=reqs, post=post, completions=completions_of([cadre.pk])[cadre.pk], today=today
    )
    attach_classes(checks, cadre_id=cadre.pk, today=today)
    return checks


def rotation_readiness(*, plan) -> Readiness:
    """What the target post of a rotation plan requires that the cadre lacks."""
    if not (plan.to_title_id or plan.to_job_position_id):
        return Readiness(coded=False)
    post = target_post(cadre=plan.cadre, job_position=plan.to_job_position, title=plan.to_title)
    return Readiness(coded=True, checks=post_checks(cadre=plan.cadre, post=post))


# --- A cadre's capacity profile ---

THEORY_ORDER = [
    PoliticalTheoryLevel.ELEMENTARY,
    PoliticalTheoryLevel.INTERMEDIATE,
    PoliticalTheoryLevel.ADVANCED,
    PoliticalTheoryLevel.BACHELOR,
]
# The content kinds whose completions show under a qualification area.
AREA_KINDS = {
    QualificationArea.POLITICAL_THEORY: ContentKind.POLITICAL_THEORY,
    QualificationArea.STATE_MANAGEMENT: ContentKind.STATE_MANAGEMENT,
    QualificationArea.DIGITAL: ContentKind.DIGITAL,
}


@dataclass
class Area:
    area: str
    label: str
    held: list[str] = field(default_factory=list)  # level, degree, diplomas, certificates
    training: list[Completion] = field(default_factory=list)


@dataclass
class CapacityProfile:
    cadre: Cadre
    posting: Posting | None
    theory_level: str  # the higher of the registry's and what training elsewhere gave
    theory_from: ExternalTraining | None  # the training elsewhere that raised it
    areas: list[Area]
    completions: list[Completion]
    current: list[RequirementCheck]
    compared: list[RequirementCheck] | None = None

    @property
    def current_gaps(self) -> list[RequirementCheck]:
        return [c for c in self.current if not c.met]

    @property
    def compared_gaps(self) -> list[RequirementCheck]:
        return [c for c in self.compared or [] if not c.met]


def _higher_theory(level: str, gained: str) -> bool:
    if not gained:
        return False
    rank = {value: i for i, value in enumerate(THEORY_ORDER)}
    return rank.get(gained, -1) > rank.get(level, -1)


def _completions_in(record) -> list[Completion]:
    """What completions_of gives for the cadre of a training record (training.selectors
    training_record), from the enrolments and training elsewhere the record read."""
    local = timezone.get_current_timezone()
    internal = sorted(
        (e for e in record.completed if e.completed_at is not None),
        key=lambda e: e.requested_at,
        reverse=True,
    )
    return [
        Completion(
            on=e.completed_at.astimezone(local).date(),
            content_kind=e.offering.course.content_kind,
            hours=e.hours_credited,
            title=e.offering.course.title,
            course_id=e.offering.course_id,
        )
        for e in internal
    ] + [
        Completion(
            on=x.end_date, content_kind=x.content_kind, hours=x.hours, title=x.title, external=True
        )
        for x in record.external
    ]


def _under_way_in(record) -> list[tuple[int, str, str]]:
    """What classes_under_way gives for the cadre of a training record, from its enrolments."""
    current = sorted(
        (e for e in record.current if e.status in _UNDER_WAY and not e.offering.cancelled),
        key=lambda e: e.requested_at,
        reverse=True,
    )
    return [
        (e.offering.course_id, e.offering.course.content_kind, e.offering.code) for e in current
    ]


def capacity_profile(
    *, cadre: Cadre, compare: Post | None = None, today: date | None = None, record=None
) -> CapacityProfile:
    """Qualifications by area, training here and elsewhere, the requirements of the current
    post and, given another post, the gaps against it. A constant number of queries, fewer
    given the cadre's training record (training.selectors.training_record) the page shows:
    what was completed and the classes under way are taken from it."""
    today = today or timezone.localdate()
    open_postings = list(
        Posting.objects.filter(cadre=cadre, end_date__isnull=True).select_related(
            "agency", "job_position", "title"
        )
    )
    posting = open_postings[0] if open_postings else None
    if record is None:
        done, external, under_way = completions_of([cadre.pk])[cadre.pk], None, None
    else:
        done, external = _completions_in(record), record.external
        under_way = _under_way_in(record)
    completions = sorted(done, key=lambda c: c.on, reverse=True)
    if external is None:
        external = ExternalTraining.objects.filter(cadre=cadre).exclude(theory_level_gained="")
    # Training done elsewhere that raised the political theory level raises it here.
    level, raised_by = cadre.theory_level, None
    for training in external:
        if training.theory_level_gained and _higher_theory(level, training.theory_level_gained):
            level, raised_by = training.theory_level_gained, training
    areas = {value: Area(value, label) for value, label in QualificationArea.choices}
    if level:
        areas[QualificationArea.POLITICAL_THEORY].held.append(
            str(PoliticalTheoryLevel(level).label)
        )
    if cadre.education:
        areas[QualificationArea.PROFESSIONAL].held.append(cadre.education)
    for q in Qualification.objects.filter(cadre=cadre).order_by("area", "-awarded_on"):
        areas[q.area].held.append(
            f"{q.name} ({q.awarded_on.strftime('%d/%m/%Y')})" if q.awarded_on else q.name
        )
    for area, kind in AREA_KINDS.items():
        areas[area].training = [c for c in completions if c.content_kind == kind]
    reqs = requirements()
    current = checks_for(
        reqs=reqs,
        post=posts_of([cadre], open_postings)[cadre.pk],
        completions=completions,
        today=today,
    )
    compared = None
    if compare is not None:
        compared = checks_for(reqs=reqs, post=compare, completions=completions, today=today)
    attach_classes(current + (compared or []), cadre_id=cadre.pk, today=today, under_way=under_way)
    return CapacityProfile(
        cadre=cadre,
        posting=posting,
        theory_level=level,
        theory_from=raised_by,
        areas=list(areas.values()),
        completions=completions,
        current=current,
        compared=compared,
    )


# --- Planned cadres (cadres' planning register) ---


def mark_planning(entries) -> None:
    """Each planning entry learns the requirements of its title its cadre lacks (three queries
    for any number of entries; registered in TrainingConfig.ready)."""
    if not entries:
        return
    today = timezone.localdate()
    reqs = requirements()
    completions = completions_of({e.cadre_id for e in entries})
    for entry in entries:
        post = Post(title_id=entry.title_id, category_id=entry.cadre.category_id)
        checks = checks_for(
            reqs=reqs, post=post, completions=completions[entry.cadre_id], today=today
        )
        entry.gaps = [(c.requirement.name, c.state_label) for c in checks if not c.met]


# --- Suggestions for a yearly training plan ---


@dataclass
class Suggestion:
    """A requirement some cadres of an agency lack: who, and how many (untrained officers of
    the agency and its units, and cadres planned for a title there)."""

    requirement: TrainingRequirement
    serving: int = 0
    planned: int = 0

    @property
    def headcount(self) -> int:
        return self.serving + self.planned


def plan_suggestions(*, agency, today: date | None = None) -> list[Suggestion]:
    """What the agency's training plan could hold, from its gaps (constant queries): each
    requirement lacked by serving cadres of the agency's subtree, or by cadres planned (quy
    hoạch) for a title of the subtree, with how many lack it."""
    today = today or timezone.localdate()
    reqs = requirements()  # read once for the serving cadres and the planned ones
    if not reqs:  # nothing is required: nothing to suggest
        return []
    cadres = list(
        Cadre.objects.filter(
            agency__path__startswith=agency.path, postings__end_date__isnull=True
        ).distinct()
    )
    entries = list(
        PlanningEntry.objects.filter(
            agency__path__startswith=agency.path, removed_on__isnull=True
        ).select_related("cadre")
    )
    # What the serving and the planned cadres completed, read once for both.
    done = completions_of({c.pk for c in cadres} | {e.cadre_id for e in entries})
    found: dict[int, Suggestion] = {}
    lacking: dict[int, set] = defaultdict(set)
    for capacity in capacities(cadres, today=today, reqs=reqs, done=done).values():
        for check in capacity.gaps:
            found.setdefault(check.requirement.pk, Suggestion(check.requirement)).serving += 1
            lacking[check.requirement.pk].add(capacity.cadre.pk)
    if entries:
        for entry in entries:
            post = Post(title_id=entry.title_id, category_id=entry.cadre.category_id)
            for check in checks_for(
                reqs=reqs, post=post, completions=done[entry.cadre_id], today=today
            ):
                if check.met or entry.cadre_id in lacking[check.requirement.pk]:
                    continue
                lacking[check.requirement.pk].add(entry.cadre_id)
                found.setdefault(check.requirement.pk, Suggestion(check.requirement)).planned += 1
    return sorted(found.values(), key=lambda s: (-s.headcount, s.requirement.name))
