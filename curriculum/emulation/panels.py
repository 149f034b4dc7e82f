"""The record a case study came from, shown read-only in the page editor (editors cannot open
the office's pages): the lead agency, the assessing body and the recognition decisions."""

from wagtail.admin.panels import Panel


class EmulationRecordPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "curriculum/emulation/admin_record_panel.html"

        def _records(self):
            if not getattr(self.instance, "pk", None):
                return []
            return list(
                self.instance.emulation_records.select_related("lead_agency", "assessing_body")
                .prefetch_related("decisions", "participants")
                .order_by("pk")
            )

        @property
        def records(self):
            if not hasattr(self, "_cached_records"):
                self._cached_records = self._records()
            return self._cached_records

        def is_shown(self):
            return bool(self.records)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["records"] = self.records
            return context
