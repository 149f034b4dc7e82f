"""Editorial review: editors write and submit, moderators approve and publish ("Duyệt rồi xuất
bản"); revisions, preview, scheduled publishing and the audit log are Wagtail's own."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import PageLogEntry, Workflow
from wagtail.test.utils.form_data import nested_form_data, rich_text

from curriculum.demo import para
from curriculum.models import CaseStudyIndexPage
from tests.curriculum import factories

pytestmark = pytest.mark.django_db


def _draft_index(title="Mô hình chờ duyệt"):
    page = CaseStudyIndexPage(title=title, slug="mo-hinh-cho-duyet", live=False)
    factories.home().add_child(instance=page)
    page.save_revision()
    return page


def _edit(client, page, action, title):
    data = nested_form_data(
        {"title": title, "slug": page.slug, "intro": rich_text("<p>Giới thiệu.</p>")}
    )
    data[action] = "1"
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def test_the_review_workflow_covers_the_portal(catalog, case_index, resource_index):
    workflow = Workflow.objects.get(name="Duyệt rồi xuất bản")
    task = workflow.tasks.get().specific
    assert [g.name for g in task.groups.all()] == ["Moderators"]
    for page in (catalog, case_index, resource_index):
        assert page.get_workflow() == workflow


def test_editor_cannot_publish_only_submit(client, editor):
    page = _draft_index()
    assert not page.permissions_for_user(editor).can_publish()
    assert page.permissions_for_user(editor).can_edit()
    client.force_login(editor)
    _edit(client, page, "action-publish", "Thử xuất bản thẳng")
    page.refresh_from_db()
    assert not page.live
    assert not PageLogEntry.objects.filter(page=page, action="wagtail.publish").exists()

    response = _edit(client, page, "action-submit", "Mô hình đã gửi duyệt")
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.workflow_in_progress
    assert page.current_workflow_state.workflow.name == "Duyệt rồi xuất bản"
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.start", user=editor)


def test_moderator_approves_and_the_page_goes_live(client, editor, moderator):
    page = _draft_index()
    client.force_login(editor)
    _edit(client, page, "action-submit", "Mô hình đã gửi duyệt")
    page.refresh_from_db()
    task_state = page.current_workflow_task_state

    client.force_login(moderator)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    response = client.post(url, {"comment": "Đồng ý xuất bản."})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert page.title == "Mô hình đã gửi duyệt"
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=moderator)
    # The public sees it now.
    client.logout()
    assert client.get(page.url).status_code == 200


def test_editor_cannot_approve(client, editor):
    page = _draft_index()
    client.force_login(editor)
    _edit(client, page, "action-submit", "Mô hình đã gửi duyệt")
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    client.post(url, {"comment": ""})
    page.refresh_from_db()
    assert not page.live


def test_revisions_are_kept(lesson):
    lesson.title = "Bài đã sửa"
    lesson.save_revision().publish()
    assert lesson.revisions.count() == 2


def test_preview_shows_the_draft_while_the_public_sees_the_published_lesson(
    client, editor, cadre_user, lesson
):
    client.force_login(cadre_user)
    assert "Nội dung bài học." in client.get(lesson.url).content.decode()  # fills the cache
    lesson.body = [para("Bản nháp chưa duyệt.")]
    revision = lesson.save_revision(user=editor)

    client.force_login(editor)
    url = reverse("wagtailadmin_pages:revisions_view", args=[lesson.pk, revision.pk])
    preview = client.get(url)
    assert preview.status_code == 200
    assert "Bản nháp chưa duyệt." in preview.content.decode()

    client.force_login(cadre_user)
    public = client.get(lesson.url).content.decode()
    assert "Bản nháp chưa duyệt." not in public
    assert "Nội dung bài học." in public


def test_scheduled_publishing_waits_for_publish_scheduled(client, case_index, monkeypatch):
    page = factories.case_study(case_index)
    page.unpublish()
    page.title = "Mô hình lên lịch"
    page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live  # waiting for its time
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish.schedule").exists()

    call_command("publish_scheduled")  # too early: nothing happens
    page.refresh_from_db()
    assert not page.live

    later = timezone.now() + timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)  # cron runs it two hours later
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert page.title == "Mô hình lên lịch"


def test_publishing_invalidates_cached_fragments(client, cadre_user, course, lesson):
    client.force_login(cadre_user)
    assert lesson.title in client.get(course.url).content.decode()
    factories.lesson(course, title="Bài mới thêm vào")
    assert "Bài mới thêm vào" in client.get(course.url).content.decode()
    lesson.unpublish()
    assert lesson.title not in client.get(course.url).content.decode()


def test_a_publish_in_another_process_reaches_this_one(db):
    from django.core.cache import cache
    from django.db.models import F

    from curriculum.models import VERSION_KEY, ContentVersion, content_version

    before = content_version()
    # Another gunicorn worker published: it bumped the row; our memory cache still holds `before`.
    ContentVersion.objects.filter(pk=1).update(number=F("number") + 1)
    assert content_version() == before
    cache.delete(VERSION_KEY)  # what VERSION_SECONDS later does on its own
    assert content_version() == before + 1


def test_a_page_under_review_is_published_by_approving_not_by_a_second_button(
    client, editor, moderator
):
    page = _draft_index()
    client.force_login(editor)
    _edit(client, page, "action-submit", "Mô hình đã gửi duyệt")
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "Duyệt và xuất bản" in html
    assert 'name="action-publish"' not in html


def test_page_addresses_are_folded_without_marks(client, editor):
    page = _draft_index()
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": "Dân vận khéo ở Đồng Tháp",
            "slug": "dân-vận-khéo-ở-đồng-tháp",
            "intro": rich_text("<p>Giới thiệu.</p>"),
        }
    )
    data["action-submit"] = "1"
    client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().slug == "dan-van-kheo-o-dong-thap"


def test_the_admin_speaks_vietnamese_where_wagtail_left_english(client, moderator):
    from django.utils import translation
    from django.utils.timesince import timesince
    from wagtail.models import Collection, Page

    with translation.override("vi"):
        assert timesince(timezone.now() - timedelta(minutes=8)) == "8\xa0phút"
    assert Page.get_first_root_node().title == "Gốc"
    assert Collection.get_first_root_node().name == "Tất cả tài liệu"


def test_wagtails_review_notices_go_through_the_outbox(
    client, editor, moderator, settings, django_capture_on_commit_callbacks
):
    """With the mail server down, submitting still works; the moderator's notice waits in the
    outbox (retried later) and shows among their notices, like the project's own emails."""
    from cadres.models import EmailStatus, OutgoingEmail

    settings.EMAIL_BACKEND = "cadres.mail_backend.OutboxBackend"
    settings.OUTBOX_DELIVERY_BACKEND = "tests.mail_backends.MailServerDown"
    moderator.email = "kiemduyet@example.vn"
    moderator.save()
    page = _draft_index()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = _edit(client, page, "action-submit", "Mô hình đã gửi duyệt")
    assert response.status_code == 302
    notice = OutgoingEmail.objects.get(recipient="kiemduyet@example.vn")
    assert notice.user == moderator and notice.status == EmailStatus.RETRYING
    assert "Mô hình đã gửi duyệt" in notice.subject + notice.body
    client.force_login(moderator)
    notices = client.get(reverse("cadres:my_notices")).content.decode()
    assert escape(notice.subject) in notices
