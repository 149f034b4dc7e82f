"""FastSelect writes the same HTML as Django's Select (and its templates) would."""

from django import forms

from cadres.forms import FastSelect

CHOICES = [
    ("", "Tất cả cơ quan của tôi"),
    ("1", 'Tỉnh ủy <Thử> & "nghiệm"'),
    ("2", "\u2003Đảng ủy phường A"),
    ("Nhóm", [("3", "Ủy ban nhân dân"), ("4", "Mặt trận Tổ quốc")]),
    (5, "Số"),
]


def _both(value, attrs=None):
    fast = FastSelect(choices=CHOICES).render("agency", value, attrs=attrs)
    plain = forms.Select(choices=CHOICES).render("agency", value, attrs=attrs)
    return fast, plain


def test_same_html_as_djangos_select():
    for value in ("", "1", "3", 5, None, "không có"):
        fast, plain = _both(value, attrs={"id": "id_agency", "required": True, "disabled": False})
        assert fast == plain


def test_same_html_in_the_filter_form(db):
    from cadres.forms import CadreFilterForm

    categories = [(1, "Cán bộ <cấp xã>"), (2, "Công chức & viên chức")]
    form = CadreFilterForm({"category": "2", "agency": ""}, agencies=[], categories=categories)
    fast = str(form["category"])
    form.fields["category"].widget = forms.Select(choices=form.fields["category"].choices)
    assert fast == str(form["category"])
