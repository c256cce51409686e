"""Reading scanned paper forms: page images in, a report of what each page and each
question says out, with every doubt left for a person.

The pipeline runs in stages, one module each, every stage handing a value to the next
and none reading Flask request state (the command line, the staff pages and the
benchmark share it). After SDAPS's pipeline (setup, stamp, recognise, review,
report), the setup and stamp being surveybuilder/printing:

    images.py    the files given: checked to be images or PDFs by their content, within
                 size and page limits, then decoded into greyscale pages
    locating.py  a page's QR code (any rotation), its corner marks, and the transform
                 from the page's millimetres to the image's pixels
    marks.py     each box of the page's own layout read in greyscale: empty, ticked,
                 cancelled (filled in) or doubtful, with thresholds that follow box size
    copies.py    pages put together into copies of a form: by copy number, or by page
                 order for unnumbered forms; duplicates, missing pages, pages of another
                 consultation and pages that are not our forms
    answers.py   a copy's marks turned into answers by each question type's own rules
                 (the type contract), with routing; any conflict is a doubt
    report.py    per page and per question: what was read, how sure, what a person
                 must look at (with cropped images of writing boxes and doubtful marks)
    reading.py   the stages joined, with layouts from the file store and each page's
                 own survey version from the database

Nothing here stores a response: a person confirms each form (docs/scanning.md).
"""
