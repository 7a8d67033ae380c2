"""The two trees of the alignment page — goals and agreements — rendered in Python.

Both trees are recursive and, at the scale of a large department, hold hundreds of nodes (an
avdeling leader sees ~70 agreements with ~350 requirements). Rendered as one `{% include %}`
per node, the template engine's cost per node and per variable made the page's time grow
steeply with the reader's subtree (docs/performance.md §25); built here, like Django's own
`unordered_list` filter, each node costs a few string joins. The markup and the translated
texts (the same msgids as before, so the catalogues keep their translations) are unchanged;
every value from the database is escaped.

    {% load alignment_tree %}
    <ul class="alignment-tree">{% alignment_goals tree.goals %}</ul>
    <ul class="alignment-tree">{% alignment_agreements roots period=period choose_part=choose_part %}</ul>
"""

from html import escape as _escape

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from resultatavtaler.lib.templatetags.text_filters import truncatechars

register = template.Library()


def escape(value) -> str:
    """Django's `escape` (the same five characters), without its check for lazy arguments on
    every call: a few thousand calls per page."""
    return _escape(str(value))


def _text(value) -> str:
    """What `{{ value }}` prints: escaped, with numbers in the active language's format."""
    if isinstance(value, SafeString):
        return value
    if isinstance(value, int | float):
        value = localize(value)
    return _escape(str(value))


def _render(nodes, render_node, texts: dict) -> str:
    out: list[str] = []
    for node in nodes:
        render_node(node, texts, out)
    # Safe: every value from the database went through `_text` or `escape`.
    return mark_safe("".join(out))  # noqa: S308  # nosec B308 B703


def _children(node, render_node, texts: dict, out: list[str]) -> None:
    if node.children:
        out.append("<ul>")
        for child in node.children:
            render_node(child, texts, out)
        out.append("</ul>")


@register.simple_tag
def alignment_goals(goals) -> str:
    """`<li>` per goal, its carriers and the goals below it."""
    texts = {
        "gap": escape(gettext("Gap: carried by no requirement")),
        "carried": escape(gettext("Carried by")),
    }
    return _render(goals, _goal, texts)


def _goal(node, texts: dict, out: list[str]) -> None:
    goal = node.goal
    out.append(
        f'<li><span class="alignment-node__title">{_text(goal.title)}</span>'
        f' <span class="agreement-guidance">({_text(goal.unit.name)})</span>\n  '
    )
    if node.is_gap:
        out.append(f'<span class="ds-tag" data-color="warning">{texts["gap"]}</span>\n  ')
    else:
        out.append("<ul>")
        for r in node.carried_by:
            out.append(f"<li>{texts['carried']} {_text(r.number)} {_text(truncatechars(r.text, 80))}</li>")
        if node.hidden_carriers:
            n = node.hidden_carriers
            phrase = ngettext("and %(n)s requirement you cannot see", "and %(n)s requirements you cannot see", n)
            out.append(f"<li>{phrase % {'n': escape(localize(n))}}</li>")
        out.append("</ul>\n  ")
    _children(node, _goal, texts, out)
    out.append("\n</li>")


# An id no agreement has, to find where the id goes in the agreement's URL.
_STAND_IN = 2_147_483_647


@register.simple_tag
def alignment_agreements(roots, *, period, choose_part: bool = False) -> str:
    """`<li>` per agreement: leader, unit and state; a link to the agreement and, when the
    reader chooses a part of the organisation, to that part; its requirements with their gaps
    and carriers (or that its content is hidden from the reader); the agreements below it."""
    # One `reverse` for all the links: the agreement's id goes where a stand-in id was.
    before, _stand_in, after = reverse("agreements:detail", args=[_STAND_IN]).partition(str(_STAND_IN))
    texts = {
        "url": (escape(before), escape(after)),
        "open": escape(gettext("Open")),
        "part": escape(gettext("Show this part")),
        "gap": escape(gettext("Gap: no leader below carries it")),
        "hidden": escape(gettext("content not visible to you")),
        "period": _text(period.pk),
        # Translated once per page: "(carried by n requirements below)" by n. (The states' names
        # come from the agreement's memo, agreements.constants.state_label.)
        "carried": {},
        "choose_part": choose_part,
    }
    return _render(roots, _agreement, texts)


def _agreement(node, texts: dict, out: list[str]) -> None:
    ag = node.agreement
    leader, unit = _text(ag.leader.name), _text(ag.unit.name)
    out.append(
        f'<li>\n  <span class="alignment-node__title">{leader}</span> – {unit}'
        f' <span class="ds-tag" data-color="neutral">{_text(ag.get_state_display())}</span>\n  '
    )
    if node.visible:
        url = f"{texts['url'][0]}{ag.pk}{texts['url'][1]}"
        out.append(
            f' <a class="ds-link" href="{url}">{texts["open"]}<span class="visually-hidden"> – {leader}</span></a>'
        )
        if texts["choose_part"]:
            out.append(
                f' <a class="ds-link" href="?period={texts["period"]}&amp;unit={_text(ag.unit_id)}">'
                f'{texts["part"]}<span class="visually-hidden"> – {unit}</span></a>'
            )
        out.append("\n  ")
        if node.requirements:
            out.append("<ul>")
            for rn in node.requirements:
                r = rn.requirement
                out.append(f"<li>{_text(r.number)} {_text(truncatechars(r.text, 100))}")
                if rn.is_gap:
                    out.append(f' <span class="ds-tag" data-color="warning">{texts["gap"]}</span>')
                elif n := rn.carried_count:
                    out.append(_carried(n, texts["carried"]))
                out.append("</li>")
            out.append("</ul>")
        out.append("\n  ")
    else:
        out.append(f' <span class="agreement-guidance">({texts["hidden"]})</span>\n  ')
    _children(node, _agreement, texts, out)
    out.append("\n</li>")


def _carried(n: int, known: dict[int, str]) -> str:
    if n not in known:
        phrase = ngettext("carried by %(n)s requirement below", "carried by %(n)s requirements below", n)
        known[n] = f' <span class="agreement-guidance">({phrase % {"n": escape(localize(n))}})</span>'
    return known[n]
