"""Link previews (``dashboard.preview``): the Open Graph and Twitter tags of every page, the
1200x630 preview image, and oEmbed, through ``app.server.test_client()`` on the bundled
Aleppo scenario (and the multi-battle server on the two small fixtures).

Tags are read back with the standard library's HTML parser, so a test sees the values a
crawler sees (entities decoded) and an unescaped quote would break the parse.
"""

from __future__ import annotations

import json
import re
import struct
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from werkzeug.test import Client

import dashboard.export as export
from dashboard.app import create_app
from dashboard.describe import changes_since, holdings
from dashboard.downloads import PROCESS_GATE
from dashboard.multi import create_server
from dashboard.preview import IMAGE_SIZE, Preview, describe_view, frame_size, head_tags
from dashboard.viewdata import load_view_data
from dashboard.views import View, find_district, name_key

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOST = "http://localhost/"


@pytest.fixture(scope="module")
def data():
    return load_view_data()


@pytest.fixture(scope="module")
def app(data):
    return create_app(data)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("FRONTLINE_CACHE_DIR", str(folder))
    monkeypatch.delenv("FRONTLINE_CACHE", raising=False)
    return folder


@pytest.fixture
def client(app, cache):
    return app.server.test_client()


class _Head(HTMLParser):
    """The ``<meta>`` and ``<link>`` tags of a page's head, by property/name and rel."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []
        self.in_head = True

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if not self.in_head:
            return
        if tag == "meta" and ("property" in a or "name" in a):
            key = a.get("property") or a["name"]
            assert key not in self.meta, f"{key} twice"
            self.meta[key] = a.get("content", "")
        elif tag == "link":
            self.links.append(a)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def head_of(text: str) -> _Head:
    parser = _Head()
    parser.feed(text)
    return parser


def _tags(client, url: str) -> _Head:
    r = client.get(url)
    assert r.status_code == 200, r.text
    return head_of(r.get_data(as_text=True))


def _oembed_link(head: _Head) -> str:
    [link] = [x for x in head.links if x.get("type") == "application/json+oembed"]
    assert link["rel"] == "alternate"
    return link["href"]


def _day(data, date: str) -> int:
    return data["payload"]["dates"].index(date)


# --- the tags of each page ----------------------------------------------------------------------


def test_the_dashboard_page_carries_the_tags_of_its_day(client, data):
    head = _tags(client, "/?date=2016-12-06")
    m = head.meta
    title = "Aleppo offensive, 6 December 2016 — Frontline Atlas"
    assert m["og:title"] == m["twitter:title"] == title
    assert m["og:type"] == "website" and m["og:site_name"] == "Frontline Atlas"
    assert m["og:url"] == HOST + "?date=2016-12-06"
    assert m["og:image"] == m["twitter:image"] == HOST + "preview/2016-12-06.png"
    assert (m["og:image:width"], m["og:image:height"]) == ("1200", "630")
    assert m["og:image:alt"] == data["payload"]["descriptions"][_day(data, "2016-12-06")]
    assert m["twitter:card"] == "summary_large_image"
    assert m["og:description"] == m["twitter:description"] == m["description"]
    assert m["og:description"].startswith("On 6 December 2016 Government and allies held")
    # oEmbed discovery names this page's canonical URL, absolute, in JSON.
    href = _oembed_link(head)
    assert href.startswith(HOST + "oembed?")
    query = parse_qs(urlsplit(href).query)
    assert query == {"url": [m["og:url"]], "format": ["json"]}
    assert [x["href"] for x in head.links if x.get("rel") == "canonical"] == [m["og:url"]]


def test_a_district_named_as_people_write_it_is_in_the_title_url_and_image(client):
    for name in ("Hanano", "Masakin Hanano", "هنانو", "hanano"):
        m = _tags(client, "/?date=2016-12-06&district=" + quote(name)).meta
        assert m["og:title"] == "Aleppo offensive, 6 December 2016: Hanano — Frontline Atlas"
        assert m["og:url"] == HOST + "?date=2016-12-06&district=hanano"
        assert m["og:image"] == HOST + "preview/2016-12-06.png?district=hanano"
        assert m["og:description"].startswith(
            "On 6 December 2016 Hanano was held by Government and allies; in all,"
        )


def test_the_palette_and_compare_views_have_their_own_tags(client):
    m = _tags(client, "/?date=2016-12-06&palette=colourblind&compare=2016-11-26").meta
    assert m["og:url"] == HOST + "?date=2016-12-06&compare=2016-11-26&palette=colourblind"
    assert m["og:image"] == HOST + "preview/2016-12-06.png?palette=colourblind"
    assert m["og:title"] == (
        "Aleppo offensive, changes 26 November 2016 → 6 December 2016 — Frontline Atlas"
    )
    assert "since 26 November 2016, " in m["og:description"]


def test_hostile_and_bad_parameters_fall_back_and_are_never_echoed(client):
    hostile = (
        '/?date="><script>alert(1)</script>&district=<img src=x onerror=alert(1)>'
        "&palette='\"><b>&compare=2016-02-30&story=x"
    )
    r = client.get(hostile)
    assert r.status_code == 200
    page_head = r.get_data(as_text=True).split("</head>", 1)[0]
    assert "alert(1)" not in page_head and "<b>" not in page_head
    m = head_of(r.get_data(as_text=True)).meta
    assert m["og:url"] == HOST + "?date=2016-11-15"  # the first day, as the page shows
    assert m["og:title"] == "Aleppo offensive, 15 November 2016 — Frontline Atlas"
    # A real date outside the battle is clamped into it, as the page does.
    assert _tags(client, "/?date=2017-05-01").meta["og:url"] == HOST + "?date=2016-12-22"


def test_every_value_is_escaped_for_an_attribute():
    nasty = "A \"quoted\" <b>name</b> & 'apostrophes'"
    preview = Preview(title=nasty, description=nasty + ".", image_alt=nasty, view=View())
    payload = {"dates": ["2016-11-15"]}
    text = head_tags(preview, 'http://h/"x/', payload)
    assert "<b>" not in text and '"quoted"' not in text and '/"x/' not in text
    m = head_of(text).meta
    assert m["og:title"] == m["twitter:title"] == m["og:image:alt"] == nasty
    assert m["og:url"] == 'http://h/"x/?date=2016-11-15'


def test_embed_carries_the_tags_and_its_etag_follows_the_view(client):
    r = client.get("/embed?date=2016-12-06&district=hanano&controls=full")
    m = head_of(r.get_data(as_text=True)).meta
    assert m["og:url"] == HOST + "embed?date=2016-12-06&district=hanano"
    assert m["og:image"] == HOST + "preview/2016-12-06.png?district=hanano"
    assert "Hanano" in m["og:title"]
    again = client.get(
        "/embed?date=2016-12-06&district=hanano&controls=full",
        headers={"If-None-Match": r.headers["ETag"]},
    )
    assert again.status_code == 304
    other = client.get("/embed?date=2016-12-07", headers={"If-None-Match": r.headers["ETag"]})
    assert other.status_code == 200 and other.headers["ETag"] != r.headers["ETag"]


def test_sources_page_carries_tags_and_is_a_link_for_oembed(client):
    head = _tags(client, "/sources")
    m = head.meta
    assert m["og:title"] == "Sources of the Aleppo offensive map — Frontline Atlas"
    assert m["og:url"] == HOST + "sources"
    assert re.fullmatch(
        r"The \d+ documents behind the map “.+”, each with .+\.", m["og:description"]
    )
    assert m["og:image"] == HOST + "preview/2016-11-15.png"
    answer = client.get(_oembed_link(head).replace(HOST, "/")).get_json()
    assert answer["type"] == "link" and "html" not in answer
    assert answer["title"] == m["og:title"]


# --- the description ------------------------------------------------------------------------------


def test_the_description_is_one_sentence_from_the_data_and_differs_by_day(data):
    payload = data["payload"]
    texts = {}
    for date in ("2016-11-15", "2016-12-06", "2016-12-07", "2016-12-22"):
        day = _day(data, date)
        text = describe_view(data, {"date": date}).description
        assert text.endswith(".") and text.count(".") == 1, text  # one sentence
        held = holdings(payload, day)
        assert f"Government and allies held {held['government']} districts" in text
        assert f"Rebel groups {held.get('rebel', 0)}" in text
        changed = changes_since(payload, day)
        if changed:
            assert changed[0]["name"] in text
            assert f"{len(changed)} district" in text or "districts passed" in text
        texts[date] = text
    assert len(set(texts.values())) == len(texts)
    assert texts["2016-11-15"].endswith("; this is the first day shown.")


def test_names_are_matched_as_the_page_matches_them(data):
    payload = data["payload"]
    assert name_key("ash-Sheikh Maqsoud") == name_key("sheikh maqsoud") == "sheikh maqsoud"
    assert name_key("Sheikh Sa’eed") == name_key("sheikh saeed")
    assert find_district(payload, "Sheikh Maqsoud") == "sheikh-maqsoud"
    assert find_district(payload, "al-Ma'adi") == find_district(payload, "Maadi")
    assert find_district(payload, "nowhere") is None
    assert find_district(payload, "") is None


# --- oEmbed ---------------------------------------------------------------------------------------


def _iframe(markup: str) -> dict[str, str]:
    found: list[dict[str, str]] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "iframe":
                found.append({k: v or "" for k, v in attrs})

    P().feed(markup)
    [attrs] = found
    return attrs


def test_oembed_answers_a_rich_frame_of_the_same_view(client):
    url = HOST + "?date=2016-12-06&district=Hanano"
    r = client.get("/oembed?format=json&maxwidth=640&url=" + quote(url, safe=""))
    assert r.status_code == 200 and r.mimetype == "application/json"
    answer = json.loads(r.data)
    assert answer["version"] == "1.0" and answer["type"] == "rich"
    assert answer["provider_name"] == "Frontline Atlas" and answer["provider_url"] == HOST
    assert answer["title"] == "Aleppo offensive, 6 December 2016: Hanano — Frontline Atlas"
    assert (answer["width"], answer["height"]) == (640, 400)
    assert answer["thumbnail_url"] == HOST + "preview/2016-12-06.png?district=hanano"
    assert (answer["thumbnail_width"], answer["thumbnail_height"]) == IMAGE_SIZE
    frame = _iframe(answer["html"])
    assert frame["src"] == HOST + "embed?date=2016-12-06&district=hanano"
    assert (frame["width"], frame["height"]) == ("640", "400")
    assert frame["title"] == answer["title"] and frame["style"] == "border:0"


@pytest.mark.parametrize(
    ("limits", "size"),
    [
        ("", (960, 600)),
        ("&maxwidth=5000", (960, 600)),
        ("&maxheight=300", (480, 300)),
        ("&maxwidth=500&maxheight=500", (500, 312)),
        ("&maxwidth=800&maxheight=160", (256, 160)),
    ],
)
def test_oembed_size_respects_the_limits(client, limits, size):
    answer = client.get(f"/oembed?url={quote(HOST)}{limits}").get_json()
    assert (answer["width"], answer["height"]) == size
    frame = _iframe(answer["html"])
    assert (int(frame["width"]), int(frame["height"])) == size


def test_frame_size_never_exceeds_a_limit():
    for w in range(240, 1200, 37):
        for h in range(150, 900, 41):
            fw, fh = frame_size(w, h)
            assert fw <= w and fh <= h and abs(fh / fw - 0.625) < 0.01


def test_oembed_of_an_embed_url_keeps_its_playback_parameters(client):
    url = HOST + "embed?date=2016-12-01&controls=full&autoplay=1&palette=colourblind"
    answer = client.get("/oembed?url=" + quote(url, safe="")).get_json()
    src = _iframe(answer["html"])["src"]
    assert urlsplit(src).path == "/embed"
    assert parse_qs(urlsplit(src).query) == {
        "date": ["2016-12-01"],
        "palette": ["colourblind"],
        "controls": ["full"],
        "autoplay": ["1"],
    }


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/?date=2016-12-06",  # another host
        "http://localhost:8080/?date=2016-12-06",  # another port
        "https://localhost.example.org/",
        "ftp://localhost/",
        "http://localhost/download/still.png?date=2016-12-06",  # another path
        "http://localhost/nonsense",
        "http://localhost/embedded",
        "http://[::1/",  # unparseable
        "not a url",
        "javascript:alert(1)",
    ],
)
def test_oembed_refuses_urls_that_are_not_its_pages(client, url):
    r = client.get("/oembed?url=" + quote(url, safe=""))
    assert r.status_code == 404 and r.mimetype == "text/plain"
    assert r.text.count("\n") == 1 and "atlas" in r.text


@pytest.mark.parametrize("value", ["abc", "-5", "0", "12.5", "100", "9" * 12, ""])
def test_oembed_refuses_a_bad_maxwidth_with_one_line(client, value):
    r = client.get(f"/oembed?url={quote(HOST)}&maxwidth={quote(value)}")
    if value == "":  # an empty limit is no limit
        assert r.status_code == 200
        return
    assert r.status_code == 400 and r.mimetype == "text/plain"
    assert r.text.count("\n") == 1 and "maxwidth" in r.text


def test_oembed_formats_and_a_missing_url(client):
    assert client.get(f"/oembed?url={quote(HOST)}&format=xml").status_code == 501
    assert client.get(f"/oembed?url={quote(HOST)}&format=json").status_code == 200
    r = client.get("/oembed")
    assert r.status_code == 400 and "url=" in r.text


# --- the preview image -------------------------------------------------------------------------


def _png_size(body: bytes) -> tuple[int, int]:
    assert body[:8] == b"\x89PNG\r\n\x1a\n" and body[12:16] == b"IHDR"
    return struct.unpack(">II", body[16:24])


def test_og_image_urls_are_1200x630_pngs_cached_on_disk(client, cache, monkeypatch):
    images = {}
    for url in ("/?date=2016-12-06", "/?date=2016-12-10&district=hanano&palette=colourblind"):
        image = _tags(client, url).meta["og:image"]
        r = client.get(image.replace(HOST, "/"))
        assert r.status_code == 200 and r.mimetype == "image/png"
        assert _png_size(r.data) == (1200, 630)
        images[image] = (r.data, r.headers["ETag"])
    assert len({body for body, _ in images.values()}) == 2
    names = sorted(re.sub(r"[0-9a-f]{32}", "KEY", p.name) for p in cache.glob("preview*.png"))
    assert names == ["preview-KEY.png", "preview-d-KEY.png"]

    def no_render(*_a, **_k):
        raise AssertionError("a cached preview was rendered again")

    monkeypatch.setattr(export, "still_bytes", no_render)
    for image, (body, etag) in images.items():
        r = client.get(image.replace(HOST, "/"))
        assert r.status_code == 200 and r.data == body
        assert client.get(
            image.replace(HOST, "/"), headers={"If-None-Match": etag}
        ).status_code == (304)


def test_og_image_refuses_bad_parameters_and_answers_503_when_busy(client, monkeypatch):
    for url, word in [
        ("/preview/2016-13-01.png", "date"),
        ("/preview/2017-01-01.png", "date"),
        ("/preview/2016-12-06.png?district=nowhere", "district"),
        ("/preview/2016-12-06.png?palette=neon", "palette"),
        ("/preview/2016-12-06.png?size=big", "parameter"),
    ]:
        r = client.get(url)
        assert r.status_code == 400 and word in r.text and r.text.count("\n") == 1, url
    monkeypatch.setattr(export, "still_bytes", lambda *a, **k: b"not reached")
    held = 0
    try:
        while PROCESS_GATE._admitted.acquire(blocking=False):
            held += 1
        r = client.get("/preview/2016-12-05.png")
        assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    finally:
        for _ in range(held):
            PROCESS_GATE._admitted.release()


# --- several battles ----------------------------------------------------------------------------


def test_each_battle_answers_for_its_own_urls(cache):
    client = Client(create_server([FIXTURES / "two_sides", FIXTURES / "four_sides"]))
    page = client.get("/two-sides/?date=2031-03-02").get_data(as_text=True)
    m = head_of(page).meta
    assert m["og:url"] == HOST + "two-sides/?date=2031-03-02"
    assert m["og:image"] == HOST + "two-sides/preview/2031-03-02.png"
    href = _oembed_link(head_of(page))
    assert href.startswith(HOST + "two-sides/oembed?")
    url = quote(m["og:url"], safe="")
    own = client.get(href.replace(HOST, "/"))
    assert own.status_code == 200
    answer = json.loads(own.data)
    assert _iframe(answer["html"])["src"] == HOST + "two-sides/embed?date=2031-03-02"
    # Another battle's endpoint does not answer for it; the root one sends it to its battle.
    assert client.get(f"/four-sides/oembed?url={url}").status_code == 404
    assert json.loads(client.get(f"/oembed?url={url}").data) == answer
    assert client.get("/oembed?url=" + quote(HOST + "nine-sides/")).status_code == 404
    image = client.get(m["og:image"].replace(HOST, "/"))
    assert image.status_code == 200 and _png_size(image.data) == (1200, 630)


def test_a_story_step_previews_its_caption_and_view():
    from dashboard.app import create_app
    from dashboard.preview import describe_view
    from dashboard.viewdata import load_view_data

    data = load_view_data(None)
    story = data["payload"]["stories"]["how-the-east-fell"]
    step = story["steps"][2]
    preview = describe_view(data, {"story": "how-the-east-fell", "step": "3"})
    assert preview.description == step["caption"]
    assert preview.title.startswith(f"{step['title']} (3/{len(story['steps'])}) · ")
    assert data["payload"]["dates"][preview.view.day] == step["date"]
    assert preview.view.district == step["focus"] == "hanano"
    # A step out of range is the nearest step; an unknown story is the plain view.
    last = describe_view(data, {"story": "how-the-east-fell", "step": "99"})
    assert last.description == story["steps"][-1]["caption"]
    assert describe_view(data, {"story": "nope", "date": "2016-12-06"}).view.story is None
    page = create_app().server.test_client().get("/?story=how-the-east-fell&step=3")
    html = page.get_data(as_text=True)
    assert (
        'property="og:url" content="http://localhost/?story=how-the-east-fell&amp;step=3"' in html
    )
    assert "/preview/2016-11-26.png?district=hanano" in html
