"""Forms of the agreement pages. They parse and check input only; every write goes through
the services, which hold the rules (a refused write comes back as a DomainError)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from resultatavtaler.lib.widgets import QuickSelect

from .constants import Binds, GoalSource, PeriodKind, Perspective
from .models import Goal, Period, Requirement, localized


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


INDICATOR_KEYS = ("text", "metric", "unit", "baseline", "target_value", "deadline")
REQUIREMENT_KEYS = ("text", "binds", "perspective", "goal", "superior_requirement", "evaluation_method", "elements")


def indicator_data(cleaned: dict, prefix: str = "") -> dict:
    """The service's keyword arguments for an indicator, from a form's cleaned data."""
    return {k: cleaned.get(prefix + k) for k in INDICATOR_KEYS}


def requirement_data(cleaned: dict) -> dict:
    data = {k: cleaned.get(k) for k in REQUIREMENT_KEYS}
    data["public"] = bool(cleaned.get("public"))
    return data


def publication_choices(cleaned: dict, section_keys, requirement_ids) -> tuple[dict, dict]:
    sections = {k: bool(cleaned.get(f"section_{k}")) for k in section_keys}
    requirements = {pk: bool(cleaned.get(f"requirement_{pk}")) for pk in requirement_ids}
    return sections, requirements


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LockedForm(forms.Form):
    """Every form that changes an agreement carries the lock version the page was built on
    and the time the page was shown (to say what others changed since)."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    seen_at = forms.CharField(widget=forms.HiddenInput, required=False)


class SectionForm(LockedForm):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), required=False, strip=True)

    def __init__(self, *args, spec: dict, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["text"]
        field.label = localized(spec.get("heading")).rstrip(":")
        help_parts = [localized(spec.get("guidance"))]
        if spec.get("max_lines"):
            help_parts.append(str(_("At most %(n)s lines.") % {"n": spec["max_lines"]}))
            field.widget.attrs["rows"] = spec["max_lines"] + 1
        field.help_text = " ".join(p for p in help_parts if p)
        self.max_lines = spec.get("max_lines")

    def clean_text(self):
        text = self.cleaned_data["text"]
        if self.max_lines and len(_lines(text)) > self.max_lines:
            raise forms.ValidationError(_("Write at most %(n)s lines.") % {"n": self.max_lines})
        return text


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.unit.name}: {obj.title}"


class SuperiorRequirementField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.text[:120]}".strip()


class IndicatorFields(forms.Form):
    """The fields of one indicator, with the optional measurable target."""

    text = forms.CharField(label=_("Indicator"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    metric = forms.CharField(
        label=_("Metric"), max_length=200, required=False, help_text=_("What is measured, e.g. sick leave.")
    )
    unit = forms.CharField(label=_("Unit of measure"), max_length=50, required=False, help_text=_("e.g. %, days"))
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=14, decimal_places=3, required=False, localize=True)
    target_value = forms.DecimalField(
        label=_("Target value"), max_digits=14, decimal_places=3, required=False, localize=True
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput)


class IndicatorForm(LockedForm, IndicatorFields):
    pass


class RequirementForm(LockedForm):
    text = forms.CharField(label=_("Requirement"), widget=forms.Textarea(attrs={"rows": 3}))
    binds = forms.ChoiceField(label=_("Binds"), choices=Binds.choices, widget=forms.RadioSelect)
    perspective = forms.ChoiceField(
        label=_("Perspective"), choices=[("", _("(none)")), *Perspective.choices], required=False
    )
    goal = GoalChoiceField(
        label=_("Goal it carries"), queryset=Goal.objects.none(), required=False, empty_label=_("(no goal)")
    )
    superior_requirement = SuperiorRequirementField(
        label=_("Requirement in your superior's agreement it carries"),
        queryset=Requirement.objects.none(),
        required=False,
        empty_label=_("(none)"),
    )
    evaluation_method = forms.CharField(
        label=_("Evaluation method"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Who or what judges the result, e.g. feedback from employees or reports."),
    )
    elements = forms.CharField(
        label=_("Elements"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One element per line."),
    )
    public = forms.BooleanField(label=_("Public to the unit once signed"), required=False)

    def __init__(self, *args, goals=None, superior_requirements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals if goals is not None else Goal.objects.none()
        self.fields["superior_requirement"].queryset = (
            superior_requirements if superior_requirements is not None else Requirement.objects.none()
        )

    def clean_elements(self):
        return _lines(self.cleaned_data["elements"])


class NewRequirementForm(RequirementForm):
    """A requirement with its first indicator (optional)."""

    indicator_text = forms.CharField(
        label=_("Indicator"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator_metric = IndicatorFields.base_fields["metric"]
    indicator_unit = IndicatorFields.base_fields["unit"]
    indicator_baseline = IndicatorFields.base_fields["baseline"]
    indicator_target_value = IndicatorFields.base_fields["target_value"]
    indicator_deadline = IndicatorFields.base_fields["deadline"]

    def clean(self):
        data = super().clean()
        target = [data.get(f"indicator_{k}") for k in ("metric", "unit", "baseline", "target_value", "deadline")]
        if any(v not in (None, "") for v in target) and not data.get("indicator_text"):
            self.add_error("indicator_text", _("Describe the indicator the target belongs to."))
        return data


class ReasonForm(LockedForm):
    text = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}))
    requirement = forms.TypedChoiceField(
        label=_("About"), coerce=int, required=False, empty_value=None, widget=QuickSelect
    )

    def __init__(self, *args, requirements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].choices = [("", _("The whole agreement"))] + [
            (r.pk, f"{r.number} {r.text[:80]}".strip()) for r in requirements
        ]


class PublicationForm(LockedForm):
    """One checkbox per text section and per requirement: shown to the unit once signed."""

    def __init__(self, *args, sections: list[dict], requirements: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.section_keys, self.requirement_ids = [], []
        for s in sections:
            name = f"section_{s['key']}"
            self.fields[name] = forms.BooleanField(label=s["heading"], required=False, initial=s["public"])
            self.section_keys.append(s["key"])
        for r in requirements:
            name = f"requirement_{r.pk}"
            self.fields[name] = forms.BooleanField(
                label=f"{r.number} {r.text[:120]}".strip(), required=False, initial=r.public
            )
            self.requirement_ids.append(r.pk)

    def section_fields(self):
        return [self[f"section_{k}"] for k in self.section_keys]

    def requirement_fields(self):
        return [self[f"requirement_{pk}"] for pk in self.requirement_ids]


class StartForm(forms.Form):
    template_version = forms.ChoiceField(label=_("Template"), widget=forms.RadioSelect, required=False)
    from_previous = forms.BooleanField(label=_("Start from last period's agreement"), required=False)
    carry_over = forms.MultipleChoiceField(
        label=_("Requirements to carry over"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Only when you start from last period's agreement."),
    )

    def __init__(self, *args, versions, previous_requirements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_version"].choices = [
            (str(v.pk), f"{v.template.name} ({_('version')} {v.number})") for v in versions
        ]
        if versions:
            self.fields["template_version"].initial = str(versions[0].pk)
        self.fields["carry_over"].choices = [
            (str(r.pk), f"{r.number} {r.text[:160]}".strip()) for r in previous_requirements
        ]
        if not previous_requirements:
            del self.fields["carry_over"]
            del self.fields["from_previous"]


# --- administration -----------------------------------------------------------------


class PeriodForm(forms.ModelForm):
    class Meta:
        model = Period
        fields = [
            "name",
            "kind",
            "start",
            "end",
            "default_template",
            "drafts_due",
            "signing_due",
            "midyear_review",
            "self_evaluations_due",
            "assessment_from",
            "assessment_to",
        ]
        widgets = dict.fromkeys(
            (
                "start",
                "end",
                "drafts_due",
                "signing_due",
                "midyear_review",
                "self_evaluations_due",
                "assessment_from",
                "assessment_to",
            ),
            DateInput,
        )

    def __init__(self, *args, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = PeriodKind.choices
        if templates is not None:
            self.fields["default_template"].queryset = templates
        self.fields["default_template"].label_from_instance = lambda t: t.name

    def service_data(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in self.Meta.fields}


class ParticipantForm(forms.Form):
    person = forms.ModelChoiceField(label=_("A person"), queryset=None, required=False, empty_label=_("(none)"))
    unit = forms.ModelChoiceField(
        label=_("Every employee of a unit"), queryset=None, required=False, empty_label=_("(none)")
    )
    superior_override = forms.ModelChoiceField(
        label=_("Superior (instead of the one the tree gives)"),
        queryset=None,
        required=False,
        empty_label=_("(from the tree)"),
    )

    def __init__(self, *args, persons, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons
        self.fields["superior_override"].queryset = persons
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        if bool(data.get("person")) == bool(data.get("unit")):
            raise forms.ValidationError(_("Choose either a person or a unit."))
        return data


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    source = forms.ChoiceField(label=_("Source"), choices=GoalSource.choices)
    perspective = forms.ChoiceField(
        label=_("Perspective"), choices=[("", _("(none)")), *Perspective.choices], required=False
    )
    parent = GoalChoiceField(label=_("Part of the goal"), queryset=None, required=False, empty_label=_("(top level)"))

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents


class CommonRequirementForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("For the unit and everything below it"),
        queryset=None,
        required=False,
        empty_label=_("The whole organisation"),
    )
    category_key = forms.ChoiceField(label=_("Category"))
    number = forms.CharField(label=_("Number"), max_length=20, required=False, help_text=_("e.g. 3.1"))
    text = forms.CharField(label=_("Requirement"), widget=forms.Textarea(attrs={"rows": 3}))
    indicators = forms.CharField(
        label=_("Indicators"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("One per line.")
    )
    evaluation_method = forms.CharField(
        label=_("Evaluation method"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    elements = forms.CharField(
        label=_("Elements"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One per line.")
    )
    perspective = forms.ChoiceField(
        label=_("Perspective"), choices=[("", _("(none)")), *Perspective.choices], required=False
    )

    def __init__(self, *args, units, categories: list[tuple[str, str]], allow_whole: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].required = not allow_whole
        if not allow_whole:
            self.fields["unit"].empty_label = None
        self.fields["category_key"].choices = categories

    def service_data(self) -> dict:
        d = self.cleaned_data
        return {
            "number": d["number"],
            "text": d["text"],
            "indicators": _lines(d["indicators"]),
            "evaluation_method": d["evaluation_method"],
            "elements": _lines(d["elements"]),
            "perspective": d["perspective"],
        }


# --- template tailoring -------------------------------------------------------------


def _text_fields(prefix: str, label, *, required_nb: bool = True, textarea: bool = False) -> dict:
    widget = forms.Textarea(attrs={"rows": 2}) if textarea else forms.TextInput
    return {
        f"{prefix}_nb": forms.CharField(
            label=_("%(what)s (bokmål)") % {"what": label}, required=required_nb, widget=widget
        ),
        f"{prefix}_nn": forms.CharField(label=_("%(what)s (nynorsk)") % {"what": label}, required=False, widget=widget),
        f"{prefix}_en": forms.CharField(label=_("%(what)s (English)") % {"what": label}, required=False, widget=widget),
    }


def _texts(data: dict, prefix: str) -> dict:
    return {lang: (data.get(f"{prefix}_{lang}") or "").strip() for lang in ("nb", "nn", "en")}


def _initial_texts(value, prefix: str) -> dict:
    value = value if isinstance(value, dict) else {}
    return {f"{prefix}_{lang}": value.get(lang, "") for lang in ("nb", "nn", "en")}


class TemplateTitleForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed"), max_length=300, required=False, help_text=_("Kept with the new version.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields("title", _("Title")))


class TemplateSectionForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=60, help_text=_("Letters, digits and _ only; unique."))
    max_lines = forms.IntegerField(label=_("Maximum lines"), min_value=1, required=False)
    public_default = forms.BooleanField(label=_("Public by default"), required=False)
    placement = forms.ChoiceField(
        label=_("Placement"),
        choices=[("before", _("Before the requirements")), ("after", _("After the requirements"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields("heading", _("Heading")))
        self.fields.update(_text_fields("guidance", _("Guidance"), required_nb=False, textarea=True))
        self.fields.update(_text_fields("default_text", _("Standard text"), required_nb=False, textarea=True))

    @staticmethod
    def initial_from(section: dict) -> dict:
        return {
            "key": section.get("key"),
            "max_lines": section.get("max_lines"),
            "public_default": section.get("public_default", True),
            "placement": section.get("placement", "before"),
            "kind": section.get("kind", "text"),
            **_initial_texts(section.get("heading"), "heading"),
            **_initial_texts(section.get("guidance"), "guidance"),
            **_initial_texts(section.get("default_text"), "default_text"),
        }

    def content(self, original: dict | None) -> dict:
        d = self.cleaned_data
        out = dict(original or {"kind": "text"})
        out.update(
            key=d["key"],
            heading=_texts(d, "heading"),
            guidance=_texts(d, "guidance"),
            default_text=_texts(d, "default_text"),
            max_lines=d.get("max_lines"),
            public_default=bool(d.get("public_default")),
            placement=d["placement"],
        )
        return out


COLUMN_CHOICES = [
    ("indicator", _("Indicator")),
    ("evaluation", _("Evaluation")),
    ("elements", _("Elements")),
    ("self_evaluation", _("Self-evaluation")),
    ("superior_assessment", _("Superior's assessment")),
]


# The seed's own column headings, for a column a tailored category adds.
COLUMN_DEFAULT_HEADINGS = {
    "indicator": {"nb": "Indikator", "nn": "Indikator", "en": "Indicator"},
    "evaluation": {"nb": "Evaluering", "nn": "Evaluering", "en": "Evaluation"},
    "elements": {
        "nb": "Elementer i vurderingen av resultatoppnåelse",
        "nn": "Element i vurderinga av resultatoppnåinga",
        "en": "Elements in assessing results",
    },
    "self_evaluation": {"nb": "Egen evaluering", "nn": "Eigenevaluering", "en": "Self-evaluation"},
    "superior_assessment": {
        "nb": "Nærmeste overordnedes vurdering",
        "nn": "Vurderinga til næraste overordna",
        "en": "Line manager's assessment",
    },
}


class TemplateCategoryForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=60, help_text=_("Letters, digits and _ only; unique."))
    number = forms.CharField(label=_("Number"), max_length=10, required=False)
    recommended_min = forms.IntegerField(label=_("Recommended at least"), min_value=0, required=False)
    recommended_max = forms.IntegerField(label=_("Recommended at most"), min_value=0, required=False)
    is_common = forms.BooleanField(
        label=_("Common requirements (filled from the common requirements, read-only)"), required=False
    )
    columns = forms.MultipleChoiceField(
        label=_("Columns"), choices=COLUMN_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    default_perspective = forms.ChoiceField(
        label=_("Perspective of new requirements"), choices=[("", _("(none)")), *Perspective.choices], required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields("title", _("Title")))
        self.fields.update(_text_fields("guidance", _("Guidance"), required_nb=False))

    @staticmethod
    def initial_from(category: dict) -> dict:
        return {
            "key": category.get("key"),
            "number": category.get("number", ""),
            "recommended_min": category.get("recommended_min"),
            "recommended_max": category.get("recommended_max"),
            "is_common": bool(category.get("is_common")),
            "columns": list(category.get("columns", [])),
            "default_perspective": category.get("default_perspective", ""),
            **_initial_texts(category.get("title"), "title"),
            **_initial_texts(category.get("guidance"), "guidance"),
        }

    def clean(self):
        d = super().clean()
        lo, hi = d.get("recommended_min"), d.get("recommended_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("recommended_max", _("The recommended minimum cannot exceed the maximum."))
        return d

    def content(self, original: dict | None) -> dict:
        d = self.cleaned_data
        out = dict(original or {"prefilled": False, "examples": [], "public_default": True})
        headings = dict(out.get("column_headings") or {})
        for col in d.get("columns") or []:
            if not (isinstance(headings.get(col), dict) and any(headings[col].values())):
                headings[col] = dict(COLUMN_DEFAULT_HEADINGS[col])
        out.update(
            key=d["key"],
            number=d.get("number") or "",
            title=_texts(d, "title"),
            guidance=_texts(d, "guidance"),
            recommended_min=d.get("recommended_min"),
            recommended_max=d.get("recommended_max"),
            is_common=bool(d.get("is_common")),
            columns=list(d.get("columns") or []),
            column_headings=headings,
            default_perspective=d.get("default_perspective") or "",
        )
        return out


class ScaleLevelForm(forms.Form):
    value = forms.IntegerField(label=_("Value"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_text_fields("label", _("Label")))

    @staticmethod
    def initial_from(level: dict) -> dict:
        return {"value": level.get("value"), **_initial_texts(level.get("label"), "label")}

    def content(self) -> dict:
        return {"value": self.cleaned_data["value"], "label": _texts(self.cleaned_data, "label")}


SectionFormSet = forms.formset_factory(TemplateSectionForm, extra=1, can_delete=True, can_order=True)
CategoryFormSet = forms.formset_factory(TemplateCategoryForm, extra=1, can_delete=True, can_order=True)
ScaleFormSet = forms.formset_factory(ScaleLevelForm, extra=1, can_delete=True)
