"""Every page, as each role, is usable with a screen reader and a keyboard (WCAG 2.1 AA).

The demo book is loaded once, so every panel and every in-place form of My day and the
account page is on the page (folded forms are in the HTML too), and each page is parsed for
what a screen reader needs: a language, one h1 and headings in order, landmarks and a skip
link, a distinct title, a name for every field, button and link, scoped table headers, and
a text alternative for every image and chart.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from django.core.management import call_command

from rhythm.accounts.models import Account
from rhythm.team.models import TeamMember
from rhythm.timeline.models import Activity

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
FIELDS = {"input", "select", "textarea"}
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join((c if isinstance(c, str) else c.text()) for c in self.children if c).strip()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent  # an element left open (e.g. <p>) closes with its parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        if data.strip():
            self.current.children.append(data.strip())


def parse(html: str) -> Node:
    builder = TreeBuilder()
    builder.feed(html)
    return builder.root


def named(node: Node) -> bool:
    return bool(node.text() or node.attrs.get("aria-label") or node.attrs.get("aria-labelledby"))


def problems(html: str, *, logged_in: bool = True) -> list[str]:
    """What a screen reader or keyboard user would miss on the page, one line each.

    The top bar's navigation is there once logged in.
    """
    root = parse(html)
    nodes = list(root.walk())
    found = []
    ids = {n.attrs["id"] for n in nodes if "id" in n.attrs}
    labelled_for = {n.attrs.get("for") for n in nodes if n.tag == "label"}

    html_tag = next(n for n in nodes if n.tag == "html")
    if not html_tag.attrs.get("lang"):
        found.append("<html> has no lang")
    titles = [n for n in nodes if n.tag == "title" and n.parent and n.parent.tag == "head"]
    if len(titles) != 1 or not titles[0].text():
        found.append("no page title")

    levels = [int(n.tag[1]) for n in nodes if re.fullmatch(r"h[1-6]", n.tag)]
    if levels.count(1) != 1 or levels[:1] != [1]:
        found.append(f"headings {levels[:6]}...: want one h1, first")
    for before, after in pairwise(levels):
        if after > before + 1:
            found.append(f"heading h{before} followed by h{after}")

    for landmark in ("header", "nav", "main") if logged_in else ("header", "main"):
        if not any(n.tag == landmark for n in nodes):
            found.append(f"no <{landmark}>")
    main = next((n for n in nodes if n.tag == "main"), None)
    skip = [n for n in nodes if n.tag == "a" and n.attrs.get("href") == "#main"]
    if main is None or main.attrs.get("id") != "main" or not skip:
        found.append("no skip link to <main id=main>")
    navs = [n for n in nodes if n.tag == "nav"]
    if len(navs) > 1 and any(not n.attrs.get("aria-label") for n in navs):
        found.append("several <nav> without an aria-label telling them apart")

    for node in nodes:
        where = f"<{node.tag} {' '.join(f'{k}={v!r}' for k, v in node.attrs.items())}>"
        if node.tag in FIELDS and node.attrs.get("type", "") not in UNLABELLED_INPUTS:
            in_label = any(a.tag == "label" for a in node.ancestors())
            if not (
                in_label
                or node.attrs.get("id") in labelled_for
                or node.attrs.get("aria-label")
                or node.attrs.get("aria-labelledby")
            ):
                found.append(f"field without a label: {where}")
            described = node.attrs.get("aria-describedby")
            if described and described not in ids:
                found.append(f"aria-describedby names no element: {where}")
        elif node.tag == "button" and not named(node):
            found.append(f"button without a name: {where}")
        elif node.tag == "a" and "href" in node.attrs and not named(node):
            found.append(f"link without a name: {where}")
        elif node.tag == "th":
            if node.attrs.get("scope") not in ("col", "row", "colgroup", "rowgroup"):
                found.append(f"table header without scope: {where} {node.text()[:30]}")
            if not node.text():
                found.append(f"empty table header: {where}")
        elif node.tag == "img" and "alt" not in node.attrs:
            found.append(f"image without alt: {where}")
        elif node.tag == "svg" and node.attrs.get("aria-hidden") != "true":
            if node.attrs.get("role") != "img" or not node.attrs.get("aria-label"):
                found.append(f"chart without a text alternative: {where}")
        elif node.tag == "summary" and not node.text():
            found.append(f"summary without a name: {where}")
    return found


# Every page a role reaches from the top bar, an account of theirs, and the pages behind it.
ROLES = [
    "alex.chen@rhythm.example",  # CSM
    "maria.santos@rhythm.example",  # manager
    "lena.fischer@rhythm.example",  # leadership
    "tom.baker@rhythm.example",  # AE
]


def page_urls(member: TeamMember) -> list[str]:
    account = Account.objects.visible_to(member.user).order_by("name").first()
    activity = Activity.objects.filter(account=account).order_by("-date").first()
    urls = [
        "/",
        "/?state=coming",
        "/accounts/",
        "/sessions/",
        "/team/",
        f"/accounts/{account.pk}/",
        f"/accounts/{account.pk}/timeline/",
        f"/accounts/{account.pk}/activities/{activity.pk}/edit/",
        "/no-such-page/",
    ]
    return urls


@pytest.fixture
def demo(db):
    call_command("demo", stdout=io.StringIO())


def test_every_page_as_every_role_has_what_a_screen_reader_needs(client, demo):
    failures = []
    for email in ROLES:
        member = TeamMember.objects.get(email=email)
        client.force_login(member.user)
        titles: dict[str, str] = {}
        for url in page_urls(member):
            response = client.get(url)
            if response.status_code not in (200, 403, 404):  # 403: leadership cannot edit
                failures.append(f"{email} {url}: status {response.status_code}")
                continue
            html = response.content.decode()
            failures += [f"{email} {url}: {p}" for p in problems(html)]
            title = re.search(r"<title>(.*?)</title>", html, re.S)  # the head's, the first
            if title and response.status_code == 200 and "?" not in url:
                titles.setdefault(title.group(1).strip(), url)
                if titles[title.group(1).strip()] != url:
                    failures.append(f"{email}: {url} and {titles[title.group(1)]} share a title")
        client.logout()
    assert not failures, "\n".join(failures[:40])


def test_the_login_page_and_a_refused_action_page_are_labelled(client, alice, account):
    assert problems(client.get("/login/").content.decode(), logged_in=False) == []
    refused = client.post("/login/", {"username": "nobody@rhythm.test", "password": "x"})
    assert 'role="alert"' in refused.content.decode()

    client.force_login(alice.user)
    # Without JavaScript a refused in-place action answers with a page of its own, named so.
    response = client.post(
        f"/accounts/{account.pk}/queue/health/", {"rule": "HEALTH-1", "overall": "purple"}
    )
    html = response.content.decode()
    assert response.status_code == 400, html[:500]
    assert problems(html) == []
    assert "<title>Not saved · Acme Corp · Rhythm</title>" in html
    assert '<p class="error" role="alert">That could not be saved' in html


def test_a_refused_form_s_errors_are_the_ones_its_fields_point_to(client, alice, account):
    """Django marks a field in error aria-invalid and aria-describedby="<id>_error": the
    message must carry that id, or a screen reader reads the field without its error."""
    client.force_login(alice.user)
    refused = client.post(
        f"/accounts/{account.pk}/contacts/", {"name": "Ana Quinn", "email": "not-an-email"}
    )
    html = refused.content.decode()
    assert 'aria-invalid="true"' in html and "_error" in html
    assert problems(html) == []
    for bad in ("/?state=nope", "/accounts/?q=" + "x" * 300):
        html = client.get(bad).content.decode()
        assert 'aria-invalid="true"' in html, bad
        assert problems(html) == [], bad


def test_each_item_s_rule_is_named_in_words_not_only_in_a_tooltip(client, alice, account):
    """A screen reader does not read a title attribute: the rule's title is in the text too."""
    from tests.web.pages import with_late_call

    with_late_call(alice, "Late Call Inc")
    client.force_login(alice.user)
    root = parse(client.get("/").content.decode())
    codes = [n for n in root.walk() if n.tag == "span" and n.attrs.get("class") == "rule"]
    assert codes, "My day shows no item"
    for code in codes:
        title = code.attrs["title"]
        assert title and title in code.text(), f"{code.text()!r} does not say {title!r}"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<input name="x">', "field without a label"),
        ('<select name="x"></select>', "field without a label"),
        ("<button></button>", "button without a name"),
        ('<a href="/x"></a>', "link without a name"),
        ("<table><tr><th>A</th></tr></table>", "table header without scope"),
        ('<table><tr><th scope="col"></th></tr></table>', "empty table header"),
        ('<img src="x.png">', "image without alt"),
        ("<svg></svg>", "chart without a text alternative"),
        ("<h3>Skipped a level</h3>", "heading h1 followed by h3"),
        ("<h1>Second</h1>", "want one h1"),
    ],
)
def test_the_checks_catch_what_they_look_for(html, expected):
    page = (
        '<html lang="en"><head><title>T</title></head><body><a href="#main">Skip</a>'
        '<header><nav></nav></header><main id="main"><h1>Page</h1>'
        f"{html}</main></body></html>"
    )
    assert any(expected in p for p in problems(page)), problems(page)
    clean = page.replace(html, "")
    assert problems(clean) == []
