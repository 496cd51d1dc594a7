"""The index page follows the view a URL asks for through the app's page parts."""

from dashboard.app import PagePart, create_app, with_parts


def test_parts_add_head_tags_and_replace_the_loading_placeholder():
    app = create_app()
    app.page_parts = (
        lambda args: PagePart(head=f'<meta name="t" content="{args.get("date", "none")}">'),
        lambda args: PagePart(entry='<svg id="first"></svg>'),
    )
    page = app.server.test_client().get("/?date=2016-12-06").get_data(as_text=True)
    head, body = page.split("</head>", 1)
    assert '<meta name="t" content="2016-12-06">' in head
    assert '<div id="react-entry-point">\n    <svg id="first"></svg>\n</div>' in body
    assert "_dash-loading" not in body


def test_no_parts_leave_the_page_as_dash_made_it():
    html = '<html><head></head><body><div class="_dash-loading">Loading...</div></body></html>'
    assert with_parts(html, []) == html
    assert with_parts(html, [PagePart(head="<x>")]).count("<x></head>") == 1
