"""The job base's one download view: a job's finished file, for those its kind lets read it."""

from django.http import FileResponse, Http404

from cadres import jobs
from cadres.access import office_view
from cadres.models import JobStatus
from cadres.spreadsheets import CONTENT_TYPES, content_disposition


@office_view
def job_download(request, pk: int):
    job = jobs.access_job_by_id(request.user, pk)
    storage = jobs.private_storage()
    if job.status != JobStatus.DONE or not job.result_file or not storage.exists(job.result_file):
        raise Http404
    extension = job.result_file.rsplit(".", 1)[-1]
    response = FileResponse(
        storage.open(job.result_file, "rb"),
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["Content-Disposition"] = content_disposition(job.result_name or f"file.{extension}")
    return response
