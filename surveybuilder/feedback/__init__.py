"""You said, we did: feedback to residents on how their input was used.

`decisions` keeps the "You said" items and their "We did" decisions, publishes them and
logs every later change of status; `figures` pulls the (always suppressed) numbers in
from `results`; `publication` writes the static folder a council uploads; `hear_back`
finds the residents who asked to be told, e-mails them, lists them for letters and
forgets them afterwards; `archive` searches past consultations and their outcomes.
No Flask: the web pages and the CLI call the same functions.
"""
