"""The about page states the confidentiality promise in both languages and links the model."""

from __future__ import annotations

from feedback import PROJECT_ROOT


def test_about_page_in_english_and_dutch_links_the_model(client):
    english = client.get("/about", headers={"Accept-Language": "en"}).get_data(as_text=True)
    dutch = client.get("/about", headers={"Accept-Language": "nl"}).get_data(as_text=True)
    assert "Nobody can learn what you answered" in english
    assert "Niemand kan te weten komen wat jij antwoordde" in dutch
    for page in (english, dutch):
        assert 'href="/about/confidentiality.md"' in page


def test_the_model_itself_is_served_as_written(client):
    response = client.get("/about/confidentiality.md")
    assert response.status_code == 200
    written = (PROJECT_ROOT / "docs" / "confidentiality.md").read_text(encoding="utf-8")
    assert response.get_data(as_text=True) == written
    for heading in ("## In short (English)", "## Kort (Nederlands)", "## The rules", "## Limits"):
        assert heading in written


def test_every_page_links_the_about_page(client):
    login = client.get("/login").get_data(as_text=True)
    assert 'href="/about"' in login
