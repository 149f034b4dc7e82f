"""URLs of learning (/learn/ for cadres) and of training management (/office/training/)."""

from django.urls import path

from training import certificate_views, views

app_name = "training"

urlpatterns = [
    path("learn/classes/", views.offering_list, name="offering_list"),
    path("learn/classes/<int:pk>/", views.offering_detail, name="offering_detail"),
    path("learn/classes/<int:pk>/enrol/", views.offering_enrol, name="offering_enrol"),
    path("learn/my-courses/", views.my_courses, name="my_courses"),
    path("learn/my-record/", views.my_record, name="my_record"),
    path("learn/my-record.pdf", views.my_record_pdf, name="my_record_pdf"),
    path(
        "learn/enrolments/<int:pk>/withdraw/",
        views.enrolment_withdraw,
        name="enrolment_withdraw",
    ),
    path("learn/enrolments/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("office/training/approvals/", views.approval_queue, name="approval_queue"),
    path("office/training/classes/", views.office_offering_list, name="office_offering_list"),
    path("office/training/classes/new/", views.offering_edit, name="offering_create"),
    path(
        "office/training/classes/<int:pk>/",
        views.office_offering_detail,
        name="office_offering_detail",
    ),
    path("office/training/classes/<int:pk>/edit/", views.offering_edit, name="offering_edit"),
    path(
        "office/training/classes/<int:pk>/nominate/",
        views.offering_nominate,
        name="offering_nominate",
    ),
    path("office/training/cadres/<int:pk>/record/", views.cadre_record, name="cadre_record"),
    path(
        "office/training/cadres/<int:pk>/record.pdf",
        views.cadre_record_pdf,
        name="cadre_record_pdf",
    ),
    path(
        "learn/external/<int:pk>/evidence/",
        views.external_training_evidence,
        name="external_training_evidence",
    ),
    path(
        "office/training/cadres/<int:pk>/external/new/",
        views.external_training_new,
        name="external_training_new",
    ),
]

# --- Certificates ---------------------------------------------------------------------------
urlpatterns += [
    # Public, at the site root: the address printed under the QR code.
    path("verify/<str:code>/", certificate_views.verify, name="verify"),
    path("learn/certificates/", certificate_views.my_certificates, name="my_certificates"),
    path(
        "learn/certificates/<int:pk>/pdf/",
        certificate_views.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "office/training/certificates/expiring/",
        certificate_views.certificates_expiring,
        name="certificates_expiring",
    ),
    path(
        "office/training/classes/<int:pk>/certificates/",
        certificate_views.offering_certificates,
        name="offering_certificates",
    ),
    path(
        "office/training/certificates/<int:pk>/revoke/",
        certificate_views.certificate_revoke,
        name="certificate_revoke",
    ),
    path(
        "office/training/certificate-batches/<int:pk>/",
        certificate_views.certificate_batch,
        name="certificate_batch",
    ),
    path(
        "office/training/certificate-batches/<int:pk>/download/",
        certificate_views.certificate_batch_download,
        name="certificate_batch_download",
    ),
    path(
        "office/training/register-book/",
        certificate_views.register_book,
        name="register_book",
    ),
    path(
        "office/training/register-book/<int:pk>/<int:year>.<str:fmt>",
        certificate_views.register_book_export,
        name="register_book_export",
    ),
]
