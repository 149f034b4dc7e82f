"""StreamField blocks of lessons and other course material: one base StreamBlock, a template each.

The quiz block's template renders questions and options only: which options are correct and the
explanations stay on the server, where `curriculum.quiz.grade_quiz` uses them.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

QUIZ_NEEDS_A_CORRECT_OPTION = _("Mark at least one option as correct.")
QUIZ_SINGLE_NEEDS_ONE_CORRECT = _("A single-choice question must have exactly one correct option.")
QUIZ_NEEDS_TWO_OPTIONS = _("A question needs at least two options.")


def _block_template(name: str) -> str:
    return f"curriculum/blocks/{name}_block.html"


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=200)
    size = blocks.ChoiceBlock(
        label=_("size"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = _block_template("heading")
        preview_value = {"text": "Phương châm “dân biết, dân bàn, dân làm”", "size": "h2"}
        description = _("A section heading inside the lesson.")


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = _block_template("paragraph")
        features = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]
        preview_value = (
            "<p>Cán bộ dân vận cần <b>gần dân, hiểu dân</b> và lắng nghe ý kiến của nhân dân.</p>"
        )


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = _block_template("image")


class VideoBlock(blocks.StructBlock):
    """An uploaded video file (a Wagtail document): no external embed, as oEmbed needs the internet."""

    video = DocumentChooserBlock(label=_("video file (MP4)"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)
    poster = ImageBlock(label=_("poster image"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = _block_template("video")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to use the document's title."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = _block_template("document")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("note", _("Note")), ("tip", _("Tip")), ("warning", _("Caution"))],
        default="note",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "info-circle"
        label = _("Callout")
        template = _block_template("callout")
        preview_value = {
            "kind": "tip",
            "title": "Ghi nhớ",
            "text": "<p>Nói để dân hiểu, làm để dân tin.</p>",
        }


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quotation"))
    attribution = blocks.CharBlock(label=_("source"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = _block_template("quote")
        preview_value = {
            "text": "Dễ mười lần không dân cũng chịu, khó trăm lần dân liệu cũng xong.",
            "attribution": "Chủ tịch Hồ Chí Minh",
        }


class CaseStudyReferenceBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("case study"), page_type="curriculum.CaseStudyPage")
    note = blocks.CharBlock(
        label=_("why read it"),
        required=False,
        max_length=250,
    )

    class Meta:
        icon = "pick"
        label = _("Case study reference")
        template = _block_template("case_study_reference")


class QuizOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("option"), max_length=300)
    is_correct = blocks.BooleanBlock(label=_("correct"), required=False, default=False)

    class Meta:
        icon = "radio-full"
        label = _("Option")


class QuizQuestionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("single", _("Single choice")), ("multiple", _("Multiple choice"))],
        default="single",
    )
    text = blocks.TextBlock(label=_("question"))
    options = blocks.ListBlock(QuizOptionBlock(), label=_("options"), min_num=2)
    explanation = blocks.TextBlock(
        label=_("explanation"),
        required=False,
        help_text=_("Shown only after the answers have been graded."),
    )

    class Meta:
        icon = "help"
        label = _("Question")

    def clean(self, value):
        value = super().clean(value)
        options = list(value["options"])
        correct = sum(1 for option in options if option["is_correct"])
        message = None
        if len(options) < 2:
            message = QUIZ_NEEDS_TWO_OPTIONS
        elif correct == 0:
            message = QUIZ_NEEDS_A_CORRECT_OPTION
        elif value["kind"] == "single" and correct != 1:
            message = QUIZ_SINGLE_NEEDS_ONE_CORRECT
        if message:
            raise StructBlockValidationError(non_block_errors=[ValidationError(message)])
        return value


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=200, default="Câu hỏi ôn tập")
    intro = blocks.TextBlock(label=_("introduction"), required=False)
    questions = blocks.ListBlock(QuizQuestionBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "tasks"
        label = _("Quiz")
        template = _block_template("quiz")


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks every piece of course material may use."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = FigureBlock()
    video = VideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    case_study = CaseStudyReferenceBlock()


class LessonStreamBlock(BaseStreamBlock):
    """Lessons add quizzes to the common blocks."""

    quiz = QuizBlock()


class KeyFigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("figure"), max_length=40)
    label = blocks.CharBlock(label=_("what it counts"), max_length=200)

    class Meta:
        icon = "table"
        label = _("Result in figures")
        template = _block_template("key_figure")
        preview_value = {"value": "1.250", "label": "hộ dân tham gia"}
