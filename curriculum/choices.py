"""The curriculum's fixed lists: content kinds, levels, credentials, document kinds, the
"Dân vận khéo" fields. Pages, forms and the training app all read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentKind(models.TextChoices):
    """The five kinds of training content of Decree 171/2025/NĐ-CP."""

    POLITICAL_THEORY = "political_theory", _("Political theory")
    DEFENCE_SECURITY = "defence_security", _("Defence and security")
    STATE_MANAGEMENT = "state_management", _("State-management knowledge and skills")
    JOB_SKILLS = "job_skills", _("Job-position skills")
    DIGITAL = "digital", _("Science, technology, innovation and digital skills")


class CourseLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CredentialKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate of a programme (chứng chỉ)")
    ATTESTATION = "attestation", _("Attestation of completion (giấy chứng nhận)")


class ResourceKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution")
    DIRECTIVE = "directive", _("Directive")
    REGULATION = "regulation", _("Regulation")
    GUIDANCE = "guidance", _("Guidance")
    CONCLUSION = "conclusion", _("Conclusion")
    DECREE = "decree", _("Decree")
    DECISION = "decision", _("Decision")
    PLAN = "plan", _("Plan")
    OTHER = "other", _("Other document")


class CaseKind(models.TextChoices):
    MODEL = "model", _("Model")
    EXEMPLAR = "exemplar", _("Exemplar")


class CaseField(models.TextChoices):
    """The five fields in which "Dân vận khéo" models and exemplars are registered."""

    ECONOMY = "economy", _("Economy")
    CULTURE_SOCIETY = "culture_society", _("Culture and society")
    DEFENCE_SECURITY = "defence_security", _("Defence and security")
    POLITICAL_SYSTEM = "political_system", _("Political system")
    NEW_RURAL = "new_rural", _("New rural development")


class RecognitionLevel(models.TextChoices):
    COMMUNE = "commune", _("Commune level")
    PROVINCE = "province", _("Province level")
    NATIONAL = "national", _("National level")
