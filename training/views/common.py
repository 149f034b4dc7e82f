"""What the training pages share."""

from django.contrib import messages
from django.http import HttpResponse

from cadres.models import Cadre
from training import selectors
from training.pdf import render_pdf
from training.services import TrainingError


def show_error(request, error: TrainingError) -> None:
    for message in error.messages:
        messages.error(request, message)


def record_pdf_response(cadre: Cadre) -> HttpResponse:
    record = selectors.training_record(cadre=cadre)
    pdf = render_pdf("training/pdf/record.html", {"record": record})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="ho-so-boi-duong-{cadre.personnel_code}.pdf"'
    )
    return response
