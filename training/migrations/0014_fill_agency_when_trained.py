"""Fill the agency a past completion or outside training counts for: the posting that covered its
day (completion date, or the end of the outside training), else the cadre's agency."""

from django.db import migrations


def _agency_on(postings, cadre, day):
    held = [
        p
        for p in postings.get(cadre.pk, [])
        if p.start_date <= day and (p.end_date is None or p.end_date >= day)
    ]
    return max(held, key=lambda p: p.start_date).agency_id if held else cadre.agency_id


def fill(apps, schema_editor):
    Posting = apps.get_model("cadres", "Posting")
    Enrolment = apps.get_model("training", "Enrolment")
    ExternalTraining = apps.get_model("training", "ExternalTraining")
    postings = {}
    for posting in Posting.objects.only("cadre_id", "agency_id", "start_date", "end_date"):
        postings.setdefault(posting.cadre_id, []).append(posting)
    done = Enrolment.objects.filter(completed_at__isnull=False, agency__isnull=True)
    batch = []
    for enrolment in done.select_related("cadre").iterator(chunk_size=2000):
        day = enrolment.completed_at.date()
        enrolment.agency_id = _agency_on(postings, enrolment.cadre, day)
        batch.append(enrolment)
    Enrolment.objects.bulk_update(batch, ["agency"], batch_size=2000)
    batch = []
    for record in ExternalTraining.objects.filter(agency__isnull=True).select_related("cadre"):
        record.agency_id = _agency_on(postings, record.cadre, record.end_date)
        batch.append(record)
    ExternalTraining.objects.bulk_update(batch, ["agency"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("training", "0013_agency_when_trained"), ("cadres", "0021_class_staff_group")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
