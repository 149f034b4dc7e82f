"""Which dân vận body assesses a registration, and at which levels it may recognise: data, with
the organisation it follows (the 2025 arrangement of the Party's bodies)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cadres.models import Agency
from curriculum.choices import RecognitionLevel


@dataclass(frozen=True)
class AssessingBodyRule:
    committee_kind: str  # the party committee above the registering agency
    body_kind: str  # its body that carries dân vận work and assesses
    levels: tuple[str, ...]  # the levels that body recognises at
    basis: str


ASSESSING_BODY_RULES = (
    AssessingBodyRule(
        committee_kind="tinh-uy",
        body_kind="ban-tuyen-giao-dan-van",
        levels=(RecognitionLevel.PROVINCE, RecognitionLevel.NATIONAL),
        basis=_(
            "Since February 2025 the Tỉnh ủy's Ban Tuyên giáo và Dân vận (the propaganda and "
            "mass-mobilization commissions merged) assesses the province's agencies and communes; "
            "a national recognition, decided above, is recorded by it."
        ),
    ),
    AssessingBodyRule(
        committee_kind="dang-uy",
        body_kind="ban-xay-dung-dang",
        levels=(RecognitionLevel.COMMUNE,),
        basis=_(
            "At commune level the Đảng ủy's Ban Xây dựng Đảng carries the dân vận work since the "
            "two-tier local government of 1 July 2025: it assesses the units under the commune."
        ),
    ),
)
RULE_BY_BODY_KIND = {rule.body_kind: rule for rule in ASSESSING_BODY_RULES}
_RULE_BY_COMMITTEE = {rule.committee_kind: rule for rule in ASSESSING_BODY_RULES}
PROVINCE_BODY_KIND = "ban-tuyen-giao-dan-van"


def assessing_body_for(agency: Agency) -> Agency | None:
    """The dân vận body of the nearest party committee above the agency (never the agency
    itself); agencies outside any committee's subtree (the People's Committee, the Front of
    the province) go to the province's body."""
    ancestors = list(agency.get_ancestors().select_related("kind").order_by("-depth"))
    committees = [a for a in ancestors if a.kind.code in _RULE_BY_COMMITTEE]
    if agency.kind.code in _RULE_BY_COMMITTEE:
        committees = [a for a in committees if a.pk != agency.pk]
    for committee in committees:
        rule = _RULE_BY_COMMITTEE[committee.kind.code]
        body = (
            Agency.objects.filter(
                path__startswith=committee.path,
                depth=committee.depth + 1,
                kind__code=rule.body_kind,
                valid_to__isnull=True,
            )
            .exclude(pk=agency.pk)
            .select_related("kind")
            .first()
        )
        if body is not None:
            return body
    if committees:
        return None
    return (
        Agency.objects.filter(kind__code=PROVINCE_BODY_KIND, valid_to__isnull=True)
        .exclude(pk=agency.pk)
        .select_related("kind")
        .order_by("depth", "path")
        .first()
    )


def levels_for(body: Agency) -> tuple[str, ...]:
    rule = RULE_BY_BODY_KIND.get(body.kind.code)
    return rule.levels if rule else ()


def rule_for(body: Agency) -> AssessingBodyRule | None:
    return RULE_BY_BODY_KIND.get(body.kind.code)
