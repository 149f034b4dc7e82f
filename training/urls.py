"""URLs of learning (/learn/ for cadres) and of training management (/office/training/)."""

from django.urls import path

from training.views import certificates, learning, office

app_name = "training"

urlpatterns = [
    path("learn/classes/", learning.offering_list, name="offering_list"),
    path("learn/classes/<int:pk>/", learning.offering_detail, name="offering_detail"),
    path("learn/classes/<int:pk>/enrol/", learning.offering_enrol, name="offering_enrol"),
    path("learn/my-courses/", learning.my_courses, name="my_courses"),
    path("learn/my-record/", learning.my_record, name="my_record"),
    path("learn/my-record.pdf", learning.my_record_pdf, name="my_record_pdf"),
    path(
        "learn/enrolments/<int:pk>/withdraw/",
        learning.enrolment_withdraw,
        name="enrolment_withdraw",
    ),
    path("learn/enrolments/<int:pk>/feedback/", learning.feedback, name="feedback"),
    path("learn/quiz-attempts/<int:pk>/", learning.quiz_attempt, name="quiz_attempt"),
    path("office/training/approvals/", office.approval_queue, name="approval_queue"),
    path("office/training/classes/", office.office_offering_list, name="office_offering_list"),
    path("office/training/classes/new/", office.offering_edit, name="offering_create"),
    path(
        "office/training/classes/<int:pk>/",
        office.office_offering_detail,
        name="office_offering_detail",
    ),
    path("office/training/classes/<int:pk>/edit/", office.offering_edit, name="offering_edit"),
    path(
        "office/training/classes/<int:pk>/nominate/",
        office.offering_nominate,
        name="offering_nominate",
    ),
    path("office/training/cadres/<int:pk>/record/", office.cadre_record, name="cadre_record"),
    path(
        "office/training/cadres/<int:pk>/record.pdf",
        office.cadre_record_pdf,
        name="cadre_record_pdf",
    ),
    path(
        "learn/external/<int:pk>/evidence/",
        office.external_training_evidence,
        name="external_training_evidence",
    ),
    path(
        "office/training/cadres/<int:pk>/external/new/",
        office.external_training_new,
        name="external_training_new",
    ),
]

# --- Certificates ---------------------------------------------------------------------------
urlpatterns += [
    # Public, at the site root: the address printed under the QR code.
    path("verify/", certificates.verify_start, name="verify_start"),
    path("verify/<str:code>/", certificates.verify, name="verify"),
    path("learn/certificates/", certificates.my_certificates, name="my_certificates"),
    path(
        "learn/certificates/<int:pk>/pdf/",
        certificates.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "office/training/certificates/expiring/",
        certificates.certificates_expiring,
        name="certificates_expiring",
    ),
    path(
        "office/training/classes/<int:pk>/certificates/",
        certificates.offering_certificates,
        name="offering_certificates",
    ),
    path(
        "office/training/certificates/<int:pk>/revoke/",
        certificates.certificate_revoke,
        name="certificate_revoke",
    ),
    path(
        "office/training/certificate-batches/<int:pk>/",
        certificates.certificate_batch,
        name="certificate_batch",
    ),
    path(
        "office/training/register-book/",
        certificates.register_book,
        name="register_book",
    ),
    path(
        "office/training/register-book/<int:pk>/<int:year>.<str:fmt>",
        certificates.register_book_export,
        name="register_book_export",
    ),
]
