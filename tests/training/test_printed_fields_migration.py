"""The data migration that fixes what certificates already issued printed, and gives every
issuing body a document format and a split signing block."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cadres import services as registry
from training import services
from training.models import Certificate, IssuingBody

BEFORE = [("training", "0007_example_grading_scheme")]
AFTER = [("training", "0010_printed_fields_required")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_certificates_issued_before_keep_what_they_printed(
    issuing_body, make_offering, lessons, cadre_in_a, complete, officer_a, agency_a
):
    certificate = complete(
        cadre_in_a, make_offering("LOP-CU", approval_required=False)
    ).certificates.get()
    issued = certificate.issued_on
    # After the issue the cadre moves: the paper still names the post held on the issue date.
    registry.cadre_transfer(
        actor=officer_a,
        cadre=cadre_in_a,
        agency=agency_a,
        position="Phó Bí thư",
        start_date=issued + datetime.timedelta(days=1),
    )
    IssuingBody.objects.filter(pk=issuing_body.pk).update(
        signer_title="KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN"
    )
    _migrate(BEFORE)
    _migrate(AFTER)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # today's models read on
    certificate = Certificate.objects.get(pk=certificate.pk)
    assert certificate.holder_agency == "Ủy ban nhân dân phường A"
    assert certificate.holder_position == "Chuyên viên"
    assert certificate.course_end == min(certificate.enrolment.offering.end_date, issued)
    # Printed before formats existed: the State heading and zero-padded months, as handed out.
    assert certificate.heading.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert certificate.issuer_separator == "rule"
    assert certificate.place_date == f"Rạch Giá, ngày {issued:%d} tháng {issued:%m} năm {issued:%Y}"
    body = IssuingBody.objects.get(pk=issuing_body.pk)
    assert body.document_format.code == "dang"  # "Tỉnh ủy …": a Party body
    assert (body.signing_mode, body.signing_for, body.signer_title) == (
        "deputy",
        "TRƯỞNG BAN",
        "PHÓ TRƯỞNG BAN",
    )
    # From now on the body issues in its own format.
    other = services.printed_fields(certificate.enrolment, body=body, issued_on=issued)
    assert other["heading"] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert other["signer_title"] == "K/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN"
