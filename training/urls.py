"""URLs of learning (/learn/ for cadres) and of training management (/office/training/)."""

from django.urls import path

from training.views import capacity, certificates, classroom, learning, office, plans, reports

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
    path(
        "learn/enrolments/<int:pk>/calendar.ics",
        learning.enrolment_calendar,
        name="enrolment_calendar",
    ),
    path("learn/check-in/<int:session_pk>/<str:code>/", learning.check_in, name="check_in"),
    path("learn/check-in/confirm/", learning.check_in_confirm, name="check_in_confirm"),
    path("learn/check-in/<int:session_pk>/", learning.check_in_typed, name="check_in_typed"),
    path("office/training/approvals/", office.approval_queue, name="approval_queue"),
    path("office/training/plans/", plans.plan_list, name="plan_list"),
    path("office/training/plans/new/", plans.plan_create, name="plan_create"),
    path("office/training/plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("office/training/plans/<int:pk>/items/new/", plans.plan_item_add, name="plan_item_add"),
    path(
        "office/training/plans/<int:pk>/suggestions/",
        plans.plan_suggestions,
        name="plan_suggestions",
    ),
    path(
        "office/training/plans/<int:pk>/items/<int:item_pk>/remove/",
        plans.plan_item_remove,
        name="plan_item_remove",
    ),
    path(
        "office/training/plans/<int:pk>/items/<int:item_pk>/link/",
        plans.plan_item_link,
        name="plan_item_link",
    ),
    path("office/training/plans/<int:pk>/<str:action>/", plans.plan_action, name="plan_action"),
    path(
        "office/training/plans/rollup/<int:agency_pk>/",
        plans.plan_rollup,
        name="plan_rollup",
    ),
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
    path(
        "office/training/cadres/<int:pk>/capacity/",
        capacity.cadre_capacity,
        name="cadre_capacity",
    ),
    path(
        "office/training/requirements/nominate/",
        capacity.requirement_nominate,
        name="requirement_nominate",
    ),
]

# --- Reports -------------------------------------------------------------------------------
urlpatterns += [
    path("office/reports/", reports.report_index, name="report_index"),
    path("office/reports/<slug:name>/", reports.report_page, name="report_page"),
    path(
        "office/reports/<slug:name>.<slug:fmt>",
        reports.report_download,
        name="report_download",
    ),
    path("office/reports/files/<int:pk>/", reports.report_file, name="report_file"),
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

# --- Classes held in person: those who run them ----------------------------------------------
_CLASS = "office/training/classes/<int:pk>/"
urlpatterns += [
    path("office/training/running/", classroom.runner_home, name="runner_home"),
    path(f"{_CLASS}run/", classroom.class_run, name="class_run"),
    path(f"{_CLASS}sessions/new/", classroom.session_edit, name="session_create"),
    path(f"{_CLASS}sessions/<int:session_pk>/", classroom.session_edit, name="session_edit"),
    path(
        f"{_CLASS}sessions/<int:session_pk>/remove/",
        classroom.session_remove,
        name="session_remove",
    ),
    path(
        f"{_CLASS}sessions/<int:session_pk>/attendance/",
        classroom.session_attendance,
        name="session_attendance",
    ),
    path(
        f"{_CLASS}sessions/<int:session_pk>/check-in/",
        classroom.session_check_in,
        name="session_check_in",
    ),
    path(
        f"{_CLASS}sessions/<int:session_pk>/roster.pdf",
        classroom.session_roster_pdf,
        name="session_roster",
    ),
    path(f"{_CLASS}sheet.xlsx", classroom.class_sheet_xlsx, name="class_sheet"),
    path(f"{_CLASS}sheet/import/", classroom.class_sheet_import, name="class_sheet_import"),
    path(
        f"{_CLASS}sheet/import/<int:job_pk>/",
        classroom.class_sheet_job,
        name="class_sheet_job",
    ),
    path(f"{_CLASS}results/", classroom.class_results, name="class_results"),
    path(f"{_CLASS}decision/", classroom.class_decision, name="class_decision"),
]
