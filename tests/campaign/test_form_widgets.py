"""Form fields as Bootstrap draws them (campaign.templatetags.portal_ui.bootstrap): radio buttons and check boxes of a
choice are each a form-check with their own label — they were given the text box's form-control class and drew as
empty red boxes with the labels under them (the complaint outcome, the body rating)."""

from django import forms
from django.template import Context, Template

from enterprises.forms.complaints import ComplaintCloseForm

RENDER = Template("{% load portal_ui %}{{ field|bootstrap }}")


def _html(bound_field) -> str:
    return RENDER.render(Context({"field": bound_field}))


def test_radio_buttons_are_form_checks_with_their_labels():
    html = _html(ComplaintCloseForm()["outcome"])
    assert "form-control" not in html
    assert html.count('class="form-check"') == 3
    assert html.count('type="radio"') == 3 and html.count('class="form-check-input"') == 3
    assert '<label class="form-check-label" for="id_outcome_0">' in html


def test_an_unanswered_required_choice_is_marked_invalid_with_its_message_and_keeps_the_typed_note():
    form = ComplaintCloseForm(data={"note": "已与企业沟通"})
    assert not form.is_valid()
    assert form.errors["outcome"] == ["请选择投诉处理结论：成立、部分成立或不成立。"]
    html = _html(form["outcome"])
    assert 'class="is-invalid"' in html and html.count("form-check-input is-invalid") == 3
    assert 'aria-describedby="id_outcome_errors"' in html
    assert "已与企业沟通" in _html(form["note"])


def test_a_chosen_radio_stays_checked_after_a_refused_submit():
    form = ComplaintCloseForm(data={"outcome": "partly_upheld", "note": ""})
    assert not form.is_valid()
    html = _html(form["outcome"])
    checked = html.split('value="partly_upheld"')[1].split(">")[0]
    assert "checked" in checked


def test_check_boxes_of_a_choice_are_form_checks_too():
    class Kinds(forms.Form):
        kinds = forms.MultipleChoiceField(choices=[("a", "甲"), ("b", "乙")], widget=forms.CheckboxSelectMultiple)

    html = _html(Kinds()["kinds"])
    assert "form-control" not in html and html.count('type="checkbox"') == 2
    assert html.count('class="form-check"') == 2
