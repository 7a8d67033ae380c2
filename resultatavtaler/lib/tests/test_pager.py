"""The shared pager under paginated lists (templates/includes/pager.html): links keep the list's
other query parameters and an optional anchor, and nothing is shown for a single page."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


def _render(page, **extra):
    with translation.override("en"):
        return render_to_string("includes/pager.html", {"page": page, **extra})


def test_middle_page_links_both_ways_keeping_the_query_and_anchor():
    page = Paginator(list(range(5)), 2).get_page(2)
    html = _render(page, page_query="periode=7", anchor="#others-heading")
    assert 'href="?periode=7&amp;page=1#others-heading"' in html
    assert 'href="?periode=7&amp;page=3#others-heading"' in html
    assert "Page 2 of 3" in html and 'aria-current="page"' in html
    assert 'aria-label="Pages of the list"' in html


def test_without_other_parameters_the_link_is_just_the_page():
    html = _render(Paginator(list(range(5)), 2).get_page(1))
    assert 'href="?page=2"' in html and "Previous page" not in html


def test_a_single_page_shows_no_pager():
    assert _render(Paginator([1, 2], 10).get_page(1)).strip() == ""
