"""Printed forms: a published survey version drawn as an A4 PDF for pen and paper.

The pipeline runs in stages, one module each, every stage handing a value to the next
and none reading Flask request state (the web, the CLI and the benchmark share it):

    formats.py   which print format: standard, easy read or large print, and its sizes
    document.py  definition + format → the printed document (numbered questions,
                 routing written as instructions, answer boxes with ids) → HTML
    pdf.py       HTML → tagged PDF (WeasyPrint, pdf/ua-1) and where each box landed
    geometry.py  those positions → the layout file a scanner reads (JSON)
    marks.py     corner registration marks and a QR code stamped on every page,
                 per copy (pikepdf); the QR payload format is documented there
    render.py    the stages joined: one call gives the PDF and its layout
    cache.py     rendered files kept in the file store, once per version, format,
                 size and copies
    jobs.py      background jobs that draw them, queued when a version is published
"""
