"""Spoken questions: each question of a published version read aloud, for residents
who find reading hard (issue 13, docs/decisions/0014-spoken-questions.md).

    scripts.py   what is said for a question in a format: the words the page shows
    voice.py     the voice (espeak-ng, British English, a calm rate) and running it
    wav.py       reading a WAV file's header: is it one, and how long it lasts
    jobs.py      the background job that speaks a newly published version
    folder.py    every recording of the live version as files for a CD or USB stick
    tidying.py   deleting recordings no live version uses (`surveybuilder tidy`)

A recording is kept in the file store (surveybuilder/files) under a key made from what
it says and how (`audio/<consultation>/<digest>.wav`), so the same words are spoken
once: a second publish of an unchanged version, or standard and large print (which say
the same), draw nothing new. Nothing here imports Flask; the web side is
surveybuilder/respond/listening.py.
"""
