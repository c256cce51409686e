"""Consultation documents (issue 16, item 4): staff attach what people need to read;
uploads are judged by content and size; the start page lists each GOV.UK-style ("PDF,
3 KB, 3 pages") with its easy-read version and a way to ask for another format; files
are served with their own content type, nosniff, and as downloads unless PDF or picture.
"""

from __future__ import annotations

import io
import re
import zipfile

import pikepdf
import pytest
from support.browser import and_wait, assert_usable

from surveybuilder.consultations.documents import DOCX, ODT, PDF, PNG, kind_of

PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
             b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01"
             b"\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def pdf_of(pages: int) -> bytes:
    document = pikepdf.new()
    for _ in range(pages):
        document.add_blank_page()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zipped(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


DOCX_BYTES = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
ODT_BYTES = zipped({"mimetype": b"application/vnd.oasis.opendocument.text",
                    "content.xml": b"<office/>"})


def attach(client, consultation, title="Proposed changes to Victoria Park",
           file=("proposal.pdf", None), easy=None):
    name, data = file
    form = {"title": title, "file": (io.BytesIO(pdf_of(3) if data is None else data), name)}
    if easy:
        form["easy_read_file"] = (io.BytesIO(easy[1]), easy[0])
    return client.post(f"/staff/consultations/{consultation.id}/documents", data=form,
                       content_type="multipart/form-data")


def test_kinds_are_judged_by_content():
    assert kind_of(pdf_of(1)) == PDF
    assert kind_of(PNG_BYTES) == PNG
    assert kind_of(DOCX_BYTES) == DOCX
    assert kind_of(ODT_BYTES) == ODT
    assert kind_of(b"<html><script>alert(1)</script></html>") is None
    assert kind_of(b'<svg xmlns="http://www.w3.org/2000/svg"/>') is None
    assert kind_of(zipped({"readme.txt": b"hi"})) is None


def test_attached_documents_are_listed_on_the_start_page(editor_client, client, open_park):
    reply = attach(editor_client, open_park, easy=("proposal-easy-read.pdf", pdf_of(5)))
    assert reply.status_code == 302, reply.get_data(as_text=True)
    attach(editor_client, open_park, title="Map of the park", file=("map.png", PNG_BYTES))
    html = client.get(f"/c/{open_park.slug}").get_data(as_text=True)
    assert "Documents to read" in html
    assert re.search(r'<a class="govuk-link govuk-!-font-weight-bold" href="/c/'
                     rf'{open_park.slug}/documents/\d+/proposal.pdf">Proposed changes to '
                     r"Victoria Park</a>", html)
    assert re.search(r"PDF, \d KB, 3 pages", html)
    assert re.search(r"Easy read version<span[^>]*>: Proposed changes to Victoria Park"
                     r"</span></a> \(PDF, \d KB, 5 pages\)", html)
    assert "PNG image, 1 KB" in html
    assert ('href="mailto:parks@example.gov.uk?subject=Proposed%20changes%20to%20Victoria'
            '%20Park">Ask for this document in another format') in html
    easy = client.get(f"/c/{open_park.slug}?format=easy-read").get_data(as_text=True)
    assert "Things to read" in easy and "Picture, 1 KB" in easy


def test_documents_are_served_safely(editor_client, client, open_park):
    attach(editor_client, open_park)
    attach(editor_client, open_park, title="Plan", file=("plan.docx", DOCX_BYTES))
    html = client.get(f"/c/{open_park.slug}").get_data(as_text=True)
    pdf_link, docx_link = re.findall(r'href="(/c/[^"]+/documents/[^"]+)"', html)
    pdf = client.get(pdf_link)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-")
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    assert pdf.headers["Content-Disposition"].startswith("inline")
    docx = client.get(docx_link)
    assert docx.headers["Content-Type"] == DOCX.type
    assert docx.headers["Content-Disposition"].startswith("attachment")
    assert docx.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(pdf_link.replace("proposal.pdf", "proposal.html")).status_code == 404


@pytest.mark.parametrize(("name", "data", "message"), [
    ("proposal.pdf", b"<html><body>not a pdf</body></html>", "This file is none of these"),
    ("map.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "This file is none of these"),
    ("proposal.docx", None,
     "The file is a PDF, but its name does not say so. Rename it to end in .pdf"),
    ("broken.pdf", b"%PDF-1.7\nnot really", "The PDF could not be opened"),
])
def test_wrong_files_are_refused_and_the_title_kept(editor_client, open_park, name, data,
                                                    message):
    reply = attach(editor_client, open_park, file=(name, data))
    html = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert message in html
    assert 'value="Proposed changes to Victoria Park"' in html  # what was typed is kept
    assert "No documents yet." in html


def test_size_is_limited_by_the_setting(app, editor_client, open_park):
    app.config["DOCUMENT_MAX_MB"] = 0.0001  # 100 bytes
    html = attach(editor_client, open_park).get_data(as_text=True)
    assert "The file must be smaller than 0.0001 MB (the DOCUMENT_MAX_MB setting)" in html


def test_title_and_file_are_asked_for(editor_client, open_park):
    reply = editor_client.post(f"/staff/consultations/{open_park.id}/documents", data={},
                               content_type="multipart/form-data")
    html = reply.get_data(as_text=True)
    assert "Enter the document&#39;s title" in html and "Choose the document to attach" in html


def test_removing_a_document_deletes_it_everywhere(editor_client, client, open_park, app):
    attach(editor_client, open_park)
    html = client.get(f"/c/{open_park.slug}").get_data(as_text=True)
    link = re.search(r'href="(/c/[^"]+/documents/(\d+)/[^"]+)"', html)
    reply = editor_client.post(
        f"/staff/consultations/{open_park.id}/documents/{link.group(2)}/remove")
    assert reply.status_code == 302
    assert "Documents to read" not in client.get(f"/c/{open_park.slug}").get_data(as_text=True)
    assert client.get(link.group(1)).status_code == 404
    assert app.extensions["file_store"].list(f"documents/{open_park.id}") == []


def test_drafts_and_other_organisations_documents_stay_private(
        editor_client, client, make_consultation, organisation, make_org, make_user,
        open_park):
    draft = make_consultation(organisation, slug="a-draft")
    attach(editor_client, draft)
    listing = editor_client.get(f"/staff/consultations/{draft.id}/documents"
                                ).get_data(as_text=True)
    document_id = re.search(r"/documents/(\d+)/remove", listing).group(1)
    assert client.get(f"/c/a-draft/documents/{document_id}/proposal.pdf").status_code == 404
    from conftest import sign_in
    other = make_org("dudley-council", "Dudley Council")
    make_user(other, "someone@dudley.example.gov.uk")
    editor_client.post("/sign-out")
    sign_in(client, "someone@dudley.example.gov.uk")
    assert client.get(f"/staff/consultations/{open_park.id}/documents").status_code == 404
    assert attach(client, open_park).status_code == 404


def test_documents_page_in_a_browser(signed_in_browser, live_server, open_park):
    from selenium.webdriver.common.by import By
    driver = signed_in_browser
    driver.get(f"{live_server}/staff/consultations/{open_park.id}")
    and_wait(driver, driver.find_element(By.LINK_TEXT, "Documents people need to read"))
    assert_usable(driver, "documents page")
    and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert driver.title.startswith("Error: ")
    assert_usable(driver, "documents page with errors")
    driver.find_element(By.ID, "title").send_keys("Map of the park")
    path = __import__("pathlib").Path(__import__("tempfile").mkdtemp()) / "map.png"
    path.write_bytes(PNG_BYTES)
    driver.find_element(By.ID, "file").send_keys(str(path))
    and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert "Map of the park" in driver.find_element(By.TAG_NAME, "main").text
    assert_usable(driver, "documents page with a document")
    driver.get(f"{live_server}/c/{open_park.slug}")
    assert_usable(driver, "start page with documents")
