"""Pages of certificates: public verification, PDFs, issuing, revocation, batches, expiry, register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cadres import jobs, queue
from cadres.access import access_own_cadre, coordinator_view, is_coordinator, office_view
from cadres.client import client_ip
from curriculum.public_pages import mark_public
from training import certificate_printing, selectors, services
from training.apps import CERTIFICATE_VARY
from training.forms import IssueAgainForm, IssueForm, RevokeForm
from training.models import CertificateBatch, IssuingBody
from training.register_book import register_book_pdf, register_book_xlsx
from training.services import TrainingError
from training.views.common import show_error

# Unknown codes per client address and window; known codes are never limited.
VERIFY_UNKNOWN_LIMIT = 20
VERIFY_WINDOW_SECONDS = 600
EXPIRING_DEFAULT_DAYS = 90
EXPIRING_MAX_DAYS = 3650


def _pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# --- Public verification ----------------------------------------------------------------


def _count_unknown(request) -> int:
    key = f"certificate-verify-unknown:{client_ip(request)}"
    cache.add(key, 0, VERIFY_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, VERIFY_WINDOW_SECONDS)
        return 1


def verify_start(request):
    """Where someone holding a paper types its verification code (printed under the QR code)."""
    code = "".join(request.GET.get("code", "").split())
    if code:
        return redirect("training:verify", code=code)
    return render(request, "training/certificates/verify_start.html")


def verify(request, code):
    """Anyone holding the paper checks it here, without an account."""
    certificate = selectors.certificate_by_code(code)
    if certificate is None:
        if _count_unknown(request) > VERIFY_UNKNOWN_LIMIT:
            response = render(request, "training/certificates/verify_limited.html", status=429)
            response["Retry-After"] = str(VERIFY_WINDOW_SECONDS)
        else:
            response = render(
                request, "training/certificates/verify_unknown.html", {"code": code}, status=404
            )
    else:
        digest = selectors.certificate_digest(certificate)
        response = render(
            request,
            "training/certificates/verify.html",
            {"certificate": certificate, "state": certificate.state},
        )
        if not request.user.is_authenticated:
            mark_public(response, (CERTIFICATE_VARY, code), digest)
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Holders and staff ------------------------------------------------------------------


@login_required
def certificate_pdf(request, pk):
    certificate = selectors.access_certificate_by_id(request.user, pk)
    pdf = certificate_printing.certificate_pdf(certificate)
    return _pdf_response(pdf, f"{slugify(certificate.number.replace('/', '-'))}.pdf")


@login_required
def my_certificates(request):
    cadre = access_own_cadre(request.user)
    return render(
        request,
        "training/certificates/my_certificates.html",
        {"certificates": selectors.my_certificates(cadre=cadre)},
    )


@office_view
def certificates_expiring(request):
    raw = request.GET.get("days", "").strip()
    days = EXPIRING_DEFAULT_DAYS
    if raw:
        if raw.isdigit() and 1 <= int(raw) <= EXPIRING_MAX_DAYS:
            days = int(raw)
        else:
            messages.error(
                request,
                _("Enter a number of days from 1 to %(max)s; showing %(days)s days.")
                % {"max": EXPIRING_MAX_DAYS, "days": EXPIRING_DEFAULT_DAYS},
            )
    certificates = selectors.certificates_expiring(user=request.user, days=days)
    return render(
        request,
        "training/certificates/expiring.html",
        {
            "certificates": certificates[:500],
            "total": certificates.count(),
            "days": days,
            "can_manage": is_coordinator(request.user),
        },
    )


# --- Coordinators: issuing, revocation, batches, register book --------------------------


@coordinator_view
def offering_certificates(request, pk):
    offering = selectors.access_managed_offering(request.user, pk)
    action = request.POST.get("action") if request.method == "POST" else None
    form = IssueForm(request.POST if action == "issue" else None)
    again_form = IssueAgainForm(request.POST if action == "issue_again" else None)
    if action == "batch":
        try:
            batch = services.certificate_batch_start(actor=request.user, offering=offering)
        except TrainingError as error:
            show_error(request, error)
            return redirect("training:offering_certificates", pk=offering.pk)
        queue.job_enqueue(batch)
        return redirect("training:certificate_batch", pk=batch.pk)
    if action == "issue" and form.is_valid():
        try:
            issued = services.certificates_issue_for_offering(
                actor=request.user, offering=offering, issued_on=form.cleaned_data["issued_on"]
            )
        except TrainingError as error:
            show_error(request, error)
        else:
            messages.success(
                request, _("%(count)s certificate(s) issued.") % {"count": len(issued)}
            )
        return redirect("training:offering_certificates", pk=offering.pk)
    if action == "issue_again" and again_form.is_valid():
        enrolment = get_object_or_404(
            offering.enrolments.select_related("cadre"), pk=again_form.cleaned_data["enrolment"]
        )
        try:
            issued = services.certificate_issue_again(
                actor=request.user, enrolment=enrolment, reason=again_form.cleaned_data["reason"]
            )
        except TrainingError as error:
            show_error(request, error)
        else:
            messages.success(
                request,
                _("Certificate %(number)s was issued again to %(name)s.")
                % {"number": issued.number, "name": issued.holder_name},
            )
            return redirect("training:offering_certificates", pk=offering.pk)
    if action == "issue_again" and not again_form.is_valid():
        for errors in again_form.errors.values():
            for error in errors:
                messages.error(request, error)
    return render(
        request,
        "training/certificates/offering_certificates.html",
        {
            "offering": offering,
            "form": form,
            "data": selectors.offering_certificates(offering=offering),
            "batches": selectors.offering_batches(offering=offering),
            "again_for": again_form.data.get("enrolment") if again_form.is_bound else None,
            "again_reason": again_form.data.get("reason", "") if again_form.is_bound else "",
        },
    )


@coordinator_view
def certificate_revoke(request, pk):
    certificate = selectors.access_managed_certificate(request.user, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reissue = form.cleaned_data["reissue"]
        service = services.certificate_reissue if reissue else services.certificate_revoke
        try:
            result = service(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except TrainingError as error:
            show_error(request, error)
        else:
            if reissue:
                messages.success(
                    request,
                    _("Certificate %(old)s was revoked and %(new)s issued in its place.")
                    % {"old": certificate.number, "new": result.number},
                )
            else:
                messages.success(
                    request, _("Certificate %(number)s was revoked.") % {"number": result.number}
                )
            return redirect("training:offering_certificates", pk=certificate.enrolment.offering_id)
    return render(
        request,
        "training/certificates/revoke.html",
        {"certificate": certificate, "form": form},
    )


@coordinator_view
def certificate_batch(request, pk):
    batch = jobs.access_job_by_id(request.user, pk, CertificateBatch)
    queue.requeue_if_stale(batch)
    batch.refresh_from_db()
    return render(request, "training/certificates/batch.html", {"batch": batch})


@coordinator_view
def register_book(request):
    bodies = [(body, selectors.register_years(body=body)) for body in selectors.issuing_bodies()]
    return render(request, "training/certificates/register_book.html", {"bodies": bodies})


@coordinator_view
def register_book_export(request, pk, year, fmt):
    body = get_object_or_404(IssuingBody, pk=pk)
    certificates = selectors.register_book(body=body, year=year)
    filename = f"so-cap-{slugify(body.code)}-{year}"
    if fmt == "xlsx":
        response = HttpResponse(
            register_book_xlsx(body, year, certificates),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    if fmt == "pdf":
        pdf = register_book_pdf(body, year, certificates)
        return _pdf_response(pdf, f"{filename}.pdf")
    raise Http404
