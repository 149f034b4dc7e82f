"""What the browser journeys do over and over: log in, fetch a linked file, read a QR code,
ask axe, measure overflow and weight."""

import pypdfium2
import zxingcpp
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import PASSWORD

WIDE = {"width": 1280, "height": 900}
NARROW = {"width": 360, "height": 780}
SERIOUS = ("critical", "serious")

_axe = Axe()


def log_in(page, base: str, username: str, password: str = PASSWORD) -> None:
    """Through the login form, as a person would."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tài khoản đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def fetch(page, link) -> bytes:
    """The file behind a link (a PDF the browser would show in its viewer), with the page's
    cookies; the link's own address, so a wrong href fails here."""
    href = link.get_attribute("href")
    response = page.request.get(page.url if not href else _absolute(page, href))
    assert response.ok, f"{href}: {response.status}"
    return response.body()


def _absolute(page, href: str) -> str:
    return page.evaluate("href => new URL(href, document.baseURI).href", href)


def download(page, link) -> tuple[str, bytes]:
    """Click a link that downloads a file; its name and bytes."""
    with page.expect_download() as info:
        link.click()
    file = info.value
    with open(file.path(), "rb") as handle:
        return file.suggested_filename, handle.read()


def qr_codes(pdf: bytes, page_index: int = 0) -> list[str]:
    image = pypdfium2.PdfDocument(pdf)[page_index].render(scale=150 / 72).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def axe_violations(page) -> list[str]:
    """Critical and serious violations axe-core finds on the page as it is now, one line each."""
    results = _axe.run(page)
    return [
        f"{page.url} {violation['impact']} {violation['id']}: "
        + "; ".join(node["html"][:120] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def overflow(page) -> tuple[int, int]:
    """(document width, window width): the first larger means a sideways scroll bar."""
    return tuple(page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]"))


# On a narrow screen a table becomes one card per row: a cell without data-label shows a bare
# value ("05/12/2026", "0") under a column heading that is no longer there.
_UNLABELLED_CELLS = """() => [...document.querySelectorAll('.table-wrap table')].flatMap(table => {
  const heads = [...table.querySelectorAll('thead th')].map(
    th => th.querySelector('.visually-hidden') ? '' : th.textContent.trim());
  return [...table.querySelectorAll('tbody tr')].flatMap(row => [...row.children]
    .map((cell, i) => cell.hasAttribute('data-label') || cell.hasAttribute('colspan') ? '' : heads[i])
    .filter(Boolean));
})"""


def unlabelled_cells(page) -> list[str]:
    """Column headings of table cells that lose their heading on a phone."""
    return sorted(set(page.evaluate(_UNLABELLED_CELLS)))


_DANGLING = """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby], [aria-controls]')]
  .flatMap(element => ['aria-describedby', 'aria-labelledby', 'aria-controls']
    .flatMap(name => (element.getAttribute(name) || '').split(/\\s+/).filter(Boolean))
    .filter(id => !document.getElementById(id)))"""


def dangling_references(page) -> list[str]:
    """Ids named by aria-describedby, -labelledby or -controls that no element has (axe only
    lists these as needing review)."""
    return page.evaluate(_DANGLING)
